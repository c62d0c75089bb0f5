import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';

/**
 * What a config section reads its YAML with: typed accessors that report a problem
 * at the node's own line and column instead of throwing, so one run lists every
 * mistake in the file.
 */
export class ReadContext {
  private readonly found: { at: number; text: string }[] = [];

  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
    /** Relative paths in the file (data folders, secret files) are relative to it. */
    readonly baseDir: string,
  ) {}

  /** `FILE:LINE:COL: message`, the form editors and terminals turn into links. */
  report(node: Node | null | undefined, message: string, offset?: number): void {
    const at = offset ?? node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(at);
    this.found.push({ at, text: `${this.file}:${line}:${col}: ${message}` });
  }

  /** Every problem so far, in the order they appear in the file. */
  get problems(): string[] {
    return [...this.found].sort((a, b) => a.at - b.at).map((problem) => problem.text);
  }

  /** The pairs of a mapping, reporting unknown keys against `known`; undefined (reported) when it is not a mapping. */
  mapping(node: Node | null | undefined, where: string, known: readonly string[]): Map<string, Node | null> | undefined {
    if (!isMap(node)) {
      this.report(node, `${where} must be a mapping (key: value lines).`);
      return undefined;
    }
    const entries = new Map<string, Node | null>();
    for (const pair of (node as YAMLMap<Node, Node | null>).items as Pair<Node, Node | null>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined || !known.includes(key)) {
        this.report(pair.key, `${where} has an unknown key '${key ?? '?'}'; known: ${known.join(', ')}.`);
        continue;
      }
      entries.set(key, pair.value);
    }
    return entries;
  }

  sequence(node: Node | null | undefined, where: string): (Node | null)[] | undefined {
    if (isSeq(node)) return node.items as (Node | null)[];
    this.report(node, `${where} must be a list (lines starting with "- ").`);
    return undefined;
  }

  string(node: Node | null | undefined, where: string): string | undefined {
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return node.value;
    this.report(node, `${where} must be a non-empty string.`);
    return undefined;
  }

  integer(node: Node | null | undefined, where: string, min: number, max: number): number | undefined {
    if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= min && node.value <= max) return node.value;
    this.report(node, `${where} must be a whole number from ${min} to ${max}.`);
    return undefined;
  }

  boolean(node: Node | null | undefined, where: string): boolean | undefined {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.report(node, `${where} must be true or false.`);
    return undefined;
  }
}
