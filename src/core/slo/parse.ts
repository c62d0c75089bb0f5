import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node, type Pair, type YAMLMap } from 'yaml';
import { parseDuration } from '../incidents/duration';
import type { SloDefinition, SloProblem } from './types';

/**
 * Reads OpenSLO v1 documents (one file may hold several, separated by `---`) into the
 * SLOs Incident Desk can compute: `kind: SLO`, `budgetingMethod: Occurrences`, a rolling
 * `timeWindow`, an inline `indicator` with a `ratioMetric` of Prometheus queries
 * (`good` or `bad`, and `total`) and one objective with a `target`.
 *
 * Plain YAML only: no custom tags, no duplicate keys, no aliases. The documents are read
 * node by node and never expanded to JS, so an alias bomb costs nothing and every
 * problem has the line and column of the node that causes it.
 */
export interface SloFileResult {
  slos: SloDefinition[];
  problems: SloProblem[];
}

const MAX_DOCUMENTS = 200;
const MIN_WINDOW_MS = 60_000;
/** OpenSLO names follow RFC 1123 labels; Prometheus label values take anything, the rules file does not need more. */
const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function parseSloFile(text: string, file: string): SloFileResult {
  const lines = new LineCounter();
  const reader = new Reader(lines);
  const docs = parseAllDocuments(text.replace(/^\uFEFF/, ''), { lineCounter: lines, customTags: [], prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) reader.errorAt(0, 'YAML: not a YAML stream.');
  const slos: SloDefinition[] = [];
  for (const [index, doc] of list.entries()) {
    if (index >= MAX_DOCUMENTS) {
      reader.errorAt(doc.range[0], `At most ${MAX_DOCUMENTS} documents in one file.`);
      break;
    }
    for (const problem of doc.errors) reader.errorAt(problem.pos[0], `YAML: ${problem.message.split('\n')[0]}`);
    for (const problem of doc.warnings) reader.warnAt(problem.pos[0], `YAML: ${problem.message.split('\n')[0]}`);
    if (doc.errors.length > 0) continue;
    const root = doc.contents as Node | null;
    if (root === null || (isScalar(root) && root.value === null)) continue;
    const slo = readDocument(root, reader, file);
    if (slo) slos.push(slo);
  }
  const names = new Map<string, SloDefinition>();
  for (const slo of slos) {
    const earlier = names.get(slo.name);
    if (earlier) reader.errorAt(lines.lineStarts[slo.source.line - 1] ?? 0, `Another SLO in this file is named \`${slo.name}\` (line ${earlier.source.line}).`);
    names.set(slo.name, slo);
  }
  return { slos: reader.hasErrors ? [] : slos, problems: reader.problems };
}

function readDocument(root: Node, reader: Reader, file: string): SloDefinition | undefined {
  const top = reader.mapping(root, 'The document', ['apiVersion', 'kind', 'metadata', 'spec']);
  if (!top) return undefined;
  const apiVersion = reader.string(top.get('apiVersion'), 'apiVersion', root);
  if (apiVersion !== undefined && apiVersion !== 'openslo/v1') reader.error(top.get('apiVersion'), `apiVersion: \`${apiVersion}\` is not supported; use openslo/v1.`);
  const kind = reader.string(top.get('kind'), 'kind', root);
  if (kind !== undefined && kind !== 'SLO') {
    // Service, SLI, AlertPolicy… documents may share the folder; only SLOs are computed.
    reader.warn(top.get('kind'), `kind: ${kind} is not computed by Incident Desk (only kind: SLO); skipped.`);
    return undefined;
  }
  const metadata = reader.mapping(top.get('metadata'), 'metadata', ['name', 'displayName', 'labels', 'annotations'], root);
  const name = reader.string(metadata?.get('name'), 'metadata.name', top.get('metadata') ?? root);
  if (name !== undefined && !NAME.test(name)) reader.error(metadata?.get('name'), 'metadata.name: lower-case letters, digits and `-`, at most 63, starting and ending with a letter or digit.');
  const displayName = reader.optionalString(metadata?.get('displayName'), 'metadata.displayName');

  const spec = reader.mapping(top.get('spec'), 'spec', ['description', 'service', 'indicator', 'indicatorRef', 'timeWindow', 'budgetingMethod', 'objectives', 'alertPolicies'], root);
  if (!spec) return undefined;
  const specNode = top.get('spec') ?? root;
  const description = reader.optionalString(spec.get('description'), 'spec.description');
  const service = reader.string(spec.get('service'), 'spec.service', specNode);
  if (spec.has('indicatorRef')) reader.error(spec.get('indicatorRef'), 'spec.indicatorRef: not supported; write the indicator inline (spec.indicator).');
  const ratio = readIndicator(spec.get('indicator'), reader, specNode);
  const window = readTimeWindow(spec.get('timeWindow'), reader, specNode);
  const method = reader.string(spec.get('budgetingMethod'), 'spec.budgetingMethod', specNode);
  if (method !== undefined && method !== 'Occurrences') reader.error(spec.get('budgetingMethod'), `spec.budgetingMethod: \`${method}\` is not supported; use Occurrences (good events over all events).`);
  const target = readObjectives(spec.get('objectives'), reader, specNode);

  if (name === undefined || service === undefined || !ratio || !window || target === undefined) return undefined;
  return {
    name,
    service,
    ...(displayName === undefined ? {} : { displayName }),
    ...(description === undefined ? {} : { description }),
    ...ratio,
    target,
    windowMs: window.ms,
    windowText: window.text,
    source: { file, line: reader.position(root).line },
  };
}

function readIndicator(node: Node | null | undefined, reader: Reader, parent: Node): { good?: string; bad?: string; total: string } | undefined {
  const indicator = reader.mapping(node, 'spec.indicator', ['metadata', 'spec'], parent);
  if (!indicator) return undefined;
  const spec = reader.mapping(indicator.get('spec'), 'spec.indicator.spec', ['ratioMetric', 'thresholdMetric'], node ?? parent);
  if (!spec) return undefined;
  if (spec.has('thresholdMetric')) {
    reader.error(spec.get('thresholdMetric'), 'spec.indicator.spec.thresholdMetric: not supported; use a ratioMetric (good or bad, and total).');
    return undefined;
  }
  const where = 'spec.indicator.spec.ratioMetric';
  const ratio = reader.mapping(spec.get('ratioMetric'), where, ['counter', 'good', 'bad', 'total', 'rawType', 'raw'], indicator.get('spec') ?? parent);
  if (!ratio) return undefined;
  const ratioNode = spec.get('ratioMetric') ?? parent;
  if (ratio.has('raw') || ratio.has('rawType')) reader.error(ratio.get('raw') ?? ratio.get('rawType'), `${where}.raw: not supported; give good or bad, and total.`);
  const counter = ratio.get('counter');
  if (counter !== undefined && !(isScalar(counter) && counter.value === true)) reader.error(counter, `${where}.counter: only counters are supported (counter: true).`);
  if (ratio.has('good') === ratio.has('bad')) {
    reader.error(ratioNode, `${where}: give exactly one of good and bad, and total.`);
    return undefined;
  }
  const total = readQuery(ratio.get('total'), `${where}.total`, reader, ratioNode);
  const good = ratio.has('good') ? readQuery(ratio.get('good'), `${where}.good`, reader, ratioNode) : undefined;
  const bad = ratio.has('bad') ? readQuery(ratio.get('bad'), `${where}.bad`, reader, ratioNode) : undefined;
  if (total === undefined || (good === undefined && bad === undefined)) return undefined;
  return good !== undefined ? { good, total } : { bad: bad as string, total };
}

/** `metricSource: { type: Prometheus, spec: { query: … } }`. */
function readQuery(node: Node | null | undefined, where: string, reader: Reader, parent: Node): string | undefined {
  const metric = reader.mapping(node, where, ['metricSource'], parent);
  const source = reader.mapping(metric?.get('metricSource'), `${where}.metricSource`, ['type', 'metricSourceRef', 'spec'], node ?? parent);
  if (!source) return undefined;
  const sourceNode = metric?.get('metricSource') ?? parent;
  const type = reader.string(source.get('type'), `${where}.metricSource.type`, sourceNode);
  if (type !== undefined && type.toLowerCase() !== 'prometheus') reader.error(source.get('type'), `${where}.metricSource.type: \`${type}\` is not supported; use Prometheus.`);
  const spec = reader.mapping(source.get('spec'), `${where}.metricSource.spec`, ['query'], sourceNode);
  const query = reader.string(spec?.get('query'), `${where}.metricSource.spec.query`, source.get('spec') ?? sourceNode);
  if (query === undefined) return undefined;
  const problem = queryProblem(query);
  if (problem) {
    reader.error(spec?.get('query'), `${where}.metricSource.spec.query: ${problem}`);
    return undefined;
  }
  return query.trim();
}

/**
 * A query is either a counter selector (`http_requests_total{code!~"5.."}`), summed over
 * a window as `sum(increase(Q[W]))`, or an expression counting events over
 * `{{window}}` itself (`sum(increase(x[{{window}}])) by (…)` reduced to one series).
 */
export function queryProblem(query: string): string | undefined {
  if (query.includes('{{window}}')) return undefined;
  if (isCounterSelector(query.trim())) return undefined;
  return 'expected a counter selector such as http_requests_total{code!~"5.."}, or an expression with [{{window}}] that counts events over the window.';
}

export function isCounterSelector(query: string): boolean {
  return /^[A-Za-z_:][A-Za-z0-9_:]*\s*(\{([^{}"]|"([^"\\]|\\.)*")*\})?$/.test(query) || /^\{([^{}"]|"([^"\\]|\\.)*")*\}$/.test(query);
}

function readTimeWindow(node: Node | null | undefined, reader: Reader, parent: Node): { ms: number; text: string } | undefined {
  if (!isSeq(node) || node.items.length !== 1) {
    reader.error(node ?? parent, 'spec.timeWindow: expected one window, e.g. `- { duration: 28d, isRolling: true }`.');
    return undefined;
  }
  const item = node.items[0] as Node;
  const entries = reader.mapping(item, 'spec.timeWindow[0]', ['duration', 'isRolling', 'calendar'], node);
  if (!entries) return undefined;
  if (entries.has('calendar') || !(isScalar(entries.get('isRolling')) && (entries.get('isRolling') as { value: unknown }).value === true)) {
    reader.error(entries.get('isRolling') ?? item, 'spec.timeWindow[0]: only rolling windows are supported (isRolling: true).');
  }
  const text = reader.string(entries.get('duration'), 'spec.timeWindow[0].duration', item);
  if (text === undefined) return undefined;
  const ms = /^\d+[mhdw]$/.test(text) ? parseWindow(text) : undefined;
  if (ms === undefined || ms < MIN_WINDOW_MS) {
    reader.error(entries.get('duration'), 'spec.timeWindow[0].duration: expected a whole number of minutes, hours, days or weeks, such as 28d or 30d.');
    return undefined;
  }
  return { ms, text };
}

function parseWindow(text: string): number | undefined {
  if (text.endsWith('w')) return Number(text.slice(0, -1)) * 7 * 86_400_000;
  return parseDuration(text);
}

function readObjectives(node: Node | null | undefined, reader: Reader, parent: Node): number | undefined {
  if (!isSeq(node) || node.items.length === 0) {
    reader.error(node ?? parent, 'spec.objectives: expected a list with one objective, e.g. `- target: 0.995`.');
    return undefined;
  }
  if (node.items.length > 1) reader.error(node.items[1] as Node, 'spec.objectives: one objective per SLO; write another SLO for another target.');
  const item = node.items[0] as Node;
  const entries = reader.mapping(item, 'spec.objectives[0]', ['displayName', 'target', 'targetPercent', 'value', 'op'], node);
  if (!entries) return undefined;
  const target = entries.get('target');
  const percent = entries.get('targetPercent');
  if (target !== undefined) {
    const value = isScalar(target) ? target.value : undefined;
    if (typeof value === 'number' && value > 0 && value < 1) return value;
    reader.error(target, 'spec.objectives[0].target: expected a fraction between 0 and 1, such as 0.995.');
    return undefined;
  }
  if (percent !== undefined) {
    const value = isScalar(percent) ? percent.value : undefined;
    if (typeof value === 'number' && value > 0 && value < 100) return value / 100;
    reader.error(percent, 'spec.objectives[0].targetPercent: expected a percentage between 0 and 100, such as 99.5.');
    return undefined;
  }
  reader.error(item, 'spec.objectives[0]: expected a target (a fraction such as 0.995).');
  return undefined;
}

/** Collects problems with their positions; refuses aliases wherever a value is read. */
class Reader {
  private readonly found: { at: number; problem: SloProblem }[] = [];

  constructor(private readonly lines: LineCounter) {}

  get problems(): SloProblem[] {
    return [...this.found].sort((a, b) => a.at - b.at).map((entry) => entry.problem);
  }

  get hasErrors(): boolean {
    return this.found.some((entry) => entry.problem.severity === 'error');
  }

  position(node: Node | null | undefined): { line: number; col: number } {
    return this.lines.linePos(node?.range?.[0] ?? 0);
  }

  errorAt(offset: number, message: string): void {
    this.found.push({ at: offset, problem: { severity: 'error', message, ...this.lines.linePos(offset) } });
  }

  warnAt(offset: number, message: string): void {
    this.found.push({ at: offset, problem: { severity: 'warning', message, ...this.lines.linePos(offset) } });
  }

  error(node: Node | null | undefined, message: string): void {
    this.errorAt(node?.range?.[0] ?? 0, message);
  }

  warn(node: Node | null | undefined, message: string): void {
    this.warnAt(node?.range?.[0] ?? 0, message);
  }

  mapping(node: Node | null | undefined, where: string, known: readonly string[], parent?: Node): Map<string, Node | null> | undefined {
    if (node === undefined) {
      this.error(parent, `${where}: missing.`);
      return undefined;
    }
    if (this.refusedAlias(node, where)) return undefined;
    if (!isMap(node)) {
      this.error(node ?? parent, `${where}: expected a mapping (key: value lines).`);
      return undefined;
    }
    const entries = new Map<string, Node | null>();
    for (const pair of (node as YAMLMap<Node, Node | null>).items as Pair<Node, Node | null>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined || !known.includes(key)) {
        this.warn(pair.key, `${where}: unknown key \`${key ?? '?'}\`; expected one of ${known.join(', ')}.`);
        continue;
      }
      entries.set(key, pair.value);
    }
    return entries;
  }

  string(node: Node | null | undefined, where: string, parent: Node): string | undefined {
    if (node === undefined) {
      this.error(parent, `${where}: missing.`);
      return undefined;
    }
    if (this.refusedAlias(node, where)) return undefined;
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return node.value;
    this.error(node ?? parent, `${where}: expected text.`);
    return undefined;
  }

  optionalString(node: Node | null | undefined, where: string): string | undefined {
    if (node === undefined) return undefined;
    return this.string(node, where, node as Node);
  }

  private refusedAlias(node: Node | null, where: string): boolean {
    if (!isAlias(node)) return false;
    this.error(node, `${where}: aliases (*name) are not allowed in SLO files; write the value out.`);
    return true;
  }
}
