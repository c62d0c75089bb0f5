/**
 * The incident model shared by every layer: the server stores it, the backends
 * speak it, the editor shows it and retrospectives are built from it.
 * Plain data only, so it crosses HTTP, SQLite and the extension host unchanged.
 */

export const SEVERITIES = [0, 1, 2, 3, 4] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const AUDIENCES = ['executive', 'technical', 'external'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Single-holder roles; subject matter experts are a list of their own. */
export const SINGLE_ROLES = ['commander', 'communications', 'technical', 'scribe'] as const;
export type SingleRole = (typeof SINGLE_ROLES)[number];
export type RoleName = SingleRole | 'sme';

export interface Roles {
  commander?: string;
  communications?: string;
  technical?: string;
  scribe?: string;
  smes: string[];
}

export interface Incident {
  /** `INC-<n>` for our own server; PagerDuty's id for PagerDuty. */
  id: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  services: string[];
  customers: string[];
  tags: string[];
  roles: Roles;
  /** ISO 8601 UTC timestamps. */
  declaredAt: string;
  acknowledgedAt?: string;
  resolvedAt?: string;
  summary: string;
  /** Optimistic-concurrency version; incremented on every change. */
  version: number;
  /** A link to the incident in the backend's own UI, when it has one. */
  htmlUrl?: string;
  /** The alerts of the group that opened it, oldest first (incidents opened by a monitor only). */
  alerts?: IncidentAlert[];
  /** Set when a monitor's alert group opened the incident: which group, and whether it fired again. */
  alertGroup?: AlertGroupLink;
  /**
   * The title customers read on the public status page. Without one the page says
   * "Service disruption" and the severity: the internal title often names systems or customers.
   */
  publicTitle?: string;
}

export const ALERT_SOURCES = ['alertmanager', 'grafana', 'webhook'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];
export type AlertStatus = 'firing' | 'resolved';

/** One alert as the monitor reported it; text fields are remote content, never markup. */
export interface IncidentAlert {
  /** The monitor's identity for the alert (Alertmanager: a hash of its labels). */
  fingerprint: string;
  /** `alertname`, what runbook front matter names under `alerts:`. */
  name: string;
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ISO 8601 UTC. */
  startsAt: string;
  /** ISO 8601 UTC; only once it resolved. */
  endsAt?: string;
  /** The rule or graph that produced it (Prometheus expression browser, Grafana rule). */
  generatorUrl?: string;
  /** The `runbook_url` annotation, when the alert names one. */
  runbookUrl?: string;
}

export interface AlertGroupLink {
  source: AlertSource;
  /** The monitor's key for the group (Alertmanager's groupKey); one open incident per group. */
  groupKey: string;
  /** The monitor's own UI (Alertmanager's externalURL). */
  externalUrl?: string;
  /** The incident this group opened before, resolved since: the group fired again. */
  firedAgainFrom?: string;
}

export const EVENT_TYPES = [
  'declared',
  'severity_changed',
  'status_changed',
  'role_assigned',
  'check_in',
  'note',
  'status_update',
  'runbook_step',
  'resolved',
  'alert_firing',
  'alert_resolved',
  'alert_group_resolved',
  'delivery',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

interface EventBase {
  id: string;
  incidentId: string;
  /** ISO 8601 UTC. */
  at: string;
  author: string;
  /** Set when an integration (an alert receiver, a bot) acted for this person. */
  onBehalfOf?: string;
}

export interface DeclaredEvent extends EventBase { type: 'declared'; severity: Severity; title: string }
export interface SeverityChangedEvent extends EventBase { type: 'severity_changed'; from: Severity; to: Severity }
export interface StatusChangedEvent extends EventBase { type: 'status_changed'; from: IncidentStatus; to: IncidentStatus }
export interface RoleAssignedEvent extends EventBase { type: 'role_assigned'; role: RoleName; assignee: string }
export interface CheckInEvent extends EventBase { type: 'check_in' }
export interface NoteEvent extends EventBase { type: 'note'; text: string }
export interface StatusUpdateEvent extends EventBase {
  type: 'status_update';
  audience: Audience;
  /** CAN framework: Conditions, Actions, Needs. */
  conditions: string;
  actions: string;
  needs: string;
}
export interface RunbookStepEvent extends EventBase {
  type: 'runbook_step';
  /** Shared with the ExecutionRecord of the same run, so a retrospective lists it once. */
  runId?: string;
  runbook: string;
  step: string;
  /** null when the exit code could not be observed (no shell integration). */
  exitCode: number | null;
  durationMs: number;
  command: string;
}
export interface ResolvedEvent extends EventBase { type: 'resolved' }
/** An alert of the incident's group started firing (at declare, on joining, or again). */
export interface AlertFiringEvent extends EventBase { type: 'alert_firing'; alertName: string; fingerprint: string }
export interface AlertResolvedEvent extends EventBase { type: 'alert_resolved'; alertName: string; fingerprint: string }
/** Every alert of the group has resolved; the incident itself stays open unless the server's `alerts:` config says otherwise. */
export interface AlertGroupResolvedEvent extends EventBase { type: 'alert_group_resolved'; alerts: number }
export const DELIVERY_OUTCOMES = ['delivered', 'dead_letter'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];
/** The server delivered an event to a stakeholder channel, or gave up on it (a dead letter, retried by hand). */
export interface DeliveryEvent extends EventBase {
  type: 'delivery';
  /** The channel's name in the server's `notify:` config. */
  channel: string;
  /** What readers call it, e.g. `#inc-exec`. */
  label: string;
  outcome: DeliveryOutcome;
  /** The event that was delivered (EV-<n>). */
  forEvent: string;
  /** "delivered to #inc-exec", "failed: 404 from Teams". */
  detail: string;
}
/**
 * An event of a type this client does not know yet (a newer server adds alert and
 * delivery events). Kept rather than dropped, and shown by its type and scalar fields,
 * so an older editor still tells the whole story.
 */
export interface UnknownEvent extends EventBase {
  type: 'unknown';
  /** The type the backend sent, e.g. `alert_fired`. */
  originalType: string;
  /** Its other scalar fields, as text, in the order sent. */
  details: Record<string, string>;
}

export type TimelineEvent =
  | DeclaredEvent
  | SeverityChangedEvent
  | StatusChangedEvent
  | RoleAssignedEvent
  | CheckInEvent
  | NoteEvent
  | StatusUpdateEvent
  | RunbookStepEvent
  | ResolvedEvent
  | AlertFiringEvent
  | AlertResolvedEvent
  | AlertGroupResolvedEvent
  | DeliveryEvent
  | UnknownEvent;

/**
 * Who an event or declaration is attributed to. Our server takes `author` from the
 * bearer token (a body author must match it); PagerDuty uses it as the `From` email.
 */
interface Attribution {
  author: string;
  onBehalfOf?: string;
}

/** What a client sends to append an event; the server fills id, incidentId and at. */
export type NewEvent = Attribution &
  (
    | { type: 'check_in' }
    | { type: 'note'; text: string }
    | { type: 'status_update'; audience: Audience; conditions: string; actions: string; needs: string }
    | { type: 'runbook_step'; runId?: string; runbook: string; step: string; exitCode: number | null; durationMs: number; command: string }
  );

export interface IncidentWithTimeline extends Incident {
  timeline: TimelineEvent[];
  /**
   * Events the backend sent that could not be read (a field missing or of the wrong
   * kind): left out of `timeline` so one bad event never hides the incident, and
   * listed here so whoever shows the timeline can say that something is missing.
   */
  skippedEvents?: SkippedEvent[];
}

export interface SkippedEvent {
  /** Position in the backend's timeline. */
  index: number;
  /** Why it could not be read; names fields, never repeats their remote content. */
  problem: string;
}

export interface DeclareRequest {
  title: string;
  severity: Severity;
  services?: string[];
  customers?: string[];
  tags?: string[];
  summary?: string;
  roles?: Partial<Roles>;
  /** What the public status page calls the incident. */
  publicTitle?: string;
  author: string;
  onBehalfOf?: string;
}

export interface IncidentPatch {
  severity?: Severity;
  status?: IncidentStatus;
  roles?: Partial<Roles>;
  summary?: string;
  title?: string;
  publicTitle?: string;
}

export function isActive(incident: Pick<Incident, 'status'>): boolean {
  return incident.status !== 'resolved';
}
