import {
  AUDIENCES,
  INCIDENT_STATUSES,
  SEVERITIES,
  SINGLE_ROLES,
  type Audience,
  type IncidentStatus,
  type RoleName,
  type Severity,
} from '../../core/incidents/model';

/**
 * An argument a person or a script gave that no backend would accept. The
 * application's own error, like ConfigurationError, so each front end shows it its
 * way: the command line as a usage error (exit 2), before anything is sent.
 */
export class ActionArgumentError extends Error {
  override name = 'ActionArgumentError';
}

export const ROLE_NAMES: readonly RoleName[] = [...SINGLE_ROLES, 'sme'];

/** `0`…`4`; only digits, so `1.5`, `2e0` and ` ` are refused rather than rounded. */
export function severityArgument(text: string): Severity {
  const severity = /^\d$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(SEVERITIES as readonly number[]).includes(severity)) {
    throw new ActionArgumentError(`severity must be one of ${SEVERITIES.join(', ')} (0 is the most severe), not '${text}'`);
  }
  return severity as Severity;
}

export function statusArgument(text: string): IncidentStatus {
  return oneOf('status', INCIDENT_STATUSES, text);
}

export function roleArgument(text: string): RoleName {
  return oneOf('role', ROLE_NAMES, text);
}

export function audienceArgument(text: string): Audience {
  return oneOf('audience', AUDIENCES, text);
}

/** Trimmed; a title, note or name that is only whitespace says nothing and is refused. */
export function textArgument(what: string, text: string | undefined): string {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') throw new ActionArgumentError(`${what} must not be empty`);
  return trimmed;
}

function oneOf<T extends string>(what: string, allowed: readonly T[], text: string): T {
  const value = text.trim().toLowerCase();
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw new ActionArgumentError(`${what} must be one of ${allowed.join(', ')}, not '${text}'`);
  return found;
}
