import { incidentAge } from './describe';
import type { Incident } from './model';

export interface IncidentRow {
  /** What a narrow sidebar must not cut: id, status and age. */
  label: string;
  /** What may be cut: flags, then the title. */
  description: string;
  /** The hover, line by line; plain text, for the caller to escape. */
  hover: string[];
  accessibilityLabel: string;
}

/**
 * How an incident reads in the tree. A sidebar cuts the end of a row, so what a
 * responder scans for (which incident, how far along, for how long) comes first and
 * the title, the longest part, last.
 */
export function incidentRow(incident: Incident, facts: { now: Date; current: boolean; attention: boolean }): IncidentRow {
  const age = incidentAge(incident, facts.now);
  const flags = [facts.current ? '● current' : '', facts.attention ? '⚠ needs attention' : ''].filter(Boolean);
  return {
    label: `${incident.id} · ${incident.status} · ${age}`,
    description: [...flags, incident.title].join(' · '),
    hover: [
      `${incident.id} · Sev ${incident.severity} · ${incident.status} · declared ${age} ago (${incident.declaredAt})`,
      incident.title,
      incident.summary,
      incident.services.length ? `Services: ${incident.services.join(', ')}` : '',
      ...flags,
    ].filter(Boolean),
    accessibilityLabel: `${incident.id}, severity ${incident.severity}, ${incident.status}, declared ${age} ago, ${incident.title}${facts.attention ? ', needs attention' : ''}`,
  };
}
