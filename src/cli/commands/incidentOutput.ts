import { describeEvent, incidentAge, latestStatusUpdate, roleName } from '../../core/incidents/describe';
import { SINGLE_ROLES, type Incident, type IncidentWithTimeline, type TimelineEvent } from '../../core/incidents/model';
import { terminalSafe } from '../../core/text/terminalSafe';

/**
 * What `incident-desk incident …` prints for a person. Everything but our own words
 * comes from the backend (a title, a name, a note anyone could write), so every
 * remote string goes through terminalSafe before it reaches the terminal.
 */

const safe = (text: string): string => terminalSafe(text);

/** `Declared INC-7 · Sev 2: Checkout errors` */
export function declaredLine(incident: Incident): string {
  return `Declared ${safe(incident.id)} · Sev ${incident.severity}: ${safe(incident.title)}\n`;
}

export function severityLine(incident: Incident): string {
  return `${safe(incident.id)} is now Sev ${incident.severity}: ${safe(incident.title)}\n`;
}

export function statusLine(incident: Incident): string {
  return `${safe(incident.id)} is now ${safe(incident.status)}: ${safe(incident.title)}\n`;
}

export function resolvedLine(incident: Incident): string {
  return `Resolved ${safe(incident.id)}: ${safe(incident.title)}\n`;
}

export function roleLine(incident: Incident, role: string, person: string): string {
  return `${safe(person)} is ${roleName(role)} on ${safe(incident.id)}\n`;
}

/** Check-ins, notes and status updates answer with the event the backend recorded. */
export function eventLine(incidentId: string, event: TimelineEvent): string {
  switch (event.type) {
    case 'check_in':
      return `Checked in to ${safe(incidentId)} as ${safe(event.author)}\n`;
    case 'note':
      return `Note added to ${safe(incidentId)}\n`;
    case 'status_update':
      return `${event.audience.charAt(0).toUpperCase()}${event.audience.slice(1)} update posted on ${safe(incidentId)}\n`;
    default:
      return `${safe(incidentId)}: ${safe(describeEvent(event))}\n`;
  }
}

/** How many of the newest events `show` lists; the whole timeline is in `--json`. */
export const SHOWN_EVENTS = 8;

/** A readable summary: what it is, how bad, who holds which role, what was said last. */
export function renderIncidentSummary(incident: IncidentWithTimeline, now: Date): string {
  const lines = [
    `${safe(incident.id)} · Sev ${incident.severity} · ${safe(incident.status)} · declared ${since(incident.declaredAt, now)} ago`,
    `  ${safe(incident.title)}`,
    '',
  ];
  if (incident.services.length > 0) lines.push(`Services   ${incident.services.map(safe).join(', ')}`);
  for (const role of SINGLE_ROLES) lines.push(`${roleName(role).padEnd(22)} ${incident.roles[role] ? safe(incident.roles[role] ?? '') : '—'}`);
  if (incident.roles.smes.length > 0) lines.push(`${'Subject Matter Experts'.padEnd(22)} ${incident.roles.smes.map(safe).join(', ')}`);
  if (incident.summary.trim() !== '') lines.push('', 'Summary', ...indented(incident.summary));
  const update = latestStatusUpdate(incident.timeline);
  if (update) {
    lines.push(
      '',
      `Latest update (${update.audience}, ${since(update.at, now)} ago, ${safe(update.author)})`,
      `  Conditions  ${safe(update.conditions)}`,
      `  Actions     ${safe(update.actions)}`,
      `  Needs       ${safe(update.needs)}`,
    );
  }
  const recent = incident.timeline.slice(-SHOWN_EVENTS);
  if (recent.length > 0) {
    const earlier = incident.timeline.length - recent.length;
    lines.push('', earlier > 0 ? `Last ${recent.length} events (${earlier} earlier)` : 'Events');
    // Authors in one column, so what happened starts at the same place on every line.
    const authors = recent.map((event) => safe(event.author));
    const width = Math.max(...authors.map((author) => author.length));
    recent.forEach((event, i) => lines.push(`  ${event.at.replace('T', ' ').slice(0, 16)}  ${(authors[i] ?? '').padEnd(width)}  ${safe(describeEvent(event))}`));
  }
  const skipped = incident.skippedEvents?.length ?? 0;
  if (skipped > 0) lines.push('', `${skipped} timeline ${skipped === 1 ? 'event' : 'events'} could not be read and ${skipped === 1 ? 'is' : 'are'} not shown.`);
  return `${lines.join('\n')}\n`;
}

function since(at: string, now: Date): string {
  return Number.isNaN(Date.parse(at)) ? '?' : incidentAge({ declaredAt: at }, now);
}

/** A summary keeps its line breaks, each line indented so it reads as one block. */
function indented(text: string): string[] {
  return terminalSafe(text, { multiline: true })
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`);
}
