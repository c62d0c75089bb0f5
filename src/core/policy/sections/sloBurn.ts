import { parseDuration } from '../../incidents/duration';
import { SEVERITIES, type Severity } from '../../incidents/model';
import { scalarValue, type PolicyReadContext } from '../readContext';
import type { PolicySection } from '../schema';
import type { Node } from 'yaml';

/** The multiwindow burn-rate pairs of the Google SRE workbook, long window first. */
export const BURN_PAIRS = ['1h/5m', '6h/30m', '3d/6h'] as const;
export type BurnPair = (typeof BURN_PAIRS)[number];

export interface ExhaustionStep {
  /** The remaining budget would be gone in less than this. */
  withinMs: number;
  severity: Severity;
}

export interface SloBurnPolicy {
  /** Checked in order of `withinMs`; the first one the time to exhaustion is under decides. */
  exhaustion: ExhaustionStep[];
  /** A burn that would not exhaust the budget within any step (or no burn at all). */
  otherwise: Severity;
  /** The severity label each generated alert rule carries: the pairs decide when, not how bad. */
  alerts: Record<BurnPair, Severity>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** DOMAIN.md: gone within ~30 min → Sev 1, within hours → Sev 2, not within 30 days → low. */
export const DEFAULT_SLO_BURN_POLICY: SloBurnPolicy = Object.freeze({
  exhaustion: [
    { withinMs: 30 * MINUTE, severity: 1 },
    { withinMs: 24 * HOUR, severity: 2 },
    { withinMs: 30 * DAY, severity: 3 },
  ],
  otherwise: 4,
  alerts: { '1h/5m': 2, '6h/30m': 3, '3d/6h': 4 },
}) as SloBurnPolicy;

const KEYS = ['exhaustion', 'otherwise', 'alerts'] as const;

/**
 * slo_burn:
 *   exhaustion: [{ within: 30m, severity: 1 }, { within: 24h, severity: 2 }, { within: 30d, severity: 3 }]
 *   otherwise: 4
 *   alerts: { 1h/5m: 2, 6h/30m: 3, 3d/6h: 4 }
 */
export const sloBurnSection: PolicySection = {
  description: 'SLO severity from the time to exhaust the remaining error budget, and the severity of each generated burn-rate alert',
  read(node, ctx, into) {
    const entries = ctx.mapping(node, 'slo_burn', KEYS);
    if (!entries) return;
    const policy: SloBurnPolicy = structuredClone(into.sloBurn);
    const exhaustion = entries.get('exhaustion');
    if (exhaustion) {
      const steps = readSteps(exhaustion.value, ctx);
      if (steps) policy.exhaustion = steps;
    }
    const otherwise = entries.get('otherwise');
    if (otherwise) {
      const severity = readSeverity(otherwise.value ?? otherwise.key, 'slo_burn.otherwise', ctx);
      if (severity !== undefined) policy.otherwise = severity;
    }
    const alerts = entries.get('alerts');
    if (alerts) {
      const pairs = ctx.mapping(alerts.value, 'slo_burn.alerts', BURN_PAIRS);
      for (const [pair, entry] of pairs ?? []) {
        const severity = readSeverity(entry.value ?? entry.key, `slo_burn.alerts.${pair}`, ctx);
        if (severity !== undefined) policy.alerts[pair as BurnPair] = severity;
      }
    }
    into.sloBurn = policy;
  },
};

function readSteps(node: Node | null, ctx: PolicyReadContext): ExhaustionStep[] | undefined {
  const items = ctx.sequence(node);
  if (!items) {
    ctx.error('slo_burn.exhaustion: expected a list of `{ within: DURATION, severity: N }`.', node);
    return undefined;
  }
  const steps: ExhaustionStep[] = [];
  for (const item of items) {
    const entries = ctx.mapping(item, 'slo_burn.exhaustion[]', ['within', 'severity']);
    if (!entries) continue;
    const within = entries.get('within');
    const severity = entries.get('severity');
    if (!within || !severity) {
      ctx.error('slo_burn.exhaustion[]: each step needs `within` and `severity`.', item);
      continue;
    }
    const ms = parseDuration(scalarValue(within.value));
    if (ms === undefined || ms <= 0) ctx.error('slo_burn.exhaustion[].within: expected a duration such as 30m, 24h or 30d.', within.value ?? within.key);
    const level = readSeverity(severity.value ?? severity.key, 'slo_burn.exhaustion[].severity', ctx);
    if (ms !== undefined && ms > 0 && level !== undefined) steps.push({ withinMs: ms, severity: level });
  }
  return steps.sort((a, b) => a.withinMs - b.withinMs);
}

function readSeverity(node: Node | null, where: string, ctx: PolicyReadContext): Severity | undefined {
  const value = scalarValue(node);
  if (typeof value === 'number' && SEVERITIES.includes(value as Severity)) return value as Severity;
  ctx.error(`${where}: expected a severity from 0 (most severe) to 4.`, node);
  return undefined;
}
