import { alertOrigin, alertRows } from './alertRows';
import { describeEvent, roleName } from './describe';
import { SINGLE_ROLES, type IncidentWithTimeline } from './model';

/**
 * A read-only markdown view of an incident and its timeline. Every remote string is
 * escaped so it renders as the text it is: no links, HTML or structure it did not have.
 */
export function renderIncidentMarkdown(incident: IncidentWithTimeline, now: Date = new Date()): string {
  const lines = [
    `# ${escapeMarkdown(incident.id)}: ${escapeMarkdown(incident.title)}`,
    '',
    `**Severity** ${incident.severity} · **Status** ${escapeMarkdown(incident.status)} · **Declared** ${incident.declaredAt}` +
      (incident.acknowledgedAt ? ` · **First check-in** ${incident.acknowledgedAt}` : '') +
      (incident.resolvedAt ? ` · **Resolved** ${incident.resolvedAt}` : ''),
    '',
  ];
  if (incident.services.length) lines.push(`**Services** ${incident.services.map(escapeMarkdown).join(', ')}`, '');
  if (incident.customers.length) lines.push(`**Customers** ${incident.customers.map(escapeMarkdown).join(', ')}`, '');
  if (incident.summary) lines.push('## Summary', '', escapeMarkdown(incident.summary), '');
  lines.push(...alertSection(incident, now));
  lines.push('## Roles', '');
  for (const role of SINGLE_ROLES) lines.push(`- ${roleName(role)}: ${incident.roles[role] ? escapeMarkdown(incident.roles[role] ?? '') : '_unassigned_'}`);
  for (const sme of incident.roles.smes) lines.push(`- ${roleName('sme')}: ${escapeMarkdown(sme)}`);
  lines.push('', '## Timeline', '', '| Time (UTC) | Who | What |', '| --- | --- | --- |');
  for (const event of incident.timeline) {
    lines.push(`| ${event.at.replace('T', ' ').slice(0, 19)} | ${escapeMarkdown(event.author)} | ${escapeMarkdown(describeEvent(event))} |`);
    if (event.type === 'status_update') {
      lines.push(`| | | Actions: ${escapeMarkdown(event.actions)} |`, `| | | Needs: ${escapeMarkdown(event.needs)} |`);
    }
  }
  const skipped = incident.skippedEvents?.length ?? 0;
  if (skipped > 0) {
    lines.push('', `_${skipped} timeline ${skipped === 1 ? 'event' : 'events'} from the backend could not be read and ${skipped === 1 ? 'is' : 'are'} not shown._`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * An alert-opened incident's alerts, firing first, as the tree rows show them: where it
 * came from, then one row per alert with its state, the labels that tell it apart, its
 * summary and its links, all as escaped text (a monitor's text is never markup).
 */
function alertSection(incident: IncidentWithTimeline, now: Date): string[] {
  const rows = alertRows(incident, now);
  if (rows.length === 0) return [];
  const origin = alertOrigin(incident);
  const lines = ['## Alerts', ''];
  if (origin) lines.push(escapeMarkdown(origin), '');
  lines.push('| Alert | State | Details | Links |', '| --- | --- | --- | --- |');
  for (const row of rows) {
    const details = row.tooltip.split('\n').filter((line) => line !== '').map(escapeMarkdown).join('; ');
    const links = [row.runbookUrl && `runbook ${escapeMarkdown(row.runbookUrl)}`, row.generatorUrl && `source ${escapeMarkdown(row.generatorUrl)}`].filter(Boolean).join('; ');
    lines.push(`| ${escapeMarkdown(row.label)} | ${escapeMarkdown(row.description)} | ${details} | ${links} |`);
  }
  lines.push('');
  return lines;
}

/** Backslash-escapes markdown punctuation and neutralises HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`)).replace(/\r?\n/g, ' ');
}
