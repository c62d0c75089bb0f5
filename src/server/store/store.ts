import type {
  DeclareRequest,
  Incident,
  IncidentPatch,
  IncidentWithTimeline,
  NewEvent,
  TimelineEvent,
} from '../../core/incidents/model';
import type { AlertNotification, AlertReceipt, AlertWriteContext } from '../integrations/alertNotification';
import type { RoutingTable } from '../notify/types';

/**
 * Where the server keeps incidents. Every method is async even though SQLite is
 * synchronous underneath, so a PostgreSQL store (several replicas behind a load
 * balancer) can implement the same interface without changing the HTTP layer.
 *
 * Every write is one transaction: the incident row, its timeline events, the
 * change-feed rows and the idempotency record commit together or not at all.
 */
export interface Store {
  listIncidents(filter: IncidentFilter): Promise<Incident[]>;
  /**
   * One page of incidents, newest declared first (then highest number first). Keyset
   * paging: `after` is the sort key of the previous page's last row, so rows inserted
   * meanwhile (always newer) never shift a page and no row is served twice.
   */
  incidentPage(query: IncidentPageQuery): Promise<IncidentPage>;
  getIncident(id: string): Promise<IncidentWithTimeline | undefined>;
  declare(request: DeclareRequest, context?: WriteContext): Promise<WriteResult<Incident>>;
  update(id: string, patch: IncidentPatch, context: UpdateContext): Promise<WriteResult<Incident>>;
  appendEvent(id: string, event: NewEvent, context?: WriteContext): Promise<WriteResult<TimelineEvent>>;

  /**
   * Applies one monitor notification to its alert group's incident (declare, join,
   * resolve, fired again: the rules are planAlertNotification's) in one transaction:
   * the group row, the incident and its events commit together, and two notifications
   * for one group never both declare. A repeat writes nothing.
   */
  receiveAlerts(notification: AlertNotification, context: AlertWriteContext): Promise<AlertReceipt>;
  /** The incident an alert group opened last (open or resolved); undefined for a group never seen. */
  alertGroupIncident(source: AlertNotification['source'], groupKey: string): Promise<string | undefined>;

  /**
   * Changes with a sequence number greater than `afterSeq`, oldest first. SSE
   * resume relies on sequence numbers becoming visible in increasing order: SQLite
   * has one writer, so they do; a PostgreSQL store must assign them at commit
   * (e.g. serialise writers on an advisory lock) or a late commit could be skipped.
   */
  changesAfter(afterSeq: number, limit: number): Promise<StoredChange[]>;
  /** The sequence number of the newest change, 0 when there is none. */
  latestSeq(): Promise<number>;

  /**
   * Timeline events (changes that carry one) with a sequence number greater than
   * `afterSeq`, oldest first: the bulk read for insights and exports.
   */
  eventPage(afterSeq: number, limit: number): Promise<EventPage>;

  /** Stores a token's digest under its unique name; the secret itself is never stored. */
  addToken(token: StoredToken): Promise<'created' | 'name_taken'>;
  /** Every token, digests included: only the server's authentication reads these. */
  tokens(): Promise<StoredToken[]>;
  /**
   * Deletes the token and remembers its digest as revoked (one transaction); false when
   * there is none by that name. `remember: false` only for re-provisioning the same
   * secret under a new scope.
   */
  revokeToken(name: string, options?: RevokeOptions): Promise<boolean>;
  /** When a secret with this digest was revoked, and under which name; undefined when never. */
  revokedToken(hash: string): Promise<RevokedToken | undefined>;

  /**
   * The routes every later write plans its stakeholder deliveries with (the config
   * file's notify: section, no secrets). Until it is called no write plans any. Each
   * replica sets its own; they all read the same file.
   */
  configureDeliveries(routing: RoutingTable): Promise<void>;
  /**
   * Leases up to `limit` due deliveries (pending, next attempt due, no live lease) and
   * counts the attempt. On PostgreSQL the rows are picked `FOR UPDATE SKIP LOCKED`, so
   * two replicas never lease the same row; a lease that runs out (the process died
   * mid-send) makes the row due again.
   */
  claimDeliveries(claim: DeliveryClaim): Promise<ClaimedDelivery[]>;
  /**
   * Records an attempt's result, only if the row is still on that attempt (a stale
   * worker never overwrites a newer one). Delivered and dead letters add a `delivery`
   * event to the timeline in the same transaction. False when nothing was recorded.
   */
  settleDelivery(settlement: DeliverySettlement): Promise<boolean>;
  /** The incident's deliveries, oldest event first. */
  deliveries(incidentId: string): Promise<DeliveryRecord[]>;
  /** Makes a dead letter pending again with a fresh count of attempts. */
  retryDelivery(incidentId: string, deliveryId: string, at: string): Promise<'retried' | 'not_found' | 'not_dead'>;

  close(): Promise<void>;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One (event, channel) pair of the outbox. Its id, `<event id>.<channel>`, is unique: each pair is planned once. */
export interface DeliveryRecord {
  id: string;
  incidentId: string;
  eventId: string;
  channel: string;
  status: DeliveryStatus;
  attempts: number;
  /** When the next attempt is due (pending only). */
  nextAttemptAt: string | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface DeliveryClaim {
  /** ISO 8601 UTC. */
  now: string;
  /** The lease's end: longer than one attempt can take. */
  leaseUntil: string;
  limit: number;
}

export interface ClaimedDelivery {
  id: string;
  incidentId: string;
  channel: string;
  /** This attempt's number, 1 for the first. */
  attempt: number;
  event: TimelineEvent;
  /** The incident as it was right after the event. */
  incident: Incident;
}

export interface DeliverySettlement {
  id: string;
  attempt: number;
  at: string;
  outcome: 'delivered' | 'retry' | 'dead';
  /** For 'retry'. */
  nextAttemptAt?: string;
  /** What went wrong, for the record and the API (never a secret: no URLs). */
  error?: string;
  /** The timeline entry's wording, e.g. "delivered to #inc-exec" or "failed: 404 from Teams". */
  detail: string;
  label: string;
}

export type IncidentFilter = 'active' | 'resolved' | 'all';

/** Where a page of incidents stands in the order (declaredAt descending, then number descending). */
export interface IncidentSortKey {
  declaredAt: string;
  n: number;
}

export interface IncidentPageQuery {
  filter: IncidentFilter;
  /**
   * ISO 8601 UTC. Keeps incidents declared at or after it; for 'resolved', incidents
   * resolved at or after it.
   */
  since?: string;
  limit: number;
  /** Continue after this row (from the previous page's `next`). */
  after?: IncidentSortKey;
}

export interface IncidentPage {
  incidents: Incident[];
  /** The last row's key when more rows follow, else null. */
  next: IncidentSortKey | null;
}

export interface EventPage {
  events: TimelineEvent[];
  /** The sequence number to continue after when more events follow, else null. */
  nextAfter: number | null;
}

export const TOKEN_SCOPES = ['responder', 'viewer', 'integration'] as const;
/**
 * responder: reads and writes as itself. viewer: reads only. integration: an alert
 * receiver or bot; writes as itself and may say on whose behalf (`onBehalfOf`).
 */
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface TokenRecord {
  name: string;
  scope: TokenScope;
  createdAt: string;
}

export interface StoredToken extends TokenRecord {
  /** SHA-256 of the secret, hex. */
  hash: string;
}

export interface RevokeOptions {
  /** Defaults to now. */
  at?: string;
  /** Defaults to true: the secret never works again. */
  remember?: boolean;
}

export interface RevokedToken {
  name: string;
  revokedAt: string;
}

export interface WriteContext {
  /** Replays of the same key return the first result and write nothing. */
  idempotency?: IdempotencyClaim;
  /**
   * Overrides the clock for this write. Only seeding and imports use it; the
   * HTTP API never passes a client's time through.
   */
  at?: string;
}

export interface UpdateContext extends WriteContext {
  author: string;
  /** Recorded on every event the change causes, when an integration acts for someone. */
  onBehalfOf?: string;
  /** Optimistic concurrency: the write fails with `version_conflict` when the incident moved on. */
  expectedVersion?: number;
}

export interface IdempotencyClaim {
  key: string;
  /** A digest of what was asked (method, path, body, preconditions); a key reused for something else is refused. */
  fingerprint: string;
  /**
   * The digest as releases before API 1.1 computed it (body keys in the order received).
   * A record stored by one of them still matches, so an upgrade never turns an offline
   * queue's replay into a refusal. Records live 7 days; after that this can go.
   */
  legacyFingerprint?: string;
}

export interface WriteResult<T> {
  value: T;
  /** True when an earlier write with the same idempotency key produced this value. */
  replayed: boolean;
}

/** One row of the change feed that `GET /v1/stream` serves. */
export interface StoredChange {
  seq: number;
  incidentId: string;
  /** The incident as it was right after this change. */
  incident: Incident;
  /** Absent when the change touched only incident fields (title, summary). */
  event?: TimelineEvent;
}

/**
 * Store methods that only read. The server runs them on a separate read connection
 * (see workerStore.ts), so they answer while a write waits for the lock; every other
 * method goes to the one writer. A new read-only method belongs in this list; left out,
 * it still works, only queued behind writes.
 */
export const STORE_READS = ['listIncidents', 'getIncident', 'changesAfter', 'latestSeq', 'tokens', 'revokedToken', 'incidentPage', 'eventPage', 'alertGroupIncident', 'deliveries'] as const satisfies readonly (keyof Store)[];

/**
 * `busy`: the write lock was not free in time (another process or a long write holds
 * it); nothing was written and the same request can be sent again shortly.
 */
export type StoreErrorKind = 'not_found' | 'version_conflict' | 'idempotency_mismatch' | 'busy';

/** An expected refusal; the HTTP layer maps the kind to a status code. */
export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
