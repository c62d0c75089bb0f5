import { SEVERITIES, type Severity } from '../incidents/model';
import { add } from './counts';
import type { IncidentFacts } from './incidentFacts';
import { percentileOfSorted, round3 } from './stats';
import type { DurationStats, InsightsReport, InsightsTrace } from './types';

/**
 * Time to action (declared → first check-in) per severity, with the share within the
 * policy's KPI (≤ KPI counts as within). Incidents nobody checked in on are not counted:
 * there is no time to measure yet.
 */
export function timeToAction(
  incidents: readonly IncidentFacts[],
  kpiMs: Partial<Record<Severity, number>>,
  trace: InsightsTrace,
): InsightsReport['timeToAction'] {
  const out: InsightsReport['timeToAction'] = {};
  for (const severity of SEVERITIES) {
    const measured = incidents.filter((i) => i.severity === severity && i.timeToActionMs !== undefined);
    const kpi = kpiMs[severity];
    const durations = measured.map((i) => i.timeToActionMs as number);
    let within = 0;
    for (const incident of measured) {
      add(trace, `timeToAction:${severity}`, incident.id);
      if (kpi === undefined) continue;
      if ((incident.timeToActionMs as number) <= kpi) within++;
      else add(trace, `timeToAction:${severity}:overKpi`, incident.id);
    }
    out[String(severity)] = {
      ...durationStats(durations),
      kpiS: kpi === undefined ? null : round3(kpi / 1000),
      withinKpi: kpi === undefined || measured.length === 0 ? null : round3(within / measured.length),
    };
  }
  return out;
}

/** Time to resolve (declared → resolved) per severity, over the resolved incidents. */
export function timeToResolve(incidents: readonly IncidentFacts[], trace: InsightsTrace): InsightsReport['timeToResolve'] {
  const out: InsightsReport['timeToResolve'] = {};
  for (const severity of SEVERITIES) {
    const resolved = incidents.filter((i) => i.severity === severity && i.resolvedMs !== undefined);
    for (const incident of resolved) add(trace, `timeToResolve:${severity}`, incident.id);
    out[String(severity)] = durationStats(resolved.map((i) => Math.max(0, (i.resolvedMs as number) - i.declaredMs)));
  }
  return out;
}

export function durationStats(durationsMs: readonly number[]): DurationStats {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const seconds = (ms: number | undefined): number | null => (ms === undefined ? null : round3(ms / 1000));
  return { count: sorted.length, medianS: seconds(percentileOfSorted(sorted, 0.5)), p90S: seconds(percentileOfSorted(sorted, 0.9)) };
}
