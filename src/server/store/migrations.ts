import { inTransaction, type Database } from './sqlite';

/**
 * Schema history of the SQLite store. Append only: a shipped migration is never
 * edited, because databases in the field have already run it.
 */
/** Shared wording with PostgreSQL's migration 3; types differ only where the two databases do. */
const DELIVERIES_TABLE_SQL = `
  -- id is <event id>.<channel>: the primary key is what plans each pair once.
  -- status: pending (due at next_attempt_at unless leased until claimed_until), delivered, dead.
  CREATE TABLE deliveries (
    id              TEXT    PRIMARY KEY,
    incident_n      INTEGER NOT NULL REFERENCES incidents (n),
    event_seq       INTEGER NOT NULL REFERENCES changes (seq),
    channel         TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    claimed_until   TEXT,
    last_error      TEXT,
    delivered_at    TEXT,
    created_at      TEXT    NOT NULL
  );
  CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
  CREATE INDEX deliveries_by_incident ON deliveries (incident_n, event_seq);
`;

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'incidents, change feed, idempotency records, tokens',
    sql: `
      CREATE TABLE incidents (
        n           INTEGER PRIMARY KEY AUTOINCREMENT,
        status      TEXT    NOT NULL,
        severity    INTEGER NOT NULL,
        declared_at TEXT    NOT NULL,
        -- The whole incident as JSON; the columns above exist for filtering and sorting.
        doc         TEXT    NOT NULL
      );
      CREATE INDEX incidents_by_status ON incidents (status, severity, declared_at);

      -- One row per change. A row with an event is a timeline event; its id is EV-<seq>.
      -- seq is the global order the SSE stream serves and resumes from.
      CREATE TABLE changes (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        incident_n INTEGER NOT NULL REFERENCES incidents (n),
        event      TEXT,
        incident   TEXT    NOT NULL
      );
      CREATE INDEX changes_by_incident ON changes (incident_n, seq);

      CREATE TABLE idempotency_keys (
        key         TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        response    TEXT NOT NULL,
        created_at  TEXT NOT NULL
      );

      CREATE TABLE tokens (
        hash       TEXT PRIMARY KEY,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'named, scoped tokens (existing ones become legacy-N); resolved_at for paging resolved incidents',
    sql: `
      -- Tokens created before names existed keep working under a stable name, numbered in creation order.
      ALTER TABLE tokens ADD COLUMN name TEXT;
      ALTER TABLE tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'responder';
      UPDATE tokens SET name = 'legacy-' || (
        SELECT COUNT(*) FROM tokens AS earlier
        WHERE earlier.created_at < tokens.created_at
           OR (earlier.created_at = tokens.created_at AND earlier.rowid <= tokens.rowid)
      );
      CREATE UNIQUE INDEX tokens_by_name ON tokens (name);

      ALTER TABLE incidents ADD COLUMN resolved_at TEXT;
      UPDATE incidents SET resolved_at = json_extract(doc, '$.resolvedAt') WHERE status = 'resolved';
      -- Keyset pages walk (declared_at, n) newest first; resolved pages may also filter on resolved_at.
      CREATE INDEX incidents_by_declared ON incidents (declared_at DESC, n DESC);
      -- Active pages would otherwise step over every resolved incident newer than the active ones.
      CREATE INDEX incidents_active_by_declared ON incidents (declared_at DESC, n DESC) WHERE status <> 'resolved';
      CREATE INDEX incidents_resolved_by_declared ON incidents (declared_at DESC, n DESC) WHERE status = 'resolved';
    `,
  },
  {
    version: 3,
    description: 'alert groups: which incident a monitor\'s alert group opened last',
    sql: `
      -- One row per (source, groupKey). The primary key is what keeps a burst of
      -- notifications for one group from opening two incidents.
      CREATE TABLE alert_groups (
        group_key  TEXT    PRIMARY KEY,
        incident_n INTEGER NOT NULL REFERENCES incidents (n),
        updated_at TEXT    NOT NULL
      );
    `,
  },
  {
    version: 4,
    description: 'the stakeholder outbox: one row per (event, channel), written with the event',
    sql: DELIVERIES_TABLE_SQL,
  },
  {
    version: 5,
    description: 'revoked token digests, so a revoked secret never works again (not even from the config file)',
    sql: `
      CREATE TABLE revoked_tokens (
        hash       TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        revoked_at TEXT NOT NULL
      );
    `,
  },
];

/** Brings the database up to the newest schema; refuses a database from a newer release. */
export function migrate(db: Database): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
  )`);
  const row = db.prepare('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations').get() as { version: number };
  const newest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
  if (row.version > newest) {
    throw new Error(
      `The database has schema version ${row.version}, newer than this release understands (${newest}); upgrade Incident Desk.`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  for (const migration of MIGRATIONS) {
    if (migration.version <= row.version) continue;
    // Each migration and its version row commit together, so a crash never leaves a half-applied schema.
    inTransaction(db, 'IMMEDIATE', () => {
      db.exec(migration.sql);
      record.run(migration.version, new Date().toISOString());
    });
  }
  return newest;
}
