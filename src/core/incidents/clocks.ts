import { latestStatusUpdate } from './describe';
import { formatDuration } from './duration';
import type { Incident, SingleRole, TimelineEvent } from './model';
import { levelOf, type SeverityPolicy } from './policy';

/** One clock the policy starts for an incident. `state` drives the icon and colour. */
export interface IncidentClock {
  kind: 'time_to_action' | 'consult_sme' | 'status_update' | 'commander_handoff';
  label: string;
  state: 'ok' | 'due_soon' | 'overdue' | 'met' | 'missed';
  detail: string;
}

const DUE_SOON_FRACTION = 0.8;

/** The policy's clocks for an incident at `now`. Resolved incidents keep only time to action. */
export function incidentClocks(incident: Incident, timeline: readonly TimelineEvent[], policy: SeverityPolicy, now: Date): IncidentClock[] {
  const level = levelOf(policy, incident.severity);
  const declared = Date.parse(incident.declaredAt);
  const nowMs = now.getTime();
  const clocks: IncidentClock[] = [];

  const kpi = level.timeToActionKpiMs;
  if (incident.acknowledgedAt) {
    const took = Date.parse(incident.acknowledgedAt) - declared;
    const missed = kpi !== undefined && took > kpi;
    clocks.push({
      kind: 'time_to_action',
      label: `Time to action ${formatDuration(took)}`,
      state: missed ? 'missed' : 'met',
      detail: kpi === undefined ? 'First responder checked in.' : `KPI for Sev ${incident.severity}: under ${formatDuration(kpi)}${missed ? ' (missed)' : ''}.`,
    });
  } else if (incident.status !== 'resolved') {
    const waiting = nowMs - declared;
    clocks.push({
      kind: 'time_to_action',
      label: `No check-in for ${formatDuration(waiting)}`,
      state: kpi === undefined ? 'ok' : stateFor(waiting, kpi),
      detail: kpi === undefined ? 'Nobody has checked in yet.' : `KPI for Sev ${incident.severity}: a responder checks in within ${formatDuration(kpi)}.`,
    });
  }
  if (incident.status === 'resolved') return clocks;

  const smeDue = declared + level.consultSmeAfterMs;
  clocks.push(dueClock('consult_sme', 'Consult an SME', smeDue, nowMs, level.consultSmeAfterMs,
    `Sev ${incident.severity} unresolved after ${formatDuration(level.consultSmeAfterMs)}: bring in a subject matter expert.`));

  if (level.updateEveryMs !== undefined) {
    const latest = latestStatusUpdate(timeline);
    const last = latest ? Date.parse(latest.at) : declared;
    clocks.push(dueClock('status_update', 'Status update', last + level.updateEveryMs, nowMs, level.updateEveryMs,
      `Sev ${incident.severity} cadence: a status update every ${formatDuration(level.updateEveryMs)}.`));
  }

  if (nowMs - declared >= policy.commanderHandoffAfterMs * DUE_SOON_FRACTION) {
    clocks.push(dueClock('commander_handoff', 'Commander handoff', declared + policy.commanderHandoffAfterMs, nowMs, policy.commanderHandoffAfterMs,
      'Long incident: hand off to a secondary commander with a written handoff.'));
  }
  return clocks;
}

/** Roles the policy requires at this severity that nobody holds. */
export function missingRoles(incident: Incident, policy: SeverityPolicy): SingleRole[] {
  return levelOf(policy, incident.severity).requiredRoles.filter((role) => !incident.roles[role]);
}

/** True when any clock is overdue or a required role is empty: the tree flags the incident. */
export function needsAttention(incident: Incident, timeline: readonly TimelineEvent[], policy: SeverityPolicy, now: Date): boolean {
  return missingRoles(incident, policy).length > 0 || incidentClocks(incident, timeline, policy, now).some((c) => c.state === 'overdue');
}

function stateFor(elapsed: number, limit: number): IncidentClock['state'] {
  if (elapsed > limit) return 'overdue';
  return elapsed >= limit * DUE_SOON_FRACTION ? 'due_soon' : 'ok';
}

function dueClock(kind: IncidentClock['kind'], name: string, dueAt: number, now: number, span: number, detail: string): IncidentClock {
  const remaining = dueAt - now;
  const state = stateFor(span - remaining, span);
  const label = remaining < 0 ? `${name} overdue by ${formatDuration(-remaining)}` : `${name} due in ${formatDuration(remaining)}`;
  return { kind, label, state, detail };
}
