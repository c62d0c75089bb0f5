import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PostgresStore } from '../../../src/server/store/postgres/postgresStore';
import { openDatabase } from '../../../src/server/store/sqlite';
import { DATABASE_FILE, SqliteStore } from '../../../src/server/store/sqliteStore';
import type { Store } from '../../../src/server/store/store';
import { createEmptyDatabase, sql } from './postgresFixture';

/** One store's data (a folder, a database) that tests open, close and open again. */
export interface StoreUnderTest {
  open(): Promise<Store>;
  /** Pretends a newer release migrated the data. */
  recordSchemaVersion(version: number): Promise<void>;
  dispose(): Promise<void>;
}

export interface StoreFactory {
  name: string;
  create(): Promise<StoreUnderTest>;
}

/** The contract suite runs once per entry: every Store implementation must pass the same tests. */
export const STORE_FACTORIES: readonly StoreFactory[] = [
  {
    name: 'SQLite',
    create: async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-store-'));
      return {
        open: async () => SqliteStore.open(dataDir),
        recordSchemaVersion: async (version) => {
          const db = openDatabase(path.join(dataDir, DATABASE_FILE), 1000);
          db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, 'later')").run(version);
          db.close();
        },
        dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    create: async () => {
      const database = await createEmptyDatabase();
      return {
        open: () => PostgresStore.open({ connectionString: database.connectionString }),
        recordSchemaVersion: async (version) => {
          await sql(database.url, "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 'later')", [version]);
        },
        dispose: () => database.drop(),
      };
    },
  },
];
