import { linkedIssueNumber } from '../retrospectives/followUpStatus';
import { add } from './counts';
import type { IncidentFacts } from './incidentFacts';
import { localDate, localParts } from './localTime';
import type { InsightsReport, InsightsTrace } from './types';

/**
 * Follow-ups of the window's retrospectives: done when ticked, or when their linked
 * GitHub issue is closed (when issue states could be read); overdue when open and the
 * due date is before today in the policy's time zone.
 */
export function followUpMeasures(
  incidents: readonly IncidentFacts[],
  issueStates: ReadonlyMap<number, 'open' | 'closed'> | undefined,
  nowMs: number,
  timeZone: string,
  trace: InsightsTrace,
): InsightsReport['followUps'] {
  const today = localDate(localParts(nowMs, timeZone));
  const result: InsightsReport['followUps'] = { total: 0, done: 0, open: 0, overdue: 0, byOwner: {} };
  const owners = new Map<string, { open: number; overdue: number }>();
  for (const incident of incidents) {
    for (const followUp of incident.retrospective?.followUps ?? []) {
      const issue = linkedIssueNumber(followUp);
      const done = followUp.done || (issue !== undefined && issueStates?.get(issue) === 'closed');
      const owner = followUp.owner.replace(/^@/, '');
      const row = owners.get(owner) ?? { open: 0, overdue: 0 };
      owners.set(owner, row);
      result.total++;
      if (done) {
        result.done++;
        add(trace, 'followUps:done', incident.id);
        continue;
      }
      result.open++;
      row.open++;
      add(trace, 'followUps:open', incident.id);
      add(trace, `owner:${owner}`, incident.id);
      if (followUp.due < today) {
        result.overdue++;
        row.overdue++;
        add(trace, 'followUps:overdue', incident.id);
      }
    }
  }
  result.byOwner = Object.fromEntries([...owners.entries()].sort(([a, x], [b, y]) => y.open - x.open || a.localeCompare(b)));
  return result;
}
