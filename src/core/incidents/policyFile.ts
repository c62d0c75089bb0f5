import { isMap, isScalar, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { parseDuration } from './duration';
import { SEVERITIES, SINGLE_ROLES, type Severity, type SingleRole } from './model';
import { DEFAULT_POLICY, type SeverityLevel, type SeverityPolicy } from './policy';

/** A problem in `.incident-desk/policy.yaml`, 0-based line for the Problems panel. */
export interface PolicyDiagnostic {
  severity: 'error' | 'warning';
  message: string;
  line: number;
}

export interface PolicyFileResult {
  /** The policy in force: the file's when it has no errors, the default otherwise. */
  policy: SeverityPolicy;
  diagnostics: PolicyDiagnostic[];
  /** False when errors made the default apply. */
  fromFile: boolean;
}

const TOP_KEYS = ['severities', 'commander_handoff_after', 'runbook_review_interval_days'] as const;
const LEVEL_KEYS = ['name', 'trigger', 'response', 'loop_in', 'required_roles', 'consult_sme_after', 'time_to_action_kpi', 'update_every'] as const;

/**
 * Parses and validates a policy file. Plain YAML only (no custom tags). Levels
 * not in the file, and fields not given for a level, keep the default.
 */
export function parsePolicyFile(text: string): PolicyFileResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, customTags: [], prettyErrors: false, uniqueKeys: true });
  const diagnostics: PolicyDiagnostic[] = [];
  const lineOf = (node: Node | null | undefined, fallback = 0): number =>
    node?.range ? lineCounter.linePos(node.range[0]).line - 1 : fallback;
  const error = (message: string, node?: Node | null): void => void diagnostics.push({ severity: 'error', message, line: lineOf(node) });
  const warn = (message: string, node?: Node | null): void => void diagnostics.push({ severity: 'warning', message, line: lineOf(node) });

  for (const problem of [...doc.errors, ...doc.warnings]) {
    diagnostics.push({
      severity: doc.errors.includes(problem as never) ? 'error' : 'warning',
      message: `YAML: ${problem.message.split('\n')[0]}`,
      line: lineCounter.linePos(problem.pos[0]).line - 1,
    });
  }
  if (doc.errors.length > 0) return { policy: DEFAULT_POLICY, diagnostics, fromFile: false };

  const policy: SeverityPolicy = structuredClone(DEFAULT_POLICY);
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { policy, diagnostics, fromFile: true };
  if (!isMap(root)) {
    error('The policy must be a mapping with a `severities` key.', root);
    return { policy: DEFAULT_POLICY, diagnostics, fromFile: false };
  }

  for (const pair of root.items as Pair<Node, Node>[]) {
    const key = keyText(pair);
    if (key === 'severities') readSeverities(pair.value, policy, error, warn);
    else if (key === 'commander_handoff_after') {
      const ms = parseDuration(scalarValue(pair.value));
      if (ms === undefined) error('commander_handoff_after: expected a duration such as 8h or 90m.', pair.value);
      else policy.commanderHandoffAfterMs = ms;
    } else if (key === 'runbook_review_interval_days') {
      const days = scalarValue(pair.value);
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) error('runbook_review_interval_days: expected a whole number of days, at least 1.', pair.value);
      else policy.runbookReviewIntervalDays = days;
    } else warn(`Unknown key \`${key}\`; expected one of ${TOP_KEYS.join(', ')}.`, pair.key);
  }
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  return { policy: hasErrors ? DEFAULT_POLICY : policy, diagnostics, fromFile: !hasErrors };
}

type Report = (message: string, node?: Node | null) => void;

function readSeverities(node: Node | null, policy: SeverityPolicy, error: Report, warn: Report): void {
  if (!isMap(node)) {
    error('severities: expected a mapping from severity (0–4) to its settings.', node);
    return;
  }
  for (const pair of (node as YAMLMap<Node, Node>).items) {
    const key = keyText(pair);
    const severity = Number(key) as Severity;
    if (!/^[0-4]$/.test(key) || !SEVERITIES.includes(severity)) {
      error(`severities: \`${key}\` is not a severity; use 0 (most severe) to 4.`, pair.key);
      continue;
    }
    if (!isMap(pair.value)) {
      error(`severities.${key}: expected a mapping of settings.`, pair.value ?? pair.key);
      continue;
    }
    readLevel(pair.value as YAMLMap<Node, Node>, policy.levels[severity], `severities.${key}`, error, warn);
  }
}

function readLevel(map: YAMLMap<Node, Node>, level: SeverityLevel, where: string, error: Report, warn: Report): void {
  for (const pair of map.items) {
    const key = keyText(pair);
    const value = scalarValue(pair.value);
    const durationField = (set: (ms: number | undefined) => void, allowNone: boolean): void => {
      if (allowNone && (value === null || value === 'none')) return set(undefined);
      const ms = parseDuration(value);
      if (ms === undefined) error(`${where}.${key}: expected a duration such as 15m or 1h${allowNone ? ', or none' : ''}.`, pair.value);
      else set(ms);
    };
    switch (key as (typeof LEVEL_KEYS)[number]) {
      case 'name':
      case 'trigger':
      case 'response':
      case 'loop_in':
        if (typeof value !== 'string' || value.trim() === '') error(`${where}.${key}: expected text.`, pair.value ?? pair.key);
        else if (key === 'loop_in') level.loopIn = value;
        else level[key as 'name' | 'trigger' | 'response'] = value;
        break;
      case 'required_roles':
        level.requiredRoles = readRoles(pair.value, `${where}.${key}`, error) ?? level.requiredRoles;
        break;
      case 'consult_sme_after':
        durationField((ms) => { if (ms !== undefined) level.consultSmeAfterMs = ms; }, false);
        break;
      case 'time_to_action_kpi':
        durationField((ms) => { level.timeToActionKpiMs = ms; }, true);
        break;
      case 'update_every':
        durationField((ms) => { level.updateEveryMs = ms; }, true);
        break;
      default:
        warn(`${where}: unknown key \`${key}\`; expected one of ${LEVEL_KEYS.join(', ')}.`, pair.key);
    }
  }
}

function readRoles(node: Node | null, where: string, error: Report): SingleRole[] | undefined {
  const items = node && 'items' in node && Array.isArray((node as { items: unknown }).items) ? (node as { items: Node[] }).items : undefined;
  if (!items || isMap(node)) {
    error(`${where}: expected a list of roles (${SINGLE_ROLES.join(', ')}).`, node);
    return undefined;
  }
  const roles: SingleRole[] = [];
  for (const item of items) {
    const role = scalarValue(item);
    if (typeof role !== 'string' || !SINGLE_ROLES.includes(role as SingleRole)) error(`${where}: \`${String(role)}\` is not a role; use ${SINGLE_ROLES.join(', ')}.`, item);
    else roles.push(role as SingleRole);
  }
  return roles;
}

function keyText(pair: Pair<Node, Node>): string {
  return String(isScalar(pair.key) ? pair.key.value : pair.key);
}

function scalarValue(node: Node | null | undefined): unknown {
  return isScalar(node) ? node.value : node === null || node === undefined ? null : node;
}
