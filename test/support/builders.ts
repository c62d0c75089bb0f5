import type {
  Incident,
  IncidentStatus,
  Roles,
  Severity,
  TimelineEvent,
} from '../../src/core/incidents/model';

/** Typed fixture builder: `new IncidentBuilder().severity(1).build()`. */
export class IncidentBuilder {
  private static next = 1;
  private readonly value: Incident;

  constructor() {
    const n = IncidentBuilder.next++;
    this.value = {
      id: `INC-${n}`,
      title: `Incident ${n}`,
      severity: 3,
      status: 'investigating',
      services: [],
      customers: [],
      tags: [],
      roles: { smes: [] },
      declaredAt: '2026-11-01T10:00:00.000Z',
      summary: '',
      version: 1,
    };
  }

  id(id: string): this { this.value.id = id; return this; }
  title(title: string): this { this.value.title = title; return this; }
  severity(severity: Severity): this { this.value.severity = severity; return this; }
  status(status: IncidentStatus): this { this.value.status = status; return this; }
  services(...services: string[]): this { this.value.services = services; return this; }
  customers(...customers: string[]): this { this.value.customers = customers; return this; }
  roles(roles: Partial<Roles>): this { this.value.roles = { smes: [], ...roles }; return this; }
  declaredAt(iso: string): this { this.value.declaredAt = iso; return this; }
  acknowledgedAt(iso: string): this { this.value.acknowledgedAt = iso; return this; }
  resolvedAt(iso: string): this { this.value.resolvedAt = iso; this.value.status = 'resolved'; return this; }
  summary(summary: string): this { this.value.summary = summary; return this; }
  build(): Incident { return structuredClone(this.value); }
}

let eventCounter = 0;

/** A note event for timeline fixtures. */
export function noteEvent(incidentId: string, at: string, text: string, author = 'alice'): TimelineEvent {
  eventCounter += 1;
  return { id: `evt-${eventCounter}`, incidentId, at, author, type: 'note', text };
}
