import { PostgresChangeListener } from './postgres/changeListener';
import { PostgresStore, type PoolConnections } from './postgres/postgresStore';
import { SqliteStore } from './sqliteStore';
import type { Store } from './store';
import { timedCall, type StoreCallObserver } from './timedCall';
import type { StoreMonitor } from './workerStore';
import { WorkerStore } from './workerStore';

/** Where a server's data lives: a SQLite data folder (the default) or a PostgreSQL database. */
export type StoreLocation = { dataDir: string } | { database: PostgresLocation };

export interface PostgresLocation {
  connectionString: string;
  password?: string;
}

/** Something that tells the change feed that another process committed (a replica, `token create`). */
export interface CommitSignals {
  close(): Promise<void>;
}

export interface ServerStore {
  store: Store;
  /** Queue depths of the SQLite worker connections. */
  monitor?: StoreMonitor;
  /** PostgreSQL's pool: its connections by state. */
  pool?: { connections(): PoolConnections };
  /**
   * Starts hearing other replicas' commits. SQLite has no other writer that serves
   * a stream (one server per data folder), so it has nothing to listen to.
   */
  listen(onSignal: () => void, onError: (message: string) => void): Promise<CommitSignals | undefined>;
}

export interface ServerStoreOptions {
  /** The bundled SQLite worker entry (dist/store-worker.mjs). */
  workerScript: () => string;
  onCall?: StoreCallObserver;
}

/** The store a server runs on: SQLite on worker threads, or a PostgreSQL pool plus one LISTEN connection. */
export async function openServerStore(location: StoreLocation, options: ServerStoreOptions): Promise<ServerStore> {
  if ('database' in location) {
    const postgres = await PostgresStore.open(location.database);
    return {
      store: options.onCall === undefined ? postgres : timedStore(postgres, options.onCall),
      pool: { connections: () => postgres.poolConnections() },
      listen: async (onSignal, onError) => {
        const listener = new PostgresChangeListener({ ...location.database, onSignal: () => onSignal(), onError });
        await listener.start();
        return listener;
      },
    };
  }
  const store = await WorkerStore.open({
    dataDir: location.dataDir,
    script: options.workerScript(),
    ...(options.onCall === undefined ? {} : { onCall: options.onCall }),
  });
  return { store, monitor: store, listen: async () => undefined };
}

/** A store for one short admin command (`token create`, `db migrate`): no threads, no listener. */
export async function openStore(location: StoreLocation): Promise<Store> {
  if ('database' in location) return PostgresStore.open(location.database);
  return SqliteStore.open(location.dataDir);
}

export function describeLocation(location: StoreLocation): string {
  if ('dataDir' in location) return location.dataDir;
  const url = new URL(location.database.connectionString);
  url.password = '';
  return url.toString();
}

/**
 * Times every store call as the event loop sees it (waiting for a pool connection
 * included), as WorkerStore does for SQLite, so /metrics reads the same on both.
 */
function timedStore(store: Store, onCall: StoreCallObserver): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => timedCall(property, onCall, () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
    },
  });
}
