import type {
  DeclareRequest,
  Incident,
  IncidentPatch,
  NewEvent,
  RoleName,
  Roles,
  TimelineEvent,
} from '../core/incidents/model';
import { SINGLE_ROLES } from '../core/incidents/model';

/**
 * The rules for how a request changes an incident and which timeline events it
 * produces. Pure functions, so every store applies exactly the same rules and
 * they are tested without a database.
 */

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A timeline event before the store has given it an id. */
export type EventDraft = DistributiveOmit<TimelineEvent, 'id' | 'incidentId'>;

/** Who a change is recorded under: the token's name, and whom an integration acted for. */
export interface Actor {
  author: string;
  onBehalfOf?: string;
}

export interface PlannedChange {
  incident: Incident;
  events: EventDraft[];
  /** False when the request asked for what already was; nothing is written then. */
  changed: boolean;
}

/** The incident a declare request creates (id and version are filled by the store). */
export function planDeclare(request: DeclareRequest, id: string, at: string): PlannedChange {
  const roles: Roles = { ...request.roles, smes: [...(request.roles?.smes ?? [])] };
  const incident: Incident = {
    id,
    title: request.title,
    severity: request.severity,
    status: 'investigating',
    services: [...(request.services ?? [])],
    customers: [...(request.customers ?? [])],
    tags: [...(request.tags ?? [])],
    roles,
    declaredAt: at,
    summary: request.summary ?? '',
    version: 1,
  };
  if (request.publicTitle !== undefined) incident.publicTitle = request.publicTitle;
  const actor = attribution({ author: request.author, onBehalfOf: request.onBehalfOf });
  const declared: EventDraft = { type: 'declared', at, ...actor, severity: request.severity, title: request.title };
  return { incident, events: [declared, ...roleEvents({ smes: [] }, roles, actor, at)], changed: true };
}

/** Applies a PATCH: every severity, status and role change becomes a timeline event. */
export function planPatch(current: Incident, patch: IncidentPatch, by: Actor, at: string): PlannedChange {
  const actor = attribution(by);
  const next: Incident = structuredClone(current);
  const events: EventDraft[] = [];
  let changed = false;

  if (patch.title !== undefined && patch.title !== current.title) {
    next.title = patch.title;
    changed = true;
  }
  if (patch.publicTitle !== undefined && patch.publicTitle !== current.publicTitle) {
    next.publicTitle = patch.publicTitle;
    changed = true;
  }
  if (patch.summary !== undefined && patch.summary !== current.summary) {
    next.summary = patch.summary;
    changed = true;
  }
  if (patch.severity !== undefined && patch.severity !== current.severity) {
    next.severity = patch.severity;
    events.push({ type: 'severity_changed', at, ...actor, from: current.severity, to: patch.severity });
  }
  if (patch.status !== undefined && patch.status !== current.status) {
    next.status = patch.status;
    events.push({ type: 'status_changed', at, ...actor, from: current.status, to: patch.status });
    if (patch.status === 'resolved') {
      next.resolvedAt = at;
      events.push({ type: 'resolved', at, ...actor });
    } else if (current.status === 'resolved') {
      // Reopened: the old resolution time no longer describes the incident.
      delete next.resolvedAt;
    }
  }
  if (patch.roles !== undefined) {
    const merged: Roles = { ...current.roles, ...patch.roles, smes: patch.roles.smes ?? current.roles.smes };
    const assigned = roleEvents(current.roles, merged, actor, at);
    const smesChanged = merged.smes.join('\n') !== current.roles.smes.join('\n');
    if (assigned.length > 0 || smesChanged) {
      next.roles = merged;
      events.push(...assigned);
      changed = true;
    }
  }

  changed = changed || events.length > 0;
  if (changed) next.version = current.version + 1;
  return { incident: next, events, changed };
}

/**
 * Appends a client event. The first check-in acknowledges the incident (the
 * time-to-action KPI is measured to it); notes and updates leave the incident
 * record, and so its version, alone.
 */
export function planEvent(current: Incident, event: NewEvent, at: string): PlannedChange {
  const next: Incident = structuredClone(current);
  let changed = false;
  if (event.type === 'check_in' && current.acknowledgedAt === undefined) {
    next.acknowledgedAt = at;
    next.version = current.version + 1;
    changed = true;
  }
  return { incident: next, events: [{ ...event, at }], changed };
}

function roleEvents(before: Roles, after: Roles, actor: Actor, at: string): EventDraft[] {
  const events: EventDraft[] = [];
  for (const role of SINGLE_ROLES) {
    const assignee = after[role];
    if (assignee !== undefined && assignee !== before[role]) events.push(roleAssigned(role, assignee, actor, at));
  }
  for (const sme of after.smes) {
    if (!before.smes.includes(sme)) events.push(roleAssigned('sme', sme, actor, at));
  }
  return events;
}

function roleAssigned(role: RoleName, assignee: string, actor: Actor, at: string): EventDraft {
  return { type: 'role_assigned', at, ...actor, role, assignee };
}

/** `onBehalfOf` only when there is one, so stored events carry no empty field. */
function attribution(actor: Actor): Actor {
  return actor.onBehalfOf === undefined ? { author: actor.author } : { author: actor.author, onBehalfOf: actor.onBehalfOf };
}
