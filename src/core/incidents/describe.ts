import { formatDuration } from './duration';
import type { Incident, TimelineEvent, UnknownEvent } from './model';

/** One line per timeline event, for the tree and the incident document. Plain text. */
export function describeEvent(event: TimelineEvent): string {
  switch (event.type) {
    case 'declared':
      return `Declared Sev ${event.severity}: ${event.title}`;
    case 'severity_changed':
      return `Severity ${event.from} → ${event.to}`;
    case 'status_changed':
      return `Status ${event.from} → ${event.to}`;
    case 'role_assigned':
      return `${event.assignee} is ${roleName(event.role)}`;
    case 'check_in':
      return `${event.author} checked in`;
    case 'note':
      return event.text;
    case 'status_update':
      return `${capitalise(event.audience)} update: ${event.conditions}`;
    case 'runbook_step': {
      const result = event.exitCode === null ? 'exit unknown' : `exit ${event.exitCode}`;
      return `Ran ${event.runbook} › ${event.step} (${result}, ${formatDuration(event.durationMs)})`;
    }
    case 'resolved':
      return 'Resolved';
    case 'alert_firing':
      return `Alert firing: ${event.alertName}`;
    case 'alert_resolved':
      return `Alert resolved: ${event.alertName}`;
    case 'alert_group_resolved':
      return `All ${event.alerts} alert(s) resolved`;
    case 'delivery':
      return event.detail;
    case 'unknown':
      return describeUnknownEvent(event);
  }
}

/** `alert_fired: name=HighLatency, source=grafana`: what an event of a type this client does not know yet said. */
export function describeUnknownEvent(event: Pick<UnknownEvent, 'originalType' | 'details'>): string {
  const details = Object.entries(event.details).map(([key, value]) => `${key}=${value}`);
  return details.length > 0 ? `${event.originalType}: ${details.join(', ')}` : event.originalType;
}

export function roleName(role: string): string {
  switch (role) {
    case 'commander':
      return 'Incident Commander';
    case 'communications':
      return 'Communications Lead';
    case 'technical':
      return 'Technical Lead';
    case 'scribe':
      return 'Scribe';
    case 'sme':
      return 'Subject Matter Expert';
    default:
      return role;
  }
}

export function incidentAge(incident: Pick<Incident, 'declaredAt'>, now: Date): string {
  return formatDuration(now.getTime() - Date.parse(incident.declaredAt));
}

export function latestStatusUpdate(timeline: readonly TimelineEvent[]): Extract<TimelineEvent, { type: 'status_update' }> | undefined {
  let latest: Extract<TimelineEvent, { type: 'status_update' }> | undefined;
  for (const event of timeline) if (event.type === 'status_update' && (!latest || event.at > latest.at)) latest = event;
  return latest;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
