import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ClientBase } from 'pg';
import { openReadOnlyDatabase, type Database } from '../sqlite';
import { DATABASE_FILE, SqliteStore } from '../sqliteStore';
import type { PostgresLocation } from '../openStore';
import { connectClient, PostgresStore } from './postgresStore';

/**
 * `incident-desk db migrate`: a SQLite server's data copied into an empty PostgreSQL
 * database, in one transaction. Incident numbers and change sequence numbers stay
 * what they were (INC-7 is still INC-7, EV-42 still EV-42, and a client's
 * Last-Event-ID still means the same change), tokens keep working, and idempotency
 * records keep answering replays from offline queues.
 *
 * Before committing, every table is read back from PostgreSQL and compared with the
 * source by row count and a SHA-256 over the rows in key order; any difference rolls
 * the whole copy back.
 */

export class MigrationRefused extends Error {
  override name = 'MigrationRefused';
}

/** One table: how to read it on both sides, and how to write it to PostgreSQL. */
interface TableCopy {
  table: string;
  /** Column names, identical on both sides; the first is the key rows are ordered by. */
  columns: readonly string[];
  /** PostgreSQL array types for the unnest() insert, one per column. */
  types: readonly string[];
  /** Columns that are numbers (PostgreSQL hands BIGINTs back as strings). */
  numeric: ReadonlySet<string>;
}

const TABLES: readonly TableCopy[] = [
  {
    table: 'incidents',
    columns: ['n', 'status', 'severity', 'declared_at', 'resolved_at', 'doc'],
    types: ['bigint', 'text', 'int', 'text', 'text', 'text'],
    numeric: new Set(['n', 'severity']),
  },
  {
    table: 'changes',
    columns: ['seq', 'incident_n', 'event', 'incident'],
    types: ['bigint', 'bigint', 'text', 'text'],
    numeric: new Set(['seq', 'incident_n']),
  },
  // After incidents: each row names one.
  {
    table: 'alert_groups',
    columns: ['group_key', 'incident_n', 'updated_at'],
    types: ['text', 'bigint', 'text'],
    numeric: new Set(['incident_n']),
  },
  // After changes: each row names an incident and an event.
  {
    table: 'deliveries',
    columns: ['id', 'incident_n', 'event_seq', 'channel', 'status', 'attempts', 'next_attempt_at', 'claimed_until', 'last_error', 'delivered_at', 'created_at'],
    types: ['text', 'bigint', 'bigint', 'text', 'text', 'int', 'text', 'text', 'text', 'text', 'text'],
    numeric: new Set(['incident_n', 'event_seq', 'attempts']),
  },
  { table: 'tokens', columns: ['hash', 'name', 'scope', 'created_at'], types: ['text', 'text', 'text', 'text'], numeric: new Set() },
  { table: 'revoked_tokens', columns: ['hash', 'name', 'revoked_at'], types: ['text', 'text', 'text'], numeric: new Set() },
  {
    table: 'idempotency_keys',
    columns: ['key', 'fingerprint', 'response', 'created_at'],
    types: ['text', 'text', 'text', 'text'],
    numeric: new Set(),
  },
];

const BATCH = 1000;

export interface TableReport {
  table: string;
  rows: number;
  /** sha256 of the rows in key order, the same on both sides. */
  checksum: string;
}

type Row = Record<string, unknown>;

export async function migrateSqliteToPostgres(dataDir: string, target: PostgresLocation): Promise<TableReport[]> {
  // Opening the source as a writer once brings it to this release's schema (a no-op when it is current).
  await SqliteStore.open(dataDir).close();
  const source = openReadOnlyDatabase(join(dataDir, DATABASE_FILE), 5000);
  try {
    // The target gets this release's schema; a database that already has it (and data) is checked below.
    await (await PostgresStore.open(target)).close();
    const client = await connectClient({ connectionString: target.connectionString, ...(target.password === undefined ? {} : { password: target.password }) });
    try {
      // One read transaction on the source: a server still writing to it cannot tear the copy.
      source.exec('BEGIN');
      await client.query('BEGIN');
      try {
        // Nobody else writes while we check emptiness and copy (a replica started too early waits).
        await client.query(`LOCK TABLE ${TABLES.map((t) => t.table).join(', ')} IN EXCLUSIVE MODE`);
        await refuseUnlessEmpty(client);
        const reports: TableReport[] = [];
        for (const table of TABLES) reports.push(await copyTable(source, client, table));
        await continueSequences(client);
        await client.query('COMMIT');
        return reports;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        source.exec('COMMIT');
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  } finally {
    source.close();
  }
}

async function refuseUnlessEmpty(client: ClientBase): Promise<void> {
  const counts: string[] = [];
  for (const { table } of TABLES) {
    const { rows } = await client.query<{ count: string }>(`SELECT COUNT(*) AS count FROM ${table}`);
    const count = Number(rows[0]?.count ?? 0);
    if (count > 0) counts.push(`${count} ${table}`);
  }
  if (counts.length > 0) {
    throw new MigrationRefused(
      `The target database is not empty (${counts.join(', ')}); db migrate only fills an empty one, so nothing was copied. ` +
        'Create a new database for it, or drop this one if its contents are not needed.',
    );
  }
}

async function copyTable(source: Database, client: ClientBase, copy: TableCopy): Promise<TableReport> {
  const key = copy.columns[0] ?? '';
  const sourceRows = source.prepare(`SELECT ${copy.columns.join(', ')} FROM ${copy.table} ORDER BY ${key}`).all() as Row[];
  for (let start = 0; start < sourceRows.length; start += BATCH) {
    const batch = sourceRows.slice(start, start + BATCH);
    const arrays = copy.columns.map((column) => batch.map((row) => (row[column] === undefined ? null : row[column])));
    const selects = copy.columns.map((_, index) => `$${index + 1}::${copy.types[index]}[]`).join(', ');
    const extra = copy.table === 'incidents' ? ', version' : '';
    const versionValue = copy.table === 'incidents' ? ', (u.doc::json ->> \'version\')::int' : '';
    await client.query(
      `INSERT INTO ${copy.table} (${copy.columns.join(', ')}${extra})
         SELECT ${copy.columns.map((column) => `u.${column}`).join(', ')}${versionValue}
           FROM unnest(${selects}) AS u(${copy.columns.join(', ')})`,
      arrays,
    );
  }
  // SQLite orders text byte-wise; COLLATE "C" makes PostgreSQL do the same whatever the cluster's locale.
  const order = copy.numeric.has(key) ? key : `${key} COLLATE "C"`;
  const { rows: targetRows } = await client.query<Row>(`SELECT ${copy.columns.join(', ')} FROM ${copy.table} ORDER BY ${order}`);
  const expected = checksum(sourceRows, copy);
  const actual = checksum(targetRows, copy);
  if (targetRows.length !== sourceRows.length || actual !== expected) {
    throw new Error(
      `Verification failed for ${copy.table}: ${sourceRows.length} rows (sha256 ${expected}) in SQLite, ` +
        `${targetRows.length} rows (sha256 ${actual}) in PostgreSQL. Nothing was committed.`,
    );
  }
  return { table: copy.table, rows: sourceRows.length, checksum: actual };
}

/** New incidents and changes continue after the copied numbers, never reusing one. */
async function continueSequences(client: ClientBase): Promise<void> {
  for (const [table, column] of [['incidents', 'n'], ['changes', 'seq']] as const) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence('${table}', '${column}'), COALESCE(MAX(${column}), 1), MAX(${column}) IS NOT NULL) FROM ${table}`,
    );
  }
}

/** Rows in key order, each value normalised (numbers as numbers, text as text, NULL as null). */
function checksum(rows: readonly Row[], copy: TableCopy): string {
  const hash = createHash('sha256');
  for (const row of rows) {
    const values = copy.columns.map((column) => {
      const value = row[column];
      if (value === null || value === undefined) return null;
      return copy.numeric.has(column) ? Number(value) : String(value);
    });
    hash.update(`${JSON.stringify(values)}\n`);
  }
  return hash.digest('hex');
}
