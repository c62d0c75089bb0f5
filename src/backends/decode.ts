import { BackendError } from './backend';
import {
  EVENT_TYPES,
  INCIDENT_STATUSES,
  SEVERITIES,
  type Incident,
  type IncidentWithTimeline,
  type TimelineEvent,
} from '../core/incidents/model';

/**
 * Checks that what a server sent really is an incident or an event before the
 * editor trusts it. A wrong shape becomes a `bad_response` error here instead of
 * a crash somewhere in a tree view later.
 */

type Json = Record<string, unknown>;

export function decodeIncident(value: unknown, where: string): Incident {
  const o = object(value, where);
  const incident: Incident = {
    id: string(o.id, `${where}.id`),
    title: string(o.title, `${where}.title`),
    severity: member(o.severity, SEVERITIES, `${where}.severity`),
    status: member(o.status, INCIDENT_STATUSES, `${where}.status`),
    services: strings(o.services, `${where}.services`),
    customers: strings(o.customers, `${where}.customers`),
    tags: strings(o.tags, `${where}.tags`),
    roles: decodeRoles(o.roles, `${where}.roles`),
    declaredAt: string(o.declaredAt, `${where}.declaredAt`),
    summary: string(o.summary, `${where}.summary`),
    version: integer(o.version, `${where}.version`),
  };
  if (o.acknowledgedAt !== undefined) incident.acknowledgedAt = string(o.acknowledgedAt, `${where}.acknowledgedAt`);
  if (o.resolvedAt !== undefined) incident.resolvedAt = string(o.resolvedAt, `${where}.resolvedAt`);
  if (o.htmlUrl !== undefined) incident.htmlUrl = string(o.htmlUrl, `${where}.htmlUrl`);
  return incident;
}

export function decodeIncidentWithTimeline(value: unknown, where: string): IncidentWithTimeline {
  const incident = decodeIncident(value, where);
  const timeline = object(value, where).timeline;
  if (!Array.isArray(timeline)) throw bad(`${where}.timeline is not a list`);
  return { ...incident, timeline: timeline.map((event, i) => decodeEvent(event, `${where}.timeline[${i}]`)) };
}

/** Checks the fields every event has and the type; the type-specific fields pass through as sent. */
export function decodeEvent(value: unknown, where: string): TimelineEvent {
  const o = object(value, where);
  string(o.id, `${where}.id`);
  string(o.incidentId, `${where}.incidentId`);
  string(o.at, `${where}.at`);
  string(o.author, `${where}.author`);
  member(o.type, EVENT_TYPES, `${where}.type`);
  return o as unknown as TimelineEvent;
}

function decodeRoles(value: unknown, where: string): Incident['roles'] {
  const o = object(value, where);
  const roles: Incident['roles'] = { smes: o.smes === undefined ? [] : strings(o.smes, `${where}.smes`) };
  for (const role of ['commander', 'communications', 'technical', 'scribe'] as const) {
    if (o[role] !== undefined) roles[role] = string(o[role], `${where}.${role}`);
  }
  return roles;
}

function object(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(`${where} is not an object`);
  return value as Json;
}

function string(value: unknown, where: string): string {
  if (typeof value !== 'string') throw bad(`${where} is not a string`);
  return value;
}

function integer(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw bad(`${where} is not an integer`);
  return value;
}

function strings(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw bad(`${where} is not a list of strings`);
  return value as string[];
}

function member<T>(value: unknown, allowed: readonly T[], where: string): T {
  if (!allowed.includes(value as T)) throw bad(`${where} has an unexpected value`);
  return value as T;
}

function bad(message: string): BackendError {
  return new BackendError('bad_response', `The server sent an unexpected shape: ${message}.`);
}
