import type { SloBurnPolicy } from '../../core/policy/sections/sloBurn';
import { computeSloStatus, type SloCounts, type SloStatus, type WindowCounts } from '../../core/slo/budget';
import { sloQueries } from '../../core/slo/queries';
import type { SloDefinition } from '../../core/slo/types';
import { BURN_WINDOWS, burnWindowMs, promDuration, type BurnWindow } from '../../core/slo/windows';
import type { MetricsSource } from './ports';

/** Queries in flight at once against Prometheus: enough to hide latency, not enough to load it. */
const CONCURRENCY = 8;

/**
 * Every SLO's status, from instant queries all evaluated at the same instant (so the
 * windows of one SLO agree with each other): events and bad events over the SLO window
 * and over each burn window.
 */
export async function sloStatuses(slos: readonly SloDefinition[], source: MetricsSource, policy: SloBurnPolicy, nowMs: number): Promise<SloStatus[]> {
  const atS = Math.floor(nowMs / 1000);
  const limit = limiter(CONCURRENCY);
  return Promise.all(
    slos.map(async (slo) => {
      const counts = async (rangeMs: number): Promise<WindowCounts> => {
        const { total, bad } = sloQueries(slo, promDuration(rangeMs));
        const [t, b] = await Promise.all([limit(() => source.instant(total, atS)), limit(() => source.instant(bad, atS))]);
        return { total: finite(t), bad: finite(b) };
      };
      const [window, ...burn] = await Promise.all([counts(slo.windowMs), ...BURN_WINDOWS.map((w) => counts(burnWindowMs(w, slo.windowMs)))]);
      const sloCounts: SloCounts = {
        window: window as WindowCounts,
        burn: Object.fromEntries(BURN_WINDOWS.map((w, i) => [w, burn[i] as WindowCounts])) as Record<BurnWindow, WindowCounts>,
      };
      return computeSloStatus(slo, sloCounts, policy);
    }),
  );
}

/** The CLI's JSON contract: `{ "slos": [...] }` with these fields first, extra detail after. */
export function statusJson(statuses: readonly SloStatus[]): { slos: Record<string, unknown>[] } {
  return {
    slos: statuses.map((s) => ({
      name: s.name,
      service: s.service,
      target: s.target,
      window: s.window,
      sli: s.sli,
      budgetRemaining: s.budgetRemaining,
      burnRates: s.burnRates,
      firing: s.firing,
      exhaustionS: s.exhaustionS,
      severity: s.severity,
      budgetTotalS: s.budgetTotalS,
      budgetRemainingS: s.budgetRemainingS,
      consumedPerDay: s.consumedPerDay,
      consumedPerDayNow: s.consumedPerDayNow,
      burnWindowsS: s.burnWindowsS,
    })),
  };
}

function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
