import {
  AUDIENCES,
  INCIDENT_STATUSES,
  SEVERITIES,
  SINGLE_ROLES,
  type DeclareRequest,
  type IncidentPatch,
  type NewEvent,
} from '../../core/incidents/model';

/** A write the user made, kept on disk until the backend has it. */
export type PendingAction =
  | { kind: 'declare'; key: string; queuedAt: string; request: DeclareRequest }
  | { kind: 'update'; key: string; queuedAt: string; incidentId: string; patch: IncidentPatch }
  | { kind: 'event'; key: string; queuedAt: string; incidentId: string; event: NewEvent };

export type NewAction =
  | { kind: 'declare'; request: DeclareRequest }
  | { kind: 'update'; incidentId: string; patch: IncidentPatch }
  | { kind: 'event'; incidentId: string; event: NewEvent };

type Json = Record<string, unknown>;

/**
 * Why an entry read from the queue file is not a PendingAction, or undefined when it
 * is one. Every field the send path reads is checked, so a hand-edited or truncated
 * entry is set aside at load instead of failing (or sending garbage) at replay.
 */
export function pendingActionProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'it is not an object';
  if (!nonEmptyString(value.key)) return 'it has no idempotency key';
  if (typeof value.queuedAt !== 'string' || Number.isNaN(Date.parse(value.queuedAt))) return 'it has no valid queuedAt time';
  switch (value.kind) {
    case 'declare':
      return declareProblem(value.request);
    case 'update':
      return nonEmptyString(value.incidentId) ? patchProblem(value.patch) : 'it has no incidentId';
    case 'event':
      return nonEmptyString(value.incidentId) ? eventProblem(value.event) : 'it has no incidentId';
    default:
      return 'its kind is not declare, update or event';
  }
}

function declareProblem(request: unknown): string | undefined {
  if (!isObject(request)) return 'its request is not an object';
  if (typeof request.title !== 'string') return 'its request has no title';
  if (!isMember(request.severity, SEVERITIES)) return 'its request has no valid severity';
  if (typeof request.author !== 'string') return 'its request has no author';
  for (const list of ['services', 'customers', 'tags'] as const) {
    if (request[list] !== undefined && !isStringList(request[list])) return `its request's ${list} is not a list of strings`;
  }
  if (request.summary !== undefined && typeof request.summary !== 'string') return "its request's summary is not text";
  return request.roles === undefined ? undefined : rolesProblem(request.roles, "its request's roles");
}

function patchProblem(patch: unknown): string | undefined {
  if (!isObject(patch)) return 'its patch is not an object';
  if (patch.severity !== undefined && !isMember(patch.severity, SEVERITIES)) return "its patch's severity is not valid";
  if (patch.status !== undefined && !isMember(patch.status, INCIDENT_STATUSES)) return "its patch's status is not valid";
  for (const text of ['summary', 'title'] as const) {
    if (patch[text] !== undefined && typeof patch[text] !== 'string') return `its patch's ${text} is not text`;
  }
  return patch.roles === undefined ? undefined : rolesProblem(patch.roles, "its patch's roles");
}

function rolesProblem(roles: unknown, what: string): string | undefined {
  if (!isObject(roles)) return `${what} are not an object`;
  for (const role of SINGLE_ROLES) if (roles[role] !== undefined && typeof roles[role] !== 'string') return `${what}.${role} is not text`;
  if (roles.smes !== undefined && !isStringList(roles.smes)) return `${what}.smes is not a list of strings`;
  return undefined;
}

function eventProblem(event: unknown): string | undefined {
  if (!isObject(event)) return 'its event is not an object';
  if (typeof event.author !== 'string') return 'its event has no author';
  const missing = (fields: readonly string[]) => fields.find((field) => typeof event[field] !== 'string');
  switch (event.type) {
    case 'check_in':
      return undefined;
    case 'note':
      return typeof event.text === 'string' ? undefined : 'its note has no text';
    case 'status_update': {
      if (!isMember(event.audience, AUDIENCES)) return "its status update's audience is not valid";
      const field = missing(['conditions', 'actions', 'needs']);
      return field === undefined ? undefined : `its status update has no ${field}`;
    }
    case 'runbook_step': {
      const field = missing(['runbook', 'step', 'command']);
      if (field) return `its runbook step has no ${field}`;
      if (event.runId !== undefined && typeof event.runId !== 'string') return "its runbook step's runId is not text";
      if (event.exitCode !== null && !Number.isInteger(event.exitCode)) return "its runbook step's exitCode is not an integer or null";
      if (typeof event.durationMs !== 'number' || !Number.isFinite(event.durationMs) || event.durationMs < 0) return "its runbook step's durationMs is not valid";
      return undefined;
    }
    default:
      return 'its event type is not check_in, note, status_update or runbook_step';
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isMember<T>(value: unknown, allowed: readonly T[]): boolean {
  return allowed.includes(value as T);
}
