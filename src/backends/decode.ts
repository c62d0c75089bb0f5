import { BackendError } from './backend';
import {
  ALERT_SOURCES,
  AUDIENCES,
  DELIVERY_OUTCOMES,
  EVENT_TYPES,
  INCIDENT_STATUSES,
  SEVERITIES,
  SINGLE_ROLES,
  type AlertGroupLink,
  type AlertStatus,
  type EventType,
  type IncidentAlert,
  type Incident,
  type IncidentWithTimeline,
  type RoleName,
  type SkippedEvent,
  type TimelineEvent,
} from '../core/incidents/model';

/**
 * Checks that what a server sent really is an incident or an event before the
 * editor trusts it. A wrong shape becomes a `bad_response` error here instead of
 * a crash somewhere in a tree view later.
 */

type Json = Record<string, unknown>;

/**
 * Ids end up in file names, branch names, URLs and terminal lines; ours are
 * `INC-<n>` and PagerDuty's a dozen characters, so anything longer is not an id.
 */
export const MAX_ID_LENGTH = 200;

const ROLE_NAMES: readonly RoleName[] = [...SINGLE_ROLES, 'sme'];
/** Fields every event has; an unknown event's details are the rest. */
const BASE_FIELDS = new Set(['id', 'incidentId', 'at', 'author', 'type']);
const MAX_UNKNOWN_DETAILS = 12;
const MAX_DETAIL_LENGTH = 500;
/** The server stores at most 200 alerts per incident; more is not an incident this client shows whole. */
const MAX_ALERTS = 500;
const MAX_ALERT_FIELDS = 100;
const ALERT_STATUSES: readonly AlertStatus[] = ['firing', 'resolved'];

export function decodeIncident(value: unknown, where: string): Incident {
  const o = object(value, where);
  const incident: Incident = {
    id: identifier(o.id, `${where}.id`),
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
  if (o.alerts !== undefined) incident.alerts = decodeAlerts(o.alerts, `${where}.alerts`);
  if (o.alertGroup !== undefined) incident.alertGroup = decodeAlertGroup(o.alertGroup, `${where}.alertGroup`);
  if (o.publicTitle !== undefined) incident.publicTitle = string(o.publicTitle, `${where}.publicTitle`);
  return incident;
}

/** The alerts an alert-opened incident carries; bounded, since a monitor decides how many there are. */
function decodeAlerts(value: unknown, where: string): IncidentAlert[] {
  if (!Array.isArray(value)) throw bad(`${where} is not a list`);
  return value.slice(0, MAX_ALERTS).map((item, i) => {
    const at = `${where}[${i}]`;
    const o = object(item, at);
    const alert: IncidentAlert = {
      fingerprint: identifier(o.fingerprint, `${at}.fingerprint`),
      name: string(o.name, `${at}.name`),
      status: member(o.status, ALERT_STATUSES, `${at}.status`),
      labels: stringMap(o.labels, `${at}.labels`),
      annotations: stringMap(o.annotations, `${at}.annotations`),
      startsAt: string(o.startsAt, `${at}.startsAt`),
    };
    if (o.endsAt !== undefined) alert.endsAt = string(o.endsAt, `${at}.endsAt`);
    if (o.generatorUrl !== undefined) alert.generatorUrl = string(o.generatorUrl, `${at}.generatorUrl`);
    if (o.runbookUrl !== undefined) alert.runbookUrl = string(o.runbookUrl, `${at}.runbookUrl`);
    return alert;
  });
}

function decodeAlertGroup(value: unknown, where: string): AlertGroupLink {
  const o = object(value, where);
  const group: AlertGroupLink = {
    source: member(o.source, ALERT_SOURCES, `${where}.source`),
    groupKey: string(o.groupKey, `${where}.groupKey`),
  };
  if (o.externalUrl !== undefined) group.externalUrl = string(o.externalUrl, `${where}.externalUrl`);
  if (o.firedAgainFrom !== undefined) group.firedAgainFrom = identifier(o.firedAgainFrom, `${where}.firedAgainFrom`);
  return group;
}

/** Label and annotation maps: string values only, bounded in count. */
function stringMap(value: unknown, where: string): Record<string, string> {
  const o = object(value, where);
  const entries = Object.entries(o);
  if (entries.length > MAX_ALERT_FIELDS) throw bad(`${where} has more than ${MAX_ALERT_FIELDS} entries`);
  for (const [key, item] of entries) if (typeof item !== 'string') throw bad(`${where}.${key.slice(0, 60)} is not a string`);
  return { ...(o as Record<string, string>) };
}

/** The incident and every event that can be read; the others are listed in `skippedEvents`, never fatal. */
export function decodeIncidentWithTimeline(value: unknown, where: string): IncidentWithTimeline {
  const incident = decodeIncident(value, where);
  const timeline = object(value, where).timeline;
  if (!Array.isArray(timeline)) throw bad(`${where}.timeline is not a list`);
  const events: TimelineEvent[] = [];
  const skipped: SkippedEvent[] = [];
  timeline.forEach((event, index) => {
    try {
      events.push(decodeEvent(event, `${where}.timeline[${index}]`));
    } catch (error) {
      if (!(error instanceof BackendError)) throw error;
      skipped.push({ index, problem: error.message });
    }
  });
  return skipped.length > 0 ? { ...incident, timeline: events, skippedEvents: skipped } : { ...incident, timeline: events };
}

/**
 * Checks the fields every event has and then the fields of its type, and copies
 * only those: a `note` without `text` is refused here, not in the retrospective
 * merge. A type this client does not know becomes an UnknownEvent.
 */
export function decodeEvent(value: unknown, where: string): TimelineEvent {
  const o = object(value, where);
  const base = {
    id: identifier(o.id, `${where}.id`),
    incidentId: identifier(o.incidentId, `${where}.incidentId`),
    at: string(o.at, `${where}.at`),
    author: string(o.author, `${where}.author`),
  };
  const type = string(o.type, `${where}.type`);
  if (!isKnownType(type)) return { ...base, type: 'unknown', originalType: type.slice(0, MAX_ID_LENGTH), details: unknownDetails(o) };
  const fieldPath = (field: string) => `${where}.${field}`;
  switch (type) {
    case 'declared':
      return { ...base, type, severity: member(o.severity, SEVERITIES, fieldPath('severity')), title: string(o.title, fieldPath('title')) };
    case 'severity_changed':
      return { ...base, type, from: member(o.from, SEVERITIES, fieldPath('from')), to: member(o.to, SEVERITIES, fieldPath('to')) };
    case 'status_changed':
      return { ...base, type, from: member(o.from, INCIDENT_STATUSES, fieldPath('from')), to: member(o.to, INCIDENT_STATUSES, fieldPath('to')) };
    case 'role_assigned':
      return { ...base, type, role: member(o.role, ROLE_NAMES, fieldPath('role')), assignee: string(o.assignee, fieldPath('assignee')) };
    case 'check_in':
    case 'resolved':
      return { ...base, type };
    case 'note':
      return { ...base, type, text: string(o.text, fieldPath('text')) };
    case 'status_update':
      return {
        ...base,
        type,
        audience: member(o.audience, AUDIENCES, fieldPath('audience')),
        conditions: string(o.conditions, fieldPath('conditions')),
        actions: string(o.actions, fieldPath('actions')),
        needs: string(o.needs, fieldPath('needs')),
      };
    case 'alert_firing':
    case 'alert_resolved':
      return { ...base, type, alertName: string(o.alertName, fieldPath('alertName')), fingerprint: identifier(o.fingerprint, fieldPath('fingerprint')) };
    case 'alert_group_resolved':
      return { ...base, type, alerts: integer(o.alerts, fieldPath('alerts')) };
    case 'delivery':
      return {
        ...base,
        type,
        channel: string(o.channel, fieldPath('channel')),
        label: string(o.label, fieldPath('label')),
        outcome: member(o.outcome, DELIVERY_OUTCOMES, fieldPath('outcome')),
        forEvent: identifier(o.forEvent, fieldPath('forEvent')),
        detail: string(o.detail, fieldPath('detail')),
      };
    case 'runbook_step': {
      const step: TimelineEvent = {
        ...base,
        type,
        runbook: string(o.runbook, fieldPath('runbook')),
        step: string(o.step, fieldPath('step')),
        exitCode: o.exitCode === null ? null : integer(o.exitCode, fieldPath('exitCode')),
        durationMs: duration(o.durationMs, fieldPath('durationMs')),
        command: string(o.command, fieldPath('command')),
      };
      if (o.runId !== undefined) step.runId = identifier(o.runId, fieldPath('runId'));
      return step;
    }
  }
}

function isKnownType(type: string): type is EventType {
  return (EVENT_TYPES as readonly string[]).includes(type);
}

/** Scalar fields only, bounded: enough to show what happened, never an object graph from a server. */
function unknownDetails(o: Json): Record<string, string> {
  const details: Record<string, string> = {};
  let count = 0;
  for (const [key, value] of Object.entries(o)) {
    if (BASE_FIELDS.has(key) || count >= MAX_UNKNOWN_DETAILS) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    details[key.slice(0, 60)] = String(value).slice(0, MAX_DETAIL_LENGTH);
    count += 1;
  }
  return details;
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

/** A non-empty string of at most MAX_ID_LENGTH characters. */
function identifier(value: unknown, where: string): string {
  const text = string(value, where);
  if (text === '') throw bad(`${where} is empty`);
  if (text.length > MAX_ID_LENGTH) throw bad(`${where} is longer than ${MAX_ID_LENGTH} characters (${text.length})`);
  return text;
}

function duration(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw bad(`${where} is not a duration in milliseconds`);
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
