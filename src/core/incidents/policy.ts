import type { Severity, SingleRole } from './model';

/**
 * The team's severity policy: what each level means and the clocks it sets.
 * The default is DOMAIN.md's table; `.incident-desk/policy.yaml` overrides it
 * (see src/core/policy/ for the file's schema and parsing).
 */
export interface SeverityLevel {
  severity: Severity;
  name: string;
  /** When to declare at this level, shown beside it in the declare flow. */
  trigger: string;
  response: string;
  loopIn: string;
  requiredRoles: SingleRole[];
  /** Consult a subject matter expert if still unresolved after this long. */
  consultSmeAfterMs: number;
  /** Declared → first responder checked in; undefined when the level has no KPI. */
  timeToActionKpiMs?: number;
  /** A status update is due this long after the last one; undefined: no cadence. */
  updateEveryMs?: number;
}

export interface SeverityPolicy {
  levels: Record<Severity, SeverityLevel>;
  /** A commander on an incident longer than this hands off with a written handoff. */
  commanderHandoffAfterMs: number;
  /** Runbooks not reviewed within this many days are stale. */
  runbookReviewIntervalDays: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DEFAULT_POLICY: SeverityPolicy = {
  levels: {
    0: {
      severity: 0,
      name: 'Critical',
      trigger: 'Complete customer outage or SLA breach',
      response: 'All hands',
      loopIn: 'Everyone incl. managers; legal and finance if the SLA is hit; PR if public',
      requiredRoles: ['commander', 'communications', 'technical'],
      consultSmeAfterMs: 1 * HOUR,
      timeToActionKpiMs: 5 * MINUTE,
      updateEveryMs: 15 * MINUTE,
    },
    1: {
      severity: 1,
      name: 'Major',
      trigger: 'More than one region affected (or error budget gone within ~30 min)',
      response: 'Senior engineers and management',
      loopIn: 'All team members incl. managers; legal and finance if the SLA is hit',
      requiredRoles: ['commander', 'communications'],
      consultSmeAfterMs: 2 * HOUR,
      timeToActionKpiMs: 30 * MINUTE,
      updateEveryMs: 15 * MINUTE,
    },
    2: {
      severity: 2,
      name: 'High',
      trigger: 'One region affected (or error budget gone within hours)',
      response: 'Senior engineers',
      loopIn: 'Team manager and team',
      requiredRoles: [],
      consultSmeAfterMs: 4 * HOUR,
      updateEveryMs: 60 * MINUTE,
    },
    3: {
      severity: 3,
      name: 'Moderate',
      trigger: 'Partial outage of a major feature',
      response: 'Relevant engineers',
      loopIn: 'On-call only',
      requiredRoles: [],
      consultSmeAfterMs: 8 * HOUR,
    },
    4: {
      severity: 4,
      name: 'Low',
      trigger: 'Minor: select customers or a non-critical feature',
      response: 'Ticket only, no paging',
      loopIn: 'On-call only',
      requiredRoles: [],
      consultSmeAfterMs: 8 * HOUR,
    },
  },
  commanderHandoffAfterMs: 8 * HOUR,
  runbookReviewIntervalDays: 90,
};

export function levelOf(policy: SeverityPolicy, severity: Severity): SeverityLevel {
  return policy.levels[severity];
}
