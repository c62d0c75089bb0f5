import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';

/** A problem in `.incident-desk/policy.yaml`, 0-based line for the Problems panel. */
export interface PolicyDiagnostic {
  severity: 'error' | 'warning';
  message: string;
  line: number;
}

/**
 * What a policy section reads its YAML with. Problems are collected, never thrown,
 * so one pass lists every mistake in the file with its line. Errors make the whole
 * default policy apply; warnings (an unknown key) leave the file in force, because a
 * policy written for a newer release must not switch a team back to the defaults.
 */
export class PolicyReadContext {
  readonly diagnostics: PolicyDiagnostic[] = [];

  constructor(private readonly lines: LineCounter) {}

  lineOf(node: Node | null | undefined, fallback = 0): number {
    return node?.range ? this.lines.linePos(node.range[0]).line - 1 : fallback;
  }

  error(message: string, node?: Node | null): void {
    this.diagnostics.push({ severity: 'error', message, line: this.lineOf(node) });
  }

  warn(message: string, node?: Node | null): void {
    this.diagnostics.push({ severity: 'warning', message, line: this.lineOf(node) });
  }

  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }

  /**
   * The pairs of a mapping by key; unknown keys are warned about against `known`.
   * Undefined (reported as an error) when the node is not a mapping.
   */
  mapping(node: Node | null | undefined, where: string, known: readonly string[]): Map<string, { key: Node; value: Node | null }> | undefined {
    if (!isMap(node)) {
      this.error(`${where}: expected a mapping (key: value lines).`, node);
      return undefined;
    }
    const entries = new Map<string, { key: Node; value: Node | null }>();
    for (const pair of (node as YAMLMap<Node, Node | null>).items as Pair<Node, Node | null>[]) {
      const key = keyText(pair);
      if (!known.includes(key)) this.warn(`${where}: unknown key \`${key}\`; expected one of ${known.join(', ')}.`, pair.key);
      else entries.set(key, { key: pair.key, value: pair.value });
    }
    return entries;
  }

  sequence(node: Node | null | undefined): Node[] | undefined {
    return isSeq(node) ? (node.items as Node[]) : undefined;
  }
}

export function keyText(pair: Pair<Node, unknown>): string {
  return String(isScalar(pair.key) ? pair.key.value : pair.key);
}

export function scalarValue(node: Node | null | undefined): unknown {
  return isScalar(node) ? node.value : node === null || node === undefined ? null : node;
}
