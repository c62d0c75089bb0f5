import { add } from './counts';
import type { IncidentFacts, RoleSpan } from './incidentFacts';
import { offHoursOf, type WorkingHours } from './localTime';
import { round3 } from './stats';
import type { InsightsReport, InsightsTrace } from './types';

const HOUR_MS = 3_600_000;

/**
 * Per person: incidents in which they held any role, hours holding a role while the
 * incident was active (overlapping roles on one incident count once; an incident still
 * active counts up to now), and the incidents among them declared off-hours — a
 * weekend (any time Saturday or Sunday) or a night (a weekday outside working hours),
 * never both.
 */
export function onCallLoad(
  incidents: readonly IncidentFacts[],
  nowMs: number,
  timeZone: string,
  hours: WorkingHours,
  trace: InsightsTrace,
): InsightsReport['onCallLoad'] {
  const people = new Map<string, InsightsReport['onCallLoad'][number]>();
  for (const incident of incidents) {
    const off = offHoursOf(incident.declaredMs, timeZone, hours);
    const spansByPerson = new Map<string, RoleSpan[]>();
    for (const span of incident.roleSpans) {
      const list = spansByPerson.get(span.person) ?? [];
      list.push(span);
      spansByPerson.set(span.person, list);
    }
    for (const [person, spans] of spansByPerson) {
      const row = people.get(person) ?? { person, incidents: 0, roleHours: 0, nightIncidents: 0, weekendIncidents: 0 };
      people.set(person, row);
      row.incidents++;
      row.roleHours += unionMs(spans, incident.resolvedMs ?? nowMs) / HOUR_MS;
      add(trace, `person:${person}`, incident.id);
      if (off === 'night') row.nightIncidents++;
      if (off === 'weekend') row.weekendIncidents++;
      if (off !== 'working') add(trace, `person:${person}:${off}`, incident.id);
    }
  }
  return [...people.values()]
    .map((row) => ({ ...row, roleHours: round3(row.roleHours) }))
    .sort((a, b) => b.incidents - a.incidents || b.roleHours - a.roleHours || a.person.localeCompare(b.person));
}

/** Length of the union of the spans, each ending at its own end or at `openEndMs`. */
function unionMs(spans: readonly RoleSpan[], openEndMs: number): number {
  const intervals = spans
    .map((s) => [s.fromMs, Math.min(s.toMs ?? openEndMs, openEndMs)] as const)
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let start = Number.NEGATIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const [from, to] of intervals) {
    if (from > end) {
      if (end > start) total += end - start;
      start = from;
      end = to;
    } else if (to > end) end = to;
  }
  if (end > start) total += end - start;
  return total;
}
