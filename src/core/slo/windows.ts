import type { BurnPair } from '../policy/sections/sloBurn';

/**
 * The burn-rate windows of the Google SRE workbook's multiwindow, multi-burn-rate
 * alerts, named as for a 30-day SLO. An SLO window shorter than 28 days scales them
 * in proportion (window / 30d), as Pyrra does, so that the pairs keep their meaning
 * (1h at 14.4× spends 2% of the budget) and a short test SLO alerts in seconds; 28d
 * and longer use them as they are.
 */
export const BURN_WINDOWS = ['5m', '30m', '1h', '6h', '3d'] as const;
export type BurnWindow = (typeof BURN_WINDOWS)[number];

const NOMINAL_MS: Record<BurnWindow, number> = {
  '5m': 5 * 60_000,
  '30m': 30 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '3d': 3 * 86_400_000,
};

export interface PairSpec {
  pair: BurnPair;
  long: BurnWindow;
  short: BurnWindow;
  /** Both windows must burn faster than this for the pair to fire. */
  threshold: number;
  /** Which generated alert rule carries it. */
  alert: 'ErrorBudgetBurnFast' | 'ErrorBudgetBurnSlow';
}

export const PAIRS: readonly PairSpec[] = [
  { pair: '1h/5m', long: '1h', short: '5m', threshold: 14.4, alert: 'ErrorBudgetBurnFast' },
  { pair: '6h/30m', long: '6h', short: '30m', threshold: 6, alert: 'ErrorBudgetBurnFast' },
  { pair: '3d/6h', long: '3d', short: '6h', threshold: 1, alert: 'ErrorBudgetBurnSlow' },
];

const DAY = 86_400_000;

/** The burn window's real length for an SLO window, whole seconds, at least 1s. */
export function burnWindowMs(window: BurnWindow, sloWindowMs: number): number {
  const scale = sloWindowMs >= 28 * DAY ? 1 : sloWindowMs / (30 * DAY);
  return Math.max(1000, Math.round((NOMINAL_MS[window] * scale) / 1000) * 1000);
}

/** A Prometheus range duration: `3d`, `1h`, `90s`. */
export function promDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
