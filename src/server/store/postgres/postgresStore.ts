import { Client, Pool, type PoolClient, type PoolConfig } from 'pg';
import type {
  DeclareRequest,
  Incident,
  IncidentPatch,
  IncidentWithTimeline,
  NewEvent,
  TimelineEvent,
} from '../../../core/incidents/model';
import { planDeclare, planEvent, planPatch, type EventDraft, type PlannedChange } from '../../incidentChanges';
import { planAlertNotification } from '../../integrations/alertGroupPlan';
import { storedGroupKey, type AlertNotification, type AlertReceipt, type AlertWriteContext } from '../../integrations/alertNotification';
import { incidentPageSql } from '../incidentPageSql';
import { deliveryEventDraft, deliveryId, toDeliveryRecord, type DeliveryRow } from '../deliveriesSql';
import { incidentId, incidentNumber, splitDeliveryId } from '../sqliteStore';
import { plannedChannels } from '../../notify/routing';
import type { RoutingTable } from '../../notify/types';
import {
  StoreError,
  type ClaimedDelivery,
  type DeliveryClaim,
  type DeliveryRecord,
  type DeliverySettlement,
  type EventPage,
  type IdempotencyClaim,
  type IncidentFilter,
  type IncidentPage,
  type IncidentPageQuery,
  type RevokedToken,
  type RevokeOptions,
  type Store,
  type StoredChange,
  type StoredToken,
  type TokenScope,
  type UpdateContext,
  type WriteContext,
  type WriteResult,
} from '../store';
import { migratePostgres } from './migrations';

/**
 * The first key of the two-key advisory locks that serialise one alert group's
 * notifications (the second is the group key's hash). Single-key locks live in
 * another key space, so this never collides with the sequence or migration locks.
 */
const ALERT_GROUP_LOCK_SPACE = 1916;

/** The channel every replica LISTENs on; the payload is only the newest sequence number of a commit. */
export const CHANGES_CHANNEL = 'incident_desk_changes';

/**
 * Held from the moment a write takes its change sequence numbers until it commits;
 * see appendChanges. Any 64-bit number of our own.
 */
const SEQUENCE_LOCK = 0x1d35_0002;

const IDEMPOTENCY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** SQLSTATEs that mean "not now": a lock or statement timeout, a deadlock victim, too many connections. */
const BUSY_CODES = new Set(['55P03', '57014', '40P01', '40001', '53300']);
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

export interface PostgresStoreOptions {
  connectionString: string;
  password?: string;
  now?: () => Date;
  /** Connections in this replica's pool. */
  poolSize?: number;
  /** How long a write waits for a row or the sequence lock before answering `busy`. */
  lockTimeoutMs?: number;
}

/** A type (not an interface), so it is a Record<string, number> for the metrics gauge. */
export type PoolConnections = {
  total: number;
  idle: number;
  waiting: number;
};

interface IncidentRow { n: string; doc: string; version: number }
interface PageRow { n: string; declared_at: string; doc: string }
interface TokenRow { hash: string; name: string; scope: string; created_at: string }
interface ChangeRow { seq: string; incident_n: string; event: string | null; incident: string }

/**
 * The store for several replicas on one PostgreSQL database. It keeps the same rows
 * as the SQLite store and applies the same rules (incidentChanges.ts); what SQLite
 * got from having one writer, the database enforces here:
 *
 * - If-Match: the incident row is locked (`FOR UPDATE`) and updated only `WHERE
 *   version = ` the version that was checked, so of 50 replicas' PATCHes with one
 *   If-Match exactly one applies.
 * - Idempotency-Key: the key's row is claimed first thing in the transaction. A
 *   second transaction with the same key (on any replica) waits on the primary key
 *   until the first commits, then replays the stored result.
 * - Change sequence numbers become visible in commit order (appendChanges).
 *
 * The pool is asynchronous, so unlike SQLite no worker threads are needed: a lock
 * wait parks a connection, never the event loop.
 */
export class PostgresStore implements Store {
  private readonly now: () => Date;
  private routing: RoutingTable | undefined;

  private constructor(
    private readonly pool: Pool,
    options: PostgresStoreOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Connects, migrates (once across replicas) and prunes old idempotency records. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    // The first connection migrates; it is a plain client so that a refused login can be torn down for sure.
    const first = await connectClient(poolConfig(options));
    try {
      await migratePostgres(first);
    } finally {
      await first.end().catch(() => undefined);
    }
    const pool = new Pool(poolConfig(options));
    // An idle connection the server dropped (restart, failover) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    const store = new PostgresStore(pool, options);
    try {
      await pool.query('DELETE FROM idempotency_keys WHERE created_at < $1', [
        new Date(store.now().getTime() - IDEMPOTENCY_RETENTION_MS).toISOString(),
      ]);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  /** This replica's pool right now, for /metrics: a waiting count above zero means requests queue for a connection. */
  poolConnections(): PoolConnections {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  async listIncidents(filter: IncidentFilter): Promise<Incident[]> {
    const where = filter === 'active' ? "WHERE status <> 'resolved'" : filter === 'resolved' ? "WHERE status = 'resolved'" : '';
    const order = filter === 'active' ? 'severity, declared_at, n' : 'declared_at DESC, n DESC';
    const { rows } = await this.read<IncidentRow>(`SELECT n, doc FROM incidents ${where} ORDER BY ${order}`);
    return rows.map((row) => JSON.parse(row.doc) as Incident);
  }

  async incidentPage(query: IncidentPageQuery): Promise<IncidentPage> {
    const { sql, params } = incidentPageSql(query);
    const { rows } = await this.read<PageRow>(numberedPlaceholders(sql), params);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      incidents: page.map((row) => JSON.parse(row.doc) as Incident),
      next: rows.length > query.limit && last ? { declaredAt: last.declared_at, n: Number(last.n) } : null,
    };
  }

  async getIncident(id: string): Promise<IncidentWithTimeline | undefined> {
    const n = incidentNumber(id);
    if (n === undefined) return undefined;
    // One statement, one snapshot: the incident and its timeline are the same moment.
    const { rows } = await this.read<{ doc: string; timeline: ChangeRow[] | null }>(
      `SELECT i.doc,
              (SELECT json_agg(json_build_object('seq', c.seq::text, 'incident_n', c.incident_n::text, 'event', c.event, 'incident', '') ORDER BY c.seq)
                 FROM changes c WHERE c.incident_n = i.n AND c.event IS NOT NULL) AS timeline
         FROM incidents i WHERE i.n = $1`,
      [n],
    );
    const row = rows[0];
    if (!row) return undefined;
    const incident = JSON.parse(row.doc) as Incident;
    return { ...incident, timeline: (row.timeline ?? []).map((change) => toEvent(change)) };
  }

  async declare(request: DeclareRequest, context: WriteContext = {}): Promise<WriteResult<Incident>> {
    return this.write(context.idempotency, async (client) => {
      const at = context.at ?? this.now().toISOString();
      const { rows } = await client.query<{ n: string }>("SELECT nextval(pg_get_serial_sequence('incidents', 'n')) AS n");
      const n = Number(rows[0]?.n);
      const plan = planDeclare(request, incidentId(n), at);
      await client.query(
        'INSERT INTO incidents (n, status, severity, declared_at, resolved_at, version, doc) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [n, plan.incident.status, plan.incident.severity, plan.incident.declaredAt, plan.incident.resolvedAt ?? null, plan.incident.version, JSON.stringify(plan.incident)],
      );
      await this.appendChanges(client, n, plan);
      return plan.incident;
    });
  }

  async update(id: string, patch: IncidentPatch, context: UpdateContext): Promise<WriteResult<Incident>> {
    return this.write(context.idempotency, async (client) => {
      const { n, incident } = await this.lockIncident(client, id);
      if (context.expectedVersion !== undefined && context.expectedVersion !== incident.version) {
        throw versionConflict(id, incident.version, context.expectedVersion);
      }
      const actor = context.onBehalfOf === undefined ? { author: context.author } : { author: context.author, onBehalfOf: context.onBehalfOf };
      const plan = planPatch(incident, patch, actor, context.at ?? this.now().toISOString());
      if (!plan.changed) return incident;
      await this.saveIncident(client, n, incident.version, plan.incident);
      await this.appendChanges(client, n, plan);
      return plan.incident;
    });
  }

  async appendEvent(id: string, event: NewEvent, context: WriteContext = {}): Promise<WriteResult<TimelineEvent>> {
    return this.write(context.idempotency, async (client) => {
      const { n, incident } = await this.lockIncident(client, id);
      const plan = planEvent(incident, event, context.at ?? this.now().toISOString());
      if (plan.changed) await this.saveIncident(client, n, incident.version, plan.incident);
      const [appended] = await this.appendChanges(client, n, plan);
      if (!appended) throw new Error('internal: an appended event produced no timeline entry');
      return appended;
    });
  }

  /**
   * Two notifications for one group can reach two replicas at once, and with no row yet
   * there is nothing to lock with FOR UPDATE; both would declare. A transaction-level
   * advisory lock on the group key serialises them: the second waits for the first to
   * commit, then sees its group row and updates that incident instead. Taken before the
   * incident's row lock and the sequence lock, always in that order, so it cannot deadlock.
   */
  async receiveAlerts(notification: AlertNotification, context: AlertWriteContext): Promise<AlertReceipt> {
    const { value } = await this.write(undefined, async (client): Promise<AlertReceipt> => {
      const at = context.at ?? this.now().toISOString();
      const key = storedGroupKey(notification);
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ALERT_GROUP_LOCK_SPACE, key]);
      const { rows } = await client.query<{ incident_n: string; doc: string }>(
        'SELECT g.incident_n, i.doc FROM alert_groups g JOIN incidents i ON i.n = g.incident_n WHERE g.group_key = $1 FOR UPDATE OF i',
        [key],
      );
      const row = rows[0];
      const current = row === undefined ? undefined : (JSON.parse(row.doc) as Incident);
      const plan = planAlertNotification(notification, current, context.policy, { author: context.author }, at);
      switch (plan.kind) {
        case 'ignored':
          return { outcome: 'ignored', incidentId: null, events: 0 };
        case 'unchanged':
          return { outcome: 'unchanged', incidentId: plan.incidentId, events: 0 };
        case 'update': {
          if (!row || !current) throw new Error('internal: an alert update planned without its incident');
          const n = Number(row.incident_n);
          await this.saveIncident(client, n, current.version, plan.change.incident);
          const events = await this.appendChanges(client, n, plan.change);
          return { outcome: 'updated', incidentId: plan.change.incident.id, events: events.length };
        }
        case 'declare': {
          const sequence = await client.query<{ n: string }>("SELECT nextval(pg_get_serial_sequence('incidents', 'n')) AS n");
          const n = Number(sequence.rows[0]?.n);
          const change = plan.build(incidentId(n));
          const incident = change.incident;
          await client.query(
            'INSERT INTO incidents (n, status, severity, declared_at, resolved_at, version, doc) VALUES ($1, $2, $3, $4, $5, $6, $7)',
            [n, incident.status, incident.severity, incident.declaredAt, incident.resolvedAt ?? null, incident.version, JSON.stringify(incident)],
          );
          const events = await this.appendChanges(client, n, change);
          await client.query(
            'INSERT INTO alert_groups (group_key, incident_n, updated_at) VALUES ($1, $2, $3) ' +
              'ON CONFLICT (group_key) DO UPDATE SET incident_n = excluded.incident_n, updated_at = excluded.updated_at',
            [key, n, at],
          );
          const receipt: AlertReceipt = { outcome: 'declared', incidentId: incident.id, events: events.length };
          if (plan.firedAgainFrom !== undefined) receipt.firedAgainFrom = plan.firedAgainFrom;
          return receipt;
        }
      }
    });
    return value;
  }

  async alertGroupIncident(source: AlertNotification['source'], groupKey: string): Promise<string | undefined> {
    const { rows } = await this.read<{ incident_n: string }>('SELECT incident_n FROM alert_groups WHERE group_key = $1', [storedGroupKey({ source, groupKey })]);
    const row = rows[0];
    return row === undefined ? undefined : incidentId(Number(row.incident_n));
  }

  async changesAfter(afterSeq: number, limit: number): Promise<StoredChange[]> {
    const { rows } = await this.read<ChangeRow>(
      'SELECT seq, incident_n, event, incident FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2',
      [afterSeq, limit],
    );
    return rows.map((row) => {
      const incident = JSON.parse(row.incident) as Incident;
      const change: StoredChange = { seq: Number(row.seq), incidentId: incident.id, incident };
      if (row.event !== null) change.event = toEvent(row);
      return change;
    });
  }

  async latestSeq(): Promise<number> {
    const { rows } = await this.read<{ seq: string }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM changes');
    return Number(rows[0]?.seq ?? 0);
  }

  async eventPage(afterSeq: number, limit: number): Promise<EventPage> {
    const { rows } = await this.read<ChangeRow>(
      'SELECT seq, incident_n, event, incident FROM changes WHERE seq > $1 AND event IS NOT NULL ORDER BY seq LIMIT $2',
      [afterSeq, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { events: page.map((row) => toEvent(row)), nextAfter: rows.length > limit && last ? Number(last.seq) : null };
  }

  async addToken(token: StoredToken): Promise<'created' | 'name_taken'> {
    // One statement; the unique name (and hash) decide between two racing `token create` runs.
    const inserted = await this.read(
      'INSERT INTO tokens (hash, name, scope, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [token.hash, token.name, token.scope, token.createdAt],
    );
    return inserted.rowCount === 1 ? 'created' : 'name_taken';
  }

  async tokens(): Promise<StoredToken[]> {
    const { rows } = await this.read<TokenRow>('SELECT hash, name, scope, created_at FROM tokens ORDER BY created_at, name');
    return rows.map((row) => ({ name: row.name, scope: row.scope as TokenScope, createdAt: row.created_at, hash: row.hash }));
  }

  async revokeToken(name: string, options: RevokeOptions = {}): Promise<boolean> {
    if (options.remember === false) return (await this.read('DELETE FROM tokens WHERE name = $1', [name])).rowCount === 1;
    // One statement: the digest is remembered exactly when the token goes.
    const { rows } = await this.read<{ gone: string }>(
      `WITH gone AS (DELETE FROM tokens WHERE name = $1 RETURNING hash, name),
            remembered AS (INSERT INTO revoked_tokens (hash, name, revoked_at) SELECT hash, name, $2 FROM gone ON CONFLICT (hash) DO NOTHING)
       SELECT COUNT(*) AS gone FROM gone`,
      [name, options.at ?? new Date().toISOString()],
    );
    return Number(rows[0]?.gone ?? 0) === 1;
  }

  async revokedToken(hash: string): Promise<RevokedToken | undefined> {
    const { rows } = await this.read<{ name: string; revoked_at: string }>('SELECT name, revoked_at FROM revoked_tokens WHERE hash = $1', [hash]);
    const row = rows[0];
    return row && { name: row.name, revokedAt: row.revoked_at };
  }

  async configureDeliveries(routing: RoutingTable): Promise<void> {
    this.routing = structuredClone(routing);
  }

  /**
   * One statement: the due rows are picked `FOR UPDATE SKIP LOCKED` (a row another
   * replica is leasing right now is skipped, not waited for) and leased in the same
   * UPDATE. A row leased and committed meanwhile is re-checked against the WHERE on its
   * newest version, so its lease excludes it: no two replicas send the same row.
   */
  async claimDeliveries(claim: DeliveryClaim): Promise<ClaimedDelivery[]> {
    const { rows } = await this.read<ChangeRow & { id: string; channel: string; attempts: number }>(
      `WITH due AS (
         SELECT id FROM deliveries
          WHERE status = 'pending' AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
          ORDER BY next_attempt_at, event_seq, id LIMIT $3
          FOR UPDATE SKIP LOCKED)
       UPDATE deliveries d SET attempts = d.attempts + 1, claimed_until = $2
         FROM due, changes c
        WHERE d.id = due.id AND c.seq = d.event_seq
       RETURNING d.id, d.channel, d.attempts, c.seq, c.incident_n, c.event, c.incident`,
      [claim.now, claim.leaseUntil, claim.limit],
    );
    return rows.map((row) => ({
      id: row.id,
      incidentId: incidentId(Number(row.incident_n)),
      channel: row.channel,
      attempt: Number(row.attempts),
      event: toEvent(row),
      incident: JSON.parse(row.incident) as Incident,
    }));
  }

  async settleDelivery(settlement: DeliverySettlement): Promise<boolean> {
    const { value } = await this.write(undefined, async (client) => {
      const status = settlement.outcome === 'retry' ? 'pending' : settlement.outcome;
      const { rows } = await client.query<{ incident_n: string }>(
        `UPDATE deliveries SET status = $1, next_attempt_at = $2, claimed_until = NULL, last_error = $3, delivered_at = $4
          WHERE id = $5 AND attempts = $6 AND status = 'pending' RETURNING incident_n`,
        [
          status,
          settlement.outcome === 'retry' ? (settlement.nextAttemptAt ?? settlement.at) : null,
          settlement.error ?? null,
          settlement.outcome === 'delivered' ? settlement.at : null,
          settlement.id,
          settlement.attempt,
        ],
      );
      const row = rows[0];
      if (!row) return false;
      if (settlement.outcome === 'retry') return true;
      const n = Number(row.incident_n);
      // The incident's row lock before the sequence lock, the order every write takes them in;
      // appendChanges' insert would otherwise wait for it while holding the sequence lock (a deadlock).
      const incident = await client.query<{ doc: string }>('SELECT doc FROM incidents WHERE n = $1 FOR UPDATE', [n]);
      const [forEvent, channel] = splitDeliveryId(settlement.id);
      const draft = deliveryEventDraft({ ...settlement, outcome: settlement.outcome }, channel, forEvent);
      await this.appendChanges(client, n, { incident: JSON.parse(incident.rows[0]?.doc ?? '{}') as Incident, events: [draft], changed: false });
      return true;
    });
    return value;
  }

  async deliveries(id: string): Promise<DeliveryRecord[]> {
    const n = incidentNumber(id);
    if (n === undefined) return [];
    const { rows } = await this.read<DeliveryRow>(
      'SELECT id, incident_n, event_seq, channel, status, attempts, next_attempt_at, last_error, delivered_at, created_at FROM deliveries WHERE incident_n = $1 ORDER BY event_seq, id',
      [n],
    );
    return rows.map((row) => toDeliveryRecord(row));
  }

  async retryDelivery(id: string, delivery: string, at: string): Promise<'retried' | 'not_found' | 'not_dead'> {
    const n = incidentNumber(id);
    if (n === undefined) return 'not_found';
    const updated = await this.read(
      "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1, claimed_until = NULL WHERE id = $2 AND incident_n = $3 AND status = 'dead'",
      [at, delivery, n],
    );
    if (updated.rowCount === 1) return 'retried';
    const { rows } = await this.read('SELECT 1 FROM deliveries WHERE id = $1 AND incident_n = $2', [delivery, n]);
    return rows.length === 0 ? 'not_found' : 'not_dead';
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  private async read<R extends object>(sql: string, params: unknown[] = []): Promise<{ rows: R[]; rowCount: number | null }> {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (error) {
      throw asStoreError(error);
    }
  }

  /**
   * One transaction (READ COMMITTED) per write. The idempotency key, when there is
   * one, is claimed before anything else: `ON CONFLICT DO NOTHING` waits for a
   * concurrent holder of the same key to finish, so exactly one transaction writes
   * and every other one replays what it stored.
   */
  private async write<T>(claim: IdempotencyClaim | undefined, body: (client: PoolClient) => Promise<T>): Promise<WriteResult<T>> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw asStoreError(error);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      if (claim) {
        const claimed = await client.query(
          'INSERT INTO idempotency_keys (key, fingerprint, response, created_at) VALUES ($1, $2, NULL, $3) ON CONFLICT (key) DO NOTHING',
          [claim.key, claim.fingerprint, this.now().toISOString()],
        );
        if (claimed.rowCount !== 1) {
          const { rows } = await client.query<{ fingerprint: string; response: string | null }>(
            'SELECT fingerprint, response FROM idempotency_keys WHERE key = $1',
            [claim.key],
          );
          await client.query('ROLLBACK');
          const record = rows[0];
          if (!record || record.response === null) throw new StoreError('busy', 'Another request with this Idempotency-Key is still being written; send it again shortly.');
          if (record.fingerprint !== claim.fingerprint && record.fingerprint !== claim.legacyFingerprint) {
            throw new StoreError('idempotency_mismatch', 'This Idempotency-Key was already used for a different request; use a new key for a new write.');
          }
          return { value: JSON.parse(record.response) as T, replayed: true };
        }
      }
      const value = await body(client);
      if (claim) await client.query('UPDATE idempotency_keys SET response = $2 WHERE key = $1', [claim.key, JSON.stringify(value)]);
      await client.query('COMMIT');
      return { value, replayed: false };
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      throw asStoreError(error);
    } finally {
      // A connection whose rollback failed is in an unknown state: drop it instead of reusing it.
      client.release(broken);
    }
  }

  private async lockIncident(client: PoolClient, id: string): Promise<{ n: number; incident: Incident }> {
    const n = incidentNumber(id);
    const { rows } = n === undefined ? { rows: [] } : await client.query<IncidentRow>('SELECT n, doc, version FROM incidents WHERE n = $1 FOR UPDATE', [n]);
    const row = rows[0];
    if (!row) throw new StoreError('not_found', `There is no incident ${id}.`);
    return { n: Number(row.n), incident: JSON.parse(row.doc) as Incident };
  }

  /** The row changes only from the version that was read; anything else is someone else's newer write. */
  private async saveIncident(client: PoolClient, n: number, fromVersion: number, incident: Incident): Promise<void> {
    const updated = await client.query(
      'UPDATE incidents SET status = $1, severity = $2, declared_at = $3, resolved_at = $4, version = $5, doc = $6 WHERE n = $7 AND version = $8',
      [incident.status, incident.severity, incident.declaredAt, incident.resolvedAt ?? null, incident.version, JSON.stringify(incident), n, fromVersion],
    );
    if (updated.rowCount !== 1) throw versionConflict(incident.id, fromVersion + 1, fromVersion);
  }

  /**
   * Records the change-feed rows of a plan and returns its events with their ids.
   *
   * Sequence numbers must become visible in commit order: a replica's feed reads
   * `seq > last seen`, so if seq 11 committed before seq 10 a reader could see 11,
   * move on, and never see 10. Identity values alone do not give that (they are
   * handed out at insert, and transactions commit in any order). So the numbers are
   * taken under a transaction-level advisory lock, which PostgreSQL releases only
   * after the commit is visible: the next writer gets its numbers only once every
   * smaller number is committed (or rolled back, leaving a harmless gap). The lock is
   * taken as late as possible, after the row locks and the incident update, so
   * writers serialise only for these few inserts and the commit; and a holder never
   * waits for anything another writer holds, so it cannot deadlock.
   *
   * NOTIFY is transactional too: replicas hear the new sequence only after commit.
   */
  private async appendChanges(client: PoolClient, n: number, plan: PlannedChange): Promise<TimelineEvent[]> {
    const snapshot = JSON.stringify(plan.incident);
    const drafts: (EventDraft | null)[] = plan.events.length === 0 ? [null] : plan.events;
    // One round trip: the inserted rows are joined to the lock's row, so no row (and no
    // identity value) exists before the lock is held; NOTIFY sends the newest sequence.
    const { rows } = await client.query<{ seq: string }>(
      `WITH sequence_lock AS (SELECT pg_advisory_xact_lock($4::bigint)),
            inserted AS (
              INSERT INTO changes (incident_n, event, incident)
                SELECT $1, e.event, $3 FROM sequence_lock, unnest($2::text[]) WITH ORDINALITY AS e(event, ord) ORDER BY e.ord
              RETURNING seq),
            notified AS (SELECT pg_notify($5, MAX(seq)::text) FROM inserted)
       SELECT seq FROM inserted, notified ORDER BY seq`,
      [n, drafts.map((draft) => (draft === null ? null : JSON.stringify(draft))), snapshot, SEQUENCE_LOCK, CHANGES_CHANNEL],
    );
    const seqs = rows.map((row) => Number(row.seq));
    if (seqs.length !== drafts.length) throw new Error(`internal: ${drafts.length} changes written, ${seqs.length} sequence numbers returned`);
    if (plan.events.length === 0) return [];
    const events = plan.events.map((draft, index) => withId(draft, seqs[index] ?? 0, plan.incident.id));
    // The outbox rows commit with the events or not at all.
    const planned = plan.events.flatMap((draft, index) =>
      plannedChannels(this.routing, plan.incident, draft).map((channel) => ({ event: events[index]!, channel, at: draft.at })),
    );
    if (planned.length > 0) {
      await client.query(
        `INSERT INTO deliveries (id, incident_n, event_seq, channel, status, attempts, next_attempt_at, created_at)
           SELECT p.id, $1, p.seq, p.channel, 'pending', 0, p.at, p.at
             FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[]) AS p(id, seq, channel, at)
         ON CONFLICT (id) DO NOTHING`,
        [
          n,
          planned.map((p) => deliveryId(p.event.id, p.channel)),
          planned.map((p) => Number(p.event.id.slice(3))),
          planned.map((p) => p.channel),
          planned.map((p) => p.at),
        ],
      );
    }
    return events;
  }
}

/**
 * Connects one client. When the login fails on the client side (no password for a
 * server that asks for one), pg reports the error but leaves the socket open, which
 * would keep a short command like `token list` from ever exiting: close it here.
 */
export async function connectClient(config: PoolConfig): Promise<Client> {
  const client = new Client(config);
  try {
    await client.connect();
    return client;
  } catch (error) {
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    await client.end().catch(() => undefined);
    if (config.password === undefined && error instanceof Error && /password/i.test(error.message)) {
      throw new Error(`PostgreSQL asks for a password and none was given: set PGPASSWORD, or put the URL with its password in INCIDENT_DESK_DATABASE_URL (${error.message}).`);
    }
    throw error;
  }
}

function poolConfig(options: PostgresStoreOptions): PoolConfig {
  return {
    connectionString: options.connectionString,
    ...(options.password === undefined ? {} : { password: options.password }),
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    lock_timeout: options.lockTimeoutMs ?? 5000,
    // A replica that hangs mid-transaction (stopped, partitioned) must not hold the sequence lock for long.
    idle_in_transaction_session_timeout: 30_000,
    application_name: 'incident-desk',
  };
}

/** incidentPageSql writes SQLite's `?`; PostgreSQL numbers its parameters. */
function numberedPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

function versionConflict(id: string, actual: number, expected: number): StoreError {
  return new StoreError('version_conflict', `${id} is at version ${actual}, not ${expected}; reload it and apply the change again.`);
}

function asStoreError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && BUSY_CODES.has(code)) {
    return new StoreError('busy', 'The store is busy: a database lock was not free in time. Nothing was written; send the request again shortly.');
  }
  if (error instanceof Error && /timeout exceeded when trying to connect/i.test(error.message)) {
    return new StoreError('busy', 'The store is busy: no database connection was free in time. Nothing was written; send the request again shortly.');
  }
  // The database is unreachable or restarting (connection exceptions, admin shutdown, a dropped socket):
  // 503 + Retry-After, so clients retry instead of treating it as a bug.
  if (
    (typeof code === 'string' && (code.startsWith('08') || code.startsWith('57P') || CONNECTION_ERRNOS.has(code))) ||
    (error instanceof Error && /Connection terminated/i.test(error.message))
  ) {
    return new StoreError('busy', 'The database cannot be reached right now; send the request again shortly (with its Idempotency-Key, a write that did get stored is not stored twice).');
  }
  return error;
}

function toEvent(row: Pick<ChangeRow, 'seq' | 'incident_n' | 'event'>): TimelineEvent {
  const draft = JSON.parse(row.event ?? 'null') as EventDraft;
  return withId(draft, Number(row.seq), incidentId(Number(row.incident_n)));
}

function withId(draft: EventDraft, seq: number, incidentIdValue: string): TimelineEvent {
  return { id: `EV-${seq}`, incidentId: incidentIdValue, ...draft } as TimelineEvent;
}
