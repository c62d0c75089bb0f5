import type { Severity } from '../incidents/model';
import type { BurnPair, SloBurnPolicy } from '../policy/sections/sloBurn';
import { BURN_WINDOWS, burnWindowMs, PAIRS, type BurnWindow } from './windows';
import type { SloDefinition } from './types';

/** Event counts over one window: how many there were and how many were bad. */
export interface WindowCounts {
  total: number;
  bad: number;
}

/** What Prometheus answered for an SLO: counts over its window and over each burn window. */
export interface SloCounts {
  window: WindowCounts;
  burn: Record<BurnWindow, WindowCounts>;
}

/**
 * An SLO's state, with the Google SRE workbook's definitions:
 * - SLI: good events / all events over the SLO window (null with no traffic).
 * - error budget: 1 − target of the events; `budgetRemaining` is the share of it not yet
 *   spent (1 − bad ratio / (1 − target)); negative when overspent.
 * - burn rate over a window: its bad ratio / (1 − target); 1 spends the budget exactly
 *   over the SLO window.
 * - time to exhaustion: the remaining budget at the current burn (the 1h window):
 *   remaining × SLO window / burn; null when nothing burns.
 */
export interface SloStatus {
  name: string;
  service: string;
  target: number;
  window: string;
  sli: number | null;
  budgetRemaining: number;
  burnRates: Record<BurnWindow, number>;
  firing: BurnPair[];
  exhaustionS: number | null;
  severity: Severity;
  /** Total budget as time: how long a full outage the window allows ((1 − target) × window). */
  budgetTotalS: number;
  /** Remaining budget as time: remaining bad events at the current traffic (all of it failing), null with no traffic. */
  budgetRemainingS: number | null;
  /** Budget spent per day on average over the window, and per day at the current burn; fractions of the budget. */
  consumedPerDay: number;
  consumedPerDayNow: number;
  /** The real length of each burn window (scaled for short SLO windows), seconds. */
  burnWindowsS: Record<BurnWindow, number>;
}

const DAY_MS = 86_400_000;
/** The window whose burn counts as "current": the fast pair's long window. */
export const CURRENT_BURN: BurnWindow = '1h';

export function errorRatio(counts: WindowCounts): number | null {
  if (!(counts.total > 0)) return null;
  return Math.min(1, Math.max(0, counts.bad / counts.total));
}

export function burnRate(counts: WindowCounts, target: number): number {
  return (errorRatio(counts) ?? 0) / (1 - target);
}

/** Which pairs fire: both windows above the pair's threshold (strictly, as the generated rules). */
export function firingPairs(rates: Record<BurnWindow, number>): BurnPair[] {
  return PAIRS.filter((p) => rates[p.long] > p.threshold && rates[p.short] > p.threshold).map((p) => p.pair);
}

/** The first exhaustion step the time is under decides; no burn (null) is `otherwise`. */
export function severityFromExhaustion(exhaustionS: number | null, policy: SloBurnPolicy): Severity {
  if (exhaustionS === null) return policy.otherwise;
  const step = [...policy.exhaustion].sort((a, b) => a.withinMs - b.withinMs).find((s) => exhaustionS * 1000 < s.withinMs);
  return step?.severity ?? policy.otherwise;
}

export function computeSloStatus(slo: SloDefinition, counts: SloCounts, policy: SloBurnPolicy): SloStatus {
  const budget = 1 - slo.target;
  const windowRatio = errorRatio(counts.window);
  const budgetRemaining = windowRatio === null ? 1 : 1 - windowRatio / budget;
  const burnRates = Object.fromEntries(BURN_WINDOWS.map((w) => [w, burnRate(counts.burn[w], slo.target)])) as Record<BurnWindow, number>;
  const current = burnRates[CURRENT_BURN];
  const windowS = slo.windowMs / 1000;
  const exhaustionS = current > 0 ? Math.max(0, budgetRemaining) * (windowS / current) : null;
  const currentWindowS = burnWindowMs(CURRENT_BURN, slo.windowMs) / 1000;
  const currentTraffic = counts.burn[CURRENT_BURN].total / currentWindowS;
  const remainingBad = budget * counts.window.total - counts.window.bad;
  const windowDays = slo.windowMs / DAY_MS;
  return {
    name: slo.name,
    service: slo.service,
    target: slo.target,
    window: slo.windowText,
    sli: windowRatio === null ? null : 1 - windowRatio,
    budgetRemaining,
    burnRates,
    firing: firingPairs(burnRates),
    exhaustionS,
    severity: severityFromExhaustion(exhaustionS, policy),
    budgetTotalS: budget * windowS,
    budgetRemainingS: currentTraffic > 0 ? Math.max(0, remainingBad) / currentTraffic : null,
    consumedPerDay: (1 - budgetRemaining) / windowDays,
    consumedPerDayNow: current / windowDays,
    burnWindowsS: Object.fromEntries(BURN_WINDOWS.map((w) => [w, burnWindowMs(w, slo.windowMs) / 1000])) as Record<BurnWindow, number>,
  };
}

/** ok / slow burn (only the slow pair fires) / fast burn (a fast pair fires). */
export function burnState(status: Pick<SloStatus, 'firing'>): 'ok' | 'slow burn' | 'fast burn' {
  if (status.firing.some((pair) => pair !== '3d/6h')) return 'fast burn';
  return status.firing.length > 0 ? 'slow burn' : 'ok';
}
