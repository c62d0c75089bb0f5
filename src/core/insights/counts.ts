import { SEVERITIES } from '../incidents/model';
import type { IncidentFacts } from './incidentFacts';
import { isoWeekOf, localParts } from './localTime';
import type { InsightsReport, InsightsTrace } from './types';

const DAY_MS = 86_400_000;
/** Past this many weeks the week list holds only weeks with incidents (a window since 1970 stays small). */
const MAX_CONTIGUOUS_WEEKS = 520;

export function zeroBySeverity(): Record<string, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [String(s), 0]));
}

/** Incidents by severity, service, customer, tag and ISO week (in the policy's time zone). */
export function incidentCounts(
  incidents: readonly IncidentFacts[],
  window: { sinceMs: number; untilMs: number },
  timeZone: string,
  trace: InsightsTrace,
): InsightsReport['incidents'] {
  const bySeverity = zeroBySeverity();
  const byService: Record<string, number> = {};
  const byCustomer: Record<string, number> = {};
  const byTag: Record<string, number> = {};
  const weeks = new Map<string, Record<string, number>>();
  for (const week of weeksOfWindow(window, timeZone)) weeks.set(week, zeroBySeverity());

  for (const incident of incidents) {
    const severity = String(incident.severity);
    bySeverity[severity] = (bySeverity[severity] ?? 0) + 1;
    add(trace, `severity:${severity}`, incident.id);
    count(byService, incident.services, 'service', incident.id, trace);
    count(byCustomer, incident.customers, 'customer', incident.id, trace);
    count(byTag, incident.tags, 'tag', incident.id, trace);
    const week = isoWeekOf(localParts(incident.declaredMs, timeZone));
    let row = weeks.get(week);
    if (!row) weeks.set(week, (row = zeroBySeverity()));
    row[severity] = (row[severity] ?? 0) + 1;
    add(trace, `week:${week}`, incident.id);
    add(trace, `week:${week}:${severity}`, incident.id);
  }
  return {
    total: incidents.length,
    bySeverity,
    byService: sortedByCount(byService),
    byCustomer: sortedByCount(byCustomer),
    byTag: sortedByCount(byTag),
    byWeek: [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, counts]) => ({ week, bySeverity: counts })),
  };
}

/** Every ISO week the window touches, so a chart shows quiet weeks as zero. */
function weeksOfWindow(window: { sinceMs: number; untilMs: number }, timeZone: string): string[] {
  if (!(window.untilMs > window.sinceMs) || (window.untilMs - window.sinceMs) / (7 * DAY_MS) > MAX_CONTIGUOUS_WEEKS) return [];
  const weeks = new Set<string>();
  for (let t = window.sinceMs; t < window.untilMs; t += DAY_MS) weeks.add(isoWeekOf(localParts(t, timeZone)));
  weeks.add(isoWeekOf(localParts(window.untilMs - 1, timeZone)));
  return [...weeks];
}

function count(into: Record<string, number>, names: readonly string[], kind: string, id: string, trace: InsightsTrace): void {
  for (const name of new Set(names)) {
    into[name] = (into[name] ?? 0) + 1;
    add(trace, `${kind}:${name}`, id);
  }
}

/** Most incidents first, then by name, so the JSON and the charts read the same way every run. */
function sortedByCount(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
}

export function add(trace: InsightsTrace, key: string, id: string): void {
  const ids = trace[key] ?? (trace[key] = []);
  if (ids[ids.length - 1] !== id) ids.push(id);
}
