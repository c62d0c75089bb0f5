import type {
  Audience,
  DeclareRequest,
  Incident,
  IncidentPatch,
  IncidentWithTimeline,
  NewEvent,
  TimelineEvent,
} from '../core/incidents/model';

/**
 * What the editor, the command line and retrospectives need from an incident
 * backend. Implementations: DeskBackend (our server) and PagerDutyBackend.
 */
export interface IncidentBackend {
  readonly kind: 'desk' | 'pagerduty';
  listActive(signal?: AbortSignal): Promise<Incident[]>;
  /**
   * Incidents resolved recently (PagerDuty: created since `since`; our server:
   * resolved since), for pickers that offer them beside the active ones. Bounded to
   * RECENTLY_RESOLVED_LIMIT, newest first.
   */
  listRecentlyResolved(since: Date, signal?: AbortSignal): Promise<Incident[]>;
  /**
   * Every incident declared in [since, until), with its timeline, for insights: the whole
   * window, page by page (our server: GET /v1/incidents?status=all&since, timelines from
   * GET /v1/events; PagerDuty: GET /incidents?since&until, acknowledgements as check-ins).
   */
  listInWindow?(window: { since: Date; until: Date }, signal?: AbortSignal): Promise<IncidentWithTimeline[]>;
  /** Who the backend records this client's writes as, when it can say (our server: the token's name). */
  whoAmI?(signal?: AbortSignal): Promise<BackendIdentity>;
  get(id: string, signal?: AbortSignal): Promise<IncidentWithTimeline>;
  declare(request: DeclareRequest, options?: WriteOptions): Promise<Incident>;
  /** `expectedVersion` turns into `If-Match`; a stale one rejects with a BackendError of kind 'conflict'. */
  update(id: string, patch: IncidentPatch, options?: WriteOptions & { expectedVersion?: number }): Promise<Incident>;
  addEvent(id: string, event: NewEvent, options?: WriteOptions): Promise<TimelineEvent>;
  /** Live changes. Push for our server (SSE), polling for PagerDuty. */
  subscribe(listener: (change: IncidentChange) => void, onStatus?: (status: ConnectionStatus) => void): Subscription;
  /** A warning for a person when the server is older than this client needs; undefined when it is fine. */
  compatibilityWarning?(signal?: AbortSignal): Promise<string | undefined>;
  /** Our server: the stakeholder channels a status update for this audience would reach now (their labels). */
  previewRoutes?(id: string, audience: Audience, signal?: AbortSignal): Promise<string[]>;
  /** Our server: the incident's stakeholder deliveries (one per event and channel), dead letters included. */
  listDeliveries?(incidentId: string, signal?: AbortSignal): Promise<DeliveryList>;
  /** Our server: sends a dead letter again with a fresh count of tries; answers with the incident's deliveries after it. */
  retryDelivery?(incidentId: string, deliveryId: string, signal?: AbortSignal): Promise<DeliveryList>;
}

/** One (event, channel) of the server's outbox. `dead` is a dead letter: the server gave up after its tries. */
export interface Delivery {
  /** `<event id>.<channel>`. */
  id: string;
  incidentId: string;
  eventId: string;
  /** The channel's name in the server's notify: config. */
  channel: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: string | null;
  /** "404 from Teams"; never a URL. */
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** What the server listed, and the entries that could not be read (said, never fatal). */
export interface DeliveryList {
  deliveries: Delivery[];
  skipped: { index: number; problem: string }[];
}

/** At most this many recently resolved incidents are listed; a picker needs no more. */
export const RECENTLY_RESOLVED_LIMIT = 200;

export interface BackendIdentity {
  name: string;
  /** Our server: responder, viewer or integration. */
  scope?: string;
}

export interface WriteOptions {
  /** Makes a write safe to retry and to replay from an offline queue. */
  idempotencyKey?: string;
  /** Who does it; PagerDuty's `From` header. Our server ignores it: it takes who acts from the token. */
  author?: string;
  signal?: AbortSignal;
}

export interface IncidentChange {
  incidentId: string;
  /** The incident as it is after the change, when the backend sends it. */
  incident?: Incident;
  event?: TimelineEvent;
  /** Opaque resume position (SSE event id). */
  cursor?: string;
}

/**
 * `reset`: the backend's change stream lost continuity with what the client holds (our
 * server was replaced or restored from a backup); reload everything.
 */
export type ConnectionStatus =
  | { state: 'connected' }
  | { state: 'reconnecting'; attempt: number; error: string }
  | { state: 'reset'; reason: string };

export interface Subscription {
  dispose(): void;
}

export type BackendErrorKind =
  | 'network' // unreachable, reset, DNS
  | 'timeout'
  | 'unauthorized' // 401/403
  | 'not_found'
  | 'conflict' // 409/412
  | 'invalid_request' // other 4xx
  | 'rate_limited' // 429 after retries
  | 'server' // 5xx after retries
  | 'bad_response'; // malformed or HTML body

/** The one error type every backend call rejects with. Never carries a token. */
export class BackendError extends Error {
  constructor(
    readonly kind: BackendErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'BackendError';
  }

  /** True when the same request may succeed later without the user changing anything. */
  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || this.kind === 'rate_limited' || this.kind === 'server';
  }
}
