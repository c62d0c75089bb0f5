import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type {
  DeclareRequest,
  Incident,
  IncidentPatch,
  IncidentWithTimeline,
  NewEvent,
  TimelineEvent,
} from '../../core/incidents/model';
import type { StatementSync } from 'node:sqlite';
import { planDeclare, planEvent, planPatch, type EventDraft, type PlannedChange } from '../incidentChanges';
import { planAlertNotification } from '../integrations/alertGroupPlan';
import { storedGroupKey, type AlertNotification, type AlertReceipt, type AlertWriteContext } from '../integrations/alertNotification';
import { prepareAlertGroupStatements, type AlertGroupStatements } from './alertGroupsSql';
import { deliveryEventDraft, deliveryId, prepareDeliveryStatements, toDeliveryRecord, type DeliveryRow, type DeliveryStatements } from './deliveriesSql';
import { plannedChannels } from '../notify/routing';
import type { RoutingTable } from '../notify/types';
import { incidentPageSql } from './incidentPageSql';
import { migrate } from './migrations';
import { inTransaction, isBusyError, openDatabase, openReadOnlyDatabase, setBusyTimeout, type Database } from './sqlite';
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
} from './store';

export const DATABASE_FILE = 'incident-desk.sqlite';

/** Idempotency records outlive any sensible client retry or offline-queue replay. */
const IDEMPOTENCY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export interface SqliteStoreOptions {
  now?: () => Date;
  /**
   * 'off' skips fsync: only for bulk loads into a file the caller can rebuild
   * (benchmarks, imports). The server always runs with the default, 'full'.
   */
  synchronous?: 'full' | 'off';
  /** How long a write waits for another connection's lock; 5 s by default (`token create` beside a server). */
  busyTimeoutMs?: number;
  /**
   * 'reader' opens the file read-only for a connection that serves reads only: it
   * never migrates or prunes, so it opens and reads even while another process holds
   * the write lock. The writer (default) must have opened the file first.
   */
  role?: 'writer' | 'reader';
}

interface IncidentRow { n: number; doc: string }
interface PageRow { n: number; declared_at: string; doc: string }
interface TokenRow { hash: string; name: string; scope: string; created_at: string }
interface ChangeRow { seq: number; incident_n: number; event: string | null; incident: string }

/**
 * The embedded store: one SQLite file in the data folder.
 *
 * Durability: WAL with `synchronous=FULL` fsyncs the WAL on every commit, and a
 * response is only sent after the commit returned. So an acknowledged write
 * survives `kill -9` (which WAL with NORMAL would also give, the data being in
 * the OS page cache) and also a power cut or kernel crash (which NORMAL would
 * not). One fsync per write is a cost this server can afford.
 */
export class SqliteStore implements Store {
  private readonly db: Database;
  private readonly now: () => Date;
  private readonly statements: Statements;
  private readonly alertGroups: AlertGroupStatements;
  private readonly pageStatements = new Map<string, StatementSync>();
  private readonly outbox: DeliveryStatements;
  private routing: RoutingTable | undefined;

  static open(dataDir: string, options: SqliteStoreOptions = {}): SqliteStore {
    const file = join(dataDir, DATABASE_FILE);
    if (options.role === 'reader') return new SqliteStore(openReadOnlyDatabase(file, options.busyTimeoutMs ?? 5000), options);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // `token create` may write while a server holds the file; wait instead of failing.
    const db = openDatabase(file, options.busyTimeoutMs ?? 5000);
    try {
      return new SqliteStore(db, options);
    } catch (error) {
      // A refused migration must not leave the file open (and locked on Windows).
      db.close();
      throw error;
    }
  }

  private constructor(db: Database, options: SqliteStoreOptions) {
    this.db = db;
    this.now = options.now ?? (() => new Date());
    if (options.role === 'reader') {
      this.statements = prepareStatements(db);
      this.alertGroups = prepareAlertGroupStatements(db);
      this.outbox = prepareDeliveryStatements(db);
      return;
    }
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(options.synchronous === 'off' ? 'PRAGMA synchronous = OFF' : 'PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db);
    this.statements = prepareStatements(db);
    this.alertGroups = prepareAlertGroupStatements(db);
    this.outbox = prepareDeliveryStatements(db);
    this.statements.pruneIdempotency.run(new Date(this.now().getTime() - IDEMPOTENCY_RETENTION_MS).toISOString());
  }

  async listIncidents(filter: IncidentFilter): Promise<Incident[]> {
    const statement =
      filter === 'active'
        ? this.statements.activeIncidents
        : filter === 'resolved'
          ? this.statements.resolvedIncidents
          : this.statements.allIncidents;
    return (statement.all() as unknown as IncidentRow[]).map((row) => JSON.parse(row.doc) as Incident);
  }

  async incidentPage(query: IncidentPageQuery): Promise<IncidentPage> {
    const { sql, params } = incidentPageSql(query);
    let statement = this.pageStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.pageStatements.set(sql, statement);
    }
    const rows = statement.all(...params) as unknown as PageRow[];
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      incidents: page.map((row) => JSON.parse(row.doc) as Incident),
      next: rows.length > query.limit && last ? { declaredAt: last.declared_at, n: last.n } : null,
    };
  }

  async getIncident(id: string): Promise<IncidentWithTimeline | undefined> {
    const n = incidentNumber(id);
    if (n === undefined) return undefined;
    // One read transaction so the incident and its timeline are the same moment.
    return inTransaction(this.db, 'DEFERRED', () => {
      const row = this.statements.incidentByN.get(n) as IncidentRow | undefined;
      if (!row) return undefined;
      const incident = JSON.parse(row.doc) as Incident;
      const timeline = (this.statements.timeline.all(n) as unknown as ChangeRow[]).map((change) => toEvent(change));
      return { ...incident, timeline };
    });
  }

  async declare(request: DeclareRequest, context: WriteContext = {}): Promise<WriteResult<Incident>> {
    return this.write(context.idempotency, () => {
      const at = context.at ?? this.now().toISOString();
      const n = Number(this.statements.insertIncident.run('investigating', request.severity, at, '{}').lastInsertRowid);
      const plan = planDeclare(request, incidentId(n), at);
      this.saveIncident(n, plan.incident);
      this.appendChanges(n, plan);
      return plan.incident;
    });
  }

  async update(id: string, patch: IncidentPatch, context: UpdateContext): Promise<WriteResult<Incident>> {
    return this.write(context.idempotency, () => {
      const { n, incident } = this.requireIncident(id);
      if (context.expectedVersion !== undefined && context.expectedVersion !== incident.version) {
        throw new StoreError(
          'version_conflict',
          `${id} is at version ${incident.version}, not ${context.expectedVersion}; reload it and apply the change again.`,
        );
      }
      const actor = context.onBehalfOf === undefined ? { author: context.author } : { author: context.author, onBehalfOf: context.onBehalfOf };
      const plan = planPatch(incident, patch, actor, context.at ?? this.now().toISOString());
      if (!plan.changed) return incident;
      this.saveIncident(n, plan.incident);
      this.appendChanges(n, plan);
      return plan.incident;
    });
  }

  async appendEvent(id: string, event: NewEvent, context: WriteContext = {}): Promise<WriteResult<TimelineEvent>> {
    return this.write(context.idempotency, () => {
      const { n, incident } = this.requireIncident(id);
      const plan = planEvent(incident, event, context.at ?? this.now().toISOString());
      if (plan.changed) this.saveIncident(n, plan.incident);
      const [appended] = this.appendChanges(n, plan);
      if (!appended) throw new Error('internal: an appended event produced no timeline entry');
      return appended;
    });
  }

  async receiveAlerts(notification: AlertNotification, context: AlertWriteContext): Promise<AlertReceipt> {
    const { value } = this.write(undefined, (): AlertReceipt => {
      const at = context.at ?? this.now().toISOString();
      const key = storedGroupKey(notification);
      const row = this.alertGroups.groupIncident.get(key) as { incident_n: number } | undefined;
      const stored = row === undefined ? undefined : (this.statements.incidentByN.get(row.incident_n) as IncidentRow | undefined);
      const current = stored === undefined ? undefined : (JSON.parse(stored.doc) as Incident);
      const plan = planAlertNotification(notification, current, context.policy, { author: context.author }, at);
      switch (plan.kind) {
        case 'ignored':
          return { outcome: 'ignored', incidentId: null, events: 0 };
        case 'unchanged':
          return { outcome: 'unchanged', incidentId: plan.incidentId, events: 0 };
        case 'update': {
          const n = row!.incident_n;
          this.saveIncident(n, plan.change.incident);
          const events = this.appendChanges(n, plan.change);
          return { outcome: 'updated', incidentId: plan.change.incident.id, events: events.length };
        }
        case 'declare': {
          const n = Number(this.statements.insertIncident.run('investigating', 0, at, '{}').lastInsertRowid);
          const change = plan.build(incidentId(n));
          this.saveIncident(n, change.incident);
          const events = this.appendChanges(n, change);
          this.alertGroups.upsertGroup.run(key, n, at);
          const receipt: AlertReceipt = { outcome: 'declared', incidentId: change.incident.id, events: events.length };
          if (plan.firedAgainFrom !== undefined) receipt.firedAgainFrom = plan.firedAgainFrom;
          return receipt;
        }
      }
    });
    return value;
  }

  async alertGroupIncident(source: AlertNotification['source'], groupKey: string): Promise<string | undefined> {
    const row = this.alertGroups.groupIncident.get(storedGroupKey({ source, groupKey })) as { incident_n: number } | undefined;
    return row === undefined ? undefined : incidentId(row.incident_n);
  }

  async changesAfter(afterSeq: number, limit: number): Promise<StoredChange[]> {
    return (this.statements.changesAfter.all(afterSeq, limit) as unknown as ChangeRow[]).map((row) => {
      const incident = JSON.parse(row.incident) as Incident;
      const change: StoredChange = { seq: row.seq, incidentId: incident.id, incident };
      if (row.event !== null) change.event = toEvent(row);
      return change;
    });
  }

  async latestSeq(): Promise<number> {
    return (this.statements.latestSeq.get() as { seq: number } | undefined)?.seq ?? 0;
  }

  async eventPage(afterSeq: number, limit: number): Promise<EventPage> {
    const rows = this.statements.eventsAfter.all(afterSeq, limit + 1) as unknown as ChangeRow[];
    const page = rows.slice(0, limit);
    return {
      events: page.map((row) => toEvent(row)),
      nextAfter: rows.length > limit ? (page[page.length - 1]?.seq ?? null) : null,
    };
  }

  async addToken(token: StoredToken): Promise<'created' | 'name_taken'> {
    // One statement, so two `token create` runs racing for a name cannot both win.
    const inserted = this.statements.insertToken.run(token.hash, token.name, token.scope, token.createdAt);
    return inserted.changes === 1 ? 'created' : 'name_taken';
  }

  async tokens(): Promise<StoredToken[]> {
    return (this.statements.tokens.all() as unknown as TokenRow[]).map((row) => ({
      name: row.name,
      scope: row.scope as TokenScope,
      createdAt: row.created_at,
      hash: row.hash,
    }));
  }

  async revokeToken(name: string, options: RevokeOptions = {}): Promise<boolean> {
    return this.write(undefined, () => {
      if (options.remember !== false) this.statements.rememberRevokedToken.run(options.at ?? new Date().toISOString(), name);
      return this.statements.deleteToken.run(name).changes === 1;
    }).value;
  }

  async revokedToken(hash: string): Promise<RevokedToken | undefined> {
    const row = this.statements.revokedToken.get(hash) as { name: string; revoked_at: string } | undefined;
    return row && { name: row.name, revokedAt: row.revoked_at };
  }

  async configureDeliveries(routing: RoutingTable): Promise<void> {
    this.routing = structuredClone(routing);
  }

  async claimDeliveries(claim: DeliveryClaim): Promise<ClaimedDelivery[]> {
    return this.write(undefined, () => {
      const rows = this.outbox.due.all(claim.now, claim.now, claim.limit) as unknown as (ChangeRow & { id: string; channel: string; attempts: number })[];
      return rows.map((row): ClaimedDelivery => {
        this.outbox.lease.run(claim.leaseUntil, row.id);
        return {
          id: row.id,
          incidentId: incidentId(row.incident_n),
          channel: row.channel,
          attempt: row.attempts + 1,
          event: toEvent(row),
          incident: JSON.parse(row.incident) as Incident,
        };
      });
    }).value;
  }

  async settleDelivery(settlement: DeliverySettlement): Promise<boolean> {
    return this.write(undefined, () => {
      const status = settlement.outcome === 'retry' ? 'pending' : settlement.outcome;
      const updated = this.outbox.settle.run(
        status,
        settlement.outcome === 'retry' ? (settlement.nextAttemptAt ?? settlement.at) : null,
        settlement.error ?? null,
        settlement.outcome === 'delivered' ? settlement.at : null,
        settlement.id,
        settlement.attempt,
      );
      if (updated.changes !== 1) return false;
      if (settlement.outcome === 'retry') return true;
      const row = this.outbox.incidentOf.get(settlement.id) as unknown as { incident_n: number };
      const stored = this.statements.incidentByN.get(row.incident_n) as unknown as IncidentRow;
      const [forEvent, channel] = splitDeliveryId(settlement.id);
      const draft = deliveryEventDraft({ ...settlement, outcome: settlement.outcome }, channel, forEvent);
      this.appendChanges(row.incident_n, { incident: JSON.parse(stored.doc) as Incident, events: [draft], changed: false });
      return true;
    }).value;
  }

  async deliveries(id: string): Promise<DeliveryRecord[]> {
    const n = incidentNumber(id);
    if (n === undefined) return [];
    return (this.outbox.byIncident.all(n) as unknown as DeliveryRow[]).map((row) => toDeliveryRecord(row));
  }

  async retryDelivery(id: string, delivery: string, at: string): Promise<'retried' | 'not_found' | 'not_dead'> {
    const n = incidentNumber(id);
    if (n === undefined) return 'not_found';
    return this.write(undefined, () => {
      const row = this.outbox.statusOf.get(delivery, n) as { status: string } | undefined;
      if (!row) return 'not_found' as const;
      if (row.status !== 'dead') return 'not_dead' as const;
      this.outbox.retry.run(at, delivery, n);
      return 'retried' as const;
    }).value;
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }

  /** Narrows the lock wait of the next calls, e.g. to what is left of a request's budget after queueing. */
  setBusyTimeout(busyTimeoutMs: number): void {
    setBusyTimeout(this.db, busyTimeoutMs);
  }

  /**
   * Runs a write in one IMMEDIATE transaction (the write lock is taken up front,
   * so two processes never deadlock upgrading a read lock), replaying the stored
   * result when the idempotency key was seen before.
   */
  private write<T>(claim: IdempotencyClaim | undefined, body: () => T): WriteResult<T> {
    try {
      return this.writeInTransaction(claim, body);
    } catch (error) {
      if (!isBusyError(error)) throw error;
      throw new StoreError('busy', 'The store is busy: another writer holds the database lock. Nothing was written; send the request again shortly.');
    }
  }

  private writeInTransaction<T>(claim: IdempotencyClaim | undefined, body: () => T): WriteResult<T> {
    return inTransaction(this.db, 'IMMEDIATE', (): WriteResult<T> => {
        if (claim) {
          const record = this.statements.idempotencyRecord.get(claim.key) as { fingerprint: string; response: string } | undefined;
          if (record) {
            if (record.fingerprint !== claim.fingerprint && record.fingerprint !== claim.legacyFingerprint) {
              throw new StoreError(
                'idempotency_mismatch',
                'This Idempotency-Key was already used for a different request; use a new key for a new write.',
              );
            }
            return { value: JSON.parse(record.response) as T, replayed: true };
          }
        }
        const value = body();
        if (claim) {
          this.statements.insertIdempotency.run(claim.key, claim.fingerprint, JSON.stringify(value), this.now().toISOString());
        }
        return { value, replayed: false };
      });
  }

  private requireIncident(id: string): { n: number; incident: Incident } {
    const n = incidentNumber(id);
    const row = n === undefined ? undefined : (this.statements.incidentByN.get(n) as IncidentRow | undefined);
    if (!row) throw new StoreError('not_found', `There is no incident ${id}.`);
    return { n: row.n, incident: JSON.parse(row.doc) as Incident };
  }

  private saveIncident(n: number, incident: Incident): void {
    this.statements.updateIncident.run(
      incident.status,
      incident.severity,
      incident.declaredAt,
      incident.resolvedAt ?? null,
      JSON.stringify(incident),
      n,
    );
  }

  /** Records the change feed rows for a plan and returns its events with their ids. */
  private appendChanges(n: number, plan: PlannedChange): TimelineEvent[] {
    const snapshot = JSON.stringify(plan.incident);
    if (plan.events.length === 0) {
      this.statements.insertChange.run(n, null, snapshot);
      return [];
    }
    return plan.events.map((draft) => {
      const seq = Number(this.statements.insertChange.run(n, JSON.stringify(draft), snapshot).lastInsertRowid);
      const event = withId(draft, seq, plan.incident.id);
      // The outbox rows commit with the event or not at all: no update is lost between the two.
      for (const channel of plannedChannels(this.routing, plan.incident, draft)) {
        this.outbox.insert.run(deliveryId(event.id, channel), n, seq, channel, draft.at, draft.at);
      }
      return event;
    });
  }
}

/** Prepared once per connection and reused for every call. */
type Statements = ReturnType<typeof prepareStatements>;

function prepareStatements(db: Database) {
  return {
    insertIncident: db.prepare(
      'INSERT INTO incidents (status, severity, declared_at, doc) VALUES (?, ?, ?, ?)',
    ),
    updateIncident: db.prepare(
      'UPDATE incidents SET status = ?, severity = ?, declared_at = ?, resolved_at = ?, doc = ? WHERE n = ?',
    ),
    incidentByN: db.prepare('SELECT n, doc FROM incidents WHERE n = ?'),
    activeIncidents: db.prepare(
      "SELECT n, doc FROM incidents WHERE status <> 'resolved' ORDER BY severity, declared_at, n",
    ),
    resolvedIncidents: db.prepare(
      "SELECT n, doc FROM incidents WHERE status = 'resolved' ORDER BY declared_at DESC, n DESC",
    ),
    allIncidents: db.prepare('SELECT n, doc FROM incidents ORDER BY declared_at DESC, n DESC'),
    insertChange: db.prepare(
      'INSERT INTO changes (incident_n, event, incident) VALUES (?, ?, ?)',
    ),
    timeline: db.prepare(
      'SELECT seq, incident_n, event, incident FROM changes WHERE incident_n = ? AND event IS NOT NULL ORDER BY seq',
    ),
    changesAfter: db.prepare(
      'SELECT seq, incident_n, event, incident FROM changes WHERE seq > ? ORDER BY seq LIMIT ?',
    ),
    eventsAfter: db.prepare(
      'SELECT seq, incident_n, event, incident FROM changes WHERE seq > ? AND event IS NOT NULL ORDER BY seq LIMIT ?',
    ),
    latestSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM changes'),
    idempotencyRecord: db.prepare(
      'SELECT fingerprint, response FROM idempotency_keys WHERE key = ?',
    ),
    insertIdempotency: db.prepare(
      'INSERT INTO idempotency_keys (key, fingerprint, response, created_at) VALUES (?, ?, ?, ?)',
    ),
    pruneIdempotency: db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?'),
    insertToken: db.prepare('INSERT OR IGNORE INTO tokens (hash, name, scope, created_at) VALUES (?, ?, ?, ?)'),
    tokens: db.prepare('SELECT hash, name, scope, created_at FROM tokens ORDER BY created_at, name'),
    deleteToken: db.prepare('DELETE FROM tokens WHERE name = ?'),
    rememberRevokedToken: db.prepare('INSERT INTO revoked_tokens (hash, name, revoked_at) SELECT hash, name, ? FROM tokens WHERE name = ? ON CONFLICT (hash) DO NOTHING'),
    revokedToken: db.prepare('SELECT name, revoked_at FROM revoked_tokens WHERE hash = ?'),
  };
}

export function incidentId(n: number): string {
  return `INC-${n}`;
}

/** The row number behind `INC-<n>`, or undefined for anything that is not such an id. */
export function incidentNumber(id: string): number | undefined {
  const match = /^INC-([1-9][0-9]{0,14})$/.exec(id);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** `EV-12.exec` → [`EV-12`, `exec`]; channel names never contain a dot. */
export function splitDeliveryId(id: string): [string, string] {
  const dot = id.indexOf('.');
  return [id.slice(0, dot), id.slice(dot + 1)];
}

function toEvent(row: ChangeRow): TimelineEvent {
  const draft = JSON.parse(row.event ?? 'null') as EventDraft;
  return withId(draft, row.seq, incidentId(row.incident_n));
}

function withId(draft: EventDraft, seq: number, incidentIdValue: string): TimelineEvent {
  return { id: `EV-${seq}`, incidentId: incidentIdValue, ...draft } as TimelineEvent;
}
