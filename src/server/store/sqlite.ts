import type * as NodeSqlite from 'node:sqlite';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';

/**
 * SQLite through Node's built-in `node:sqlite`, not a native npm module.
 *
 * Why: the server must run from an installed .vsix, where there is no compiler and no
 * `node_modules`. VS Code's own runtime (Electron's Node, started with
 * ELECTRON_RUN_AS_NODE=1) and code-server's Node both carry `node:sqlite`, so the one
 * store implementation works everywhere without a per-platform native build. It needs
 * Node 22.13 or newer; an older Node gets a clear message instead of a stack trace.
 */
export const MINIMUM_NODE_FOR_STORE = '22.13.0';

export type Database = DatabaseSync;
export type SqlValue = SQLInputValue;

export class SqliteUnavailableError extends Error {
  override name = 'SqliteUnavailableError';
}

let loaded: typeof NodeSqlite | undefined;

function sqliteModule(): typeof NodeSqlite {
  if (loaded) return loaded;
  // Looked up on first use, so commands that never touch the store run on older Node.
  loaded = process.getBuiltinModule?.('node:sqlite') as typeof NodeSqlite | undefined;
  if (!loaded) {
    throw new SqliteUnavailableError(
      `The incident server's store needs Node.js ${MINIMUM_NODE_FOR_STORE} or newer (for node:sqlite); ` +
        `this is Node.js ${process.versions.node}. Run the server with a newer Node, or use "Start Local Server" in VS Code.`,
    );
  }
  return loaded;
}

/** Opens (creating if needed) the database file, waiting up to `busyTimeoutMs` for another process's lock. */
export function openDatabase(file: string, busyTimeoutMs: number): Database {
  const { DatabaseSync } = sqliteModule();
  return new DatabaseSync(file, { timeout: busyTimeoutMs });
}

/** Read-only connections never take the write lock, so a reader never waits behind one (WAL). */
export function openReadOnlyDatabase(file: string, busyTimeoutMs: number): Database {
  const { DatabaseSync } = sqliteModule();
  return new DatabaseSync(file, { timeout: busyTimeoutMs, readOnly: true });
}

/** How long the next statements wait for another connection's lock before failing with SQLITE_BUSY. */
export function setBusyTimeout(db: Database, busyTimeoutMs: number): void {
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
}

/** SQLITE_BUSY and its extended codes (BUSY_RECOVERY, BUSY_SNAPSHOT, BUSY_TIMEOUT) share the low byte 5. */
export function isBusyError(error: unknown): boolean {
  const errcode = (error as { errcode?: unknown } | undefined)?.errcode;
  return typeof errcode === 'number' && (errcode & 0xff) === 5;
}

/**
 * Runs `body` in one transaction. IMMEDIATE takes the write lock up front, so two
 * processes never deadlock upgrading a read lock; DEFERRED is for consistent reads.
 */
export function inTransaction<T>(db: Database, mode: 'IMMEDIATE' | 'DEFERRED', body: () => T): T {
  db.exec(`BEGIN ${mode}`);
  try {
    const value = body();
    db.exec('COMMIT');
    return value;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** The single value of a one-row, one-column pragma. */
export function pragmaValue(db: Database, pragma: string): unknown {
  const row = db.prepare(`PRAGMA ${pragma}`).get();
  return row === undefined ? undefined : Object.values(row)[0];
}
