import type { Audience, Incident, TimelineEvent } from '../../core/incidents/model';

/** What a stakeholder message says, before any channel's format. Plain text; each format escapes it its own way. */
export interface StakeholderMessage {
  /** `INC-7 · Sev 1 · Checkout errors in EU`. */
  headline: string;
  /** What happened, one line: "Declared", "Update", "Resolved". */
  kind: string;
  /** Label → text pairs (Conditions, Actions, Needs; Severity, Status). */
  facts: { title: string; value: string }[];
  incidentId: string;
  severity: number;
  at: string;
}

/**
 * The title a reader of this audience may see. Customers (external channels and the
 * status page) read the public title only: the internal one often names systems,
 * customers or suspected causes.
 */
export function titleFor(incident: Incident, audience: Audience): string {
  if (audience !== 'external') return incident.title;
  return publicTitle(incident);
}

export function publicTitle(incident: Pick<Incident, 'publicTitle' | 'severity'>): string {
  return incident.publicTitle ?? `Service disruption (Sev ${incident.severity})`;
}

export function stakeholderMessage(incident: Incident, event: TimelineEvent, audience: Audience): StakeholderMessage {
  const title = titleFor(incident, audience);
  const base = { incidentId: incident.id, severity: incident.severity, at: event.at };
  const headline = `${incident.id} · Sev ${incident.severity} · ${title}`;
  switch (event.type) {
    case 'declared':
      return { ...base, headline, kind: 'Incident declared', facts: [{ title: 'Severity', value: `Sev ${event.severity}` }] };
    case 'severity_changed':
      return { ...base, headline, kind: 'Severity changed', facts: [{ title: 'Severity', value: `Sev ${event.from} → Sev ${event.to}` }] };
    case 'status_update': {
      const facts = [
        { title: 'Conditions', value: event.conditions },
        { title: 'Actions', value: event.actions },
        { title: 'Needs', value: event.needs },
      ].filter((fact) => fact.value.trim() !== '');
      return { ...base, headline, kind: `${capitalise(event.audience)} update`, facts };
    }
    case 'resolved':
      return { ...base, headline, kind: 'Resolved', facts: [{ title: 'Status', value: 'resolved' }] };
    default:
      return { ...base, headline, kind: event.type, facts: [] };
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
