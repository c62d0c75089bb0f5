import type { AddressInfo } from 'node:net';
import { buildApp } from './app';
import { provisionTokens, type ResolvedToken } from './config/provisionTokens';
import { ChangeFeed } from './changeFeed';
import type { AlertPolicy } from './integrations/alertNotification';
import { seedDemo } from './demo';
import { ServerMetrics } from './metrics';
import { openServerStore, type PostgresLocation, type StoreLocation } from './store/openStore';
import { locateStoreWorker } from './store/storeWorkerScript';
import type { StatusPageSettings } from './notify/statusPageConfig';
import type { ResolvedNotify } from './notify/types';
import { DeliveryWorker } from './notify/worker';

export { openApiDocument } from './openapi';
export { createToken, listTokens, revokeToken, TokenAdminError, type NewToken } from './tokenAdmin';
export { DATABASE_URL_ENV, DatabaseUrlError, resolveDatabaseTarget, type PostgresTarget } from './store/postgres/connection';
export type { StoreLocation } from './store/openStore';
export { MigrationRefused, migrateSqliteToPostgres, type TableReport } from './store/postgres/importSqlite';
export { BackupError, backupDataFolder, restoreDataFolder } from './store/sqliteBackup';

export interface ServerLogger {
  info(message: string): void;
  error(message: string): void;
}

export interface ServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Defaults to 127.0.0.1: the server is local unless someone decides otherwise. */
  host?: string;
  /** The SQLite data folder; ignored when `database` is given. */
  dataDir?: string;
  /** A PostgreSQL database instead of SQLite: any number of servers (replicas) may share it. */
  database?: PostgresLocation;
  /** Seed the demo incidents when the store is empty. */
  demo?: boolean;
  /** SSE heartbeat comment interval; 15 s by default, shorter in tests. */
  heartbeatMs?: number;
  logger?: ServerLogger;
  /** The bundled store worker; found beside the running bundle when not given (tests pass dist's). */
  storeWorkerScript?: string;
  /** Reported by /v1/health; the CLI passes its package version. */
  version?: string;
  /** Tokens from the config file, secrets already read; created or updated before listening. */
  tokens?: readonly ResolvedToken[];
  /** The config file's `alerts:` section; the defaults when not given. */
  alertPolicy?: AlertPolicy;
  /** The config file's `notify:` section, secrets already read; without it nothing is delivered. */
  notify?: ResolvedNotify;
  /** The config file's `status_page:` section; behind a viewer token when not given. */
  statusPage?: StatusPageSettings;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_HEARTBEAT_MS = 15_000;

const stderrLogger: ServerLogger = {
  info: (message) => process.stderr.write(`${message}\n`),
  error: (message) => process.stderr.write(`${message}\n`),
};

/** Starts the API server in this process (the CLI, tests and benchmarks all use this). */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? stderrLogger;
  const host = options.host ?? '127.0.0.1';
  const metrics = new ServerMetrics();
  // SQLite runs on worker threads so a lock wait or a large read never stalls this event loop;
  // PostgreSQL's pool is asynchronous already.
  const { store, monitor, pool, listen } = await openServerStore(storeLocation(options), {
    workerScript: () => options.storeWorkerScript ?? locateStoreWorker(),
    onCall: (operation, seconds, outcome) => metrics.observeStoreCall(operation, seconds, outcome),
  });
  if (monitor) metrics.watchStoreQueues(() => monitor.pendingCalls());
  if (pool) metrics.watchStorePool(() => pool.connections());
  let signals: Awaited<ReturnType<typeof listen>>;
  try {
    if (options.tokens) await provisionTokens(store, options.tokens);
    // Before any write (the demo seed included), so every event plans its deliveries.
    if (options.notify) await store.configureDeliveries(options.notify.routing);
    if (options.demo && (await seedDemo(store))) logger.info('Seeded the demo incidents.');
    const feed = new ChangeFeed(store, {
      heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
      onError: (error) => logger.error(`change feed: ${error instanceof Error ? error.message : String(error)}`),
    });
    // Listen before reading the feed's starting point, so no other replica's commit falls between the two.
    const worker = options.notify
      ? new DeliveryWorker({
          store,
          channels: options.notify.channels,
          settings: options.notify.delivery,
          onError: (message) => logger.error(message),
          // Its events commit outside any request, so nothing else would wake the feed for them.
          onTimelineEvent: () => feed.poke(),
        })
      : undefined;
    signals = await listen(
      () => {
        feed.poke();
        worker?.poke();
      },
      (message) => logger.error(`change feed: ${message}`),
    );
    await feed.start();
    metrics.watchSseSubscribers(() => feed.subscriberCount);
    const app = buildApp({
      store,
      feed,
      logger,
      metrics,
      ...(options.version === undefined ? {} : { version: options.version }),
      ...(options.alertPolicy === undefined ? {} : { alertPolicy: options.alertPolicy }),
      ...(options.statusPage === undefined ? {} : { statusPage: options.statusPage }),
      ...(options.notify === undefined ? {} : { routing: options.notify.routing }),
    });
    // A write that may have planned deliveries: send now rather than at the next poll.
    if (worker) {
      app.addHook('onResponse', async (request, reply) => {
        if (request.method !== 'GET' && reply.statusCode < 300) worker.poke();
      });
    }
    try {
      await app.listen({ port: options.port, host });
    } catch (error) {
      feed.close();
      await signals?.close();
      await app.close();
      throw error;
    }
    worker?.start();
    const port = (app.server.address() as AddressInfo).port;
    let closing: Promise<void> | undefined;
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      port,
      close: () =>
        (closing ??= (async () => {
          feed.close();
          await signals?.close();
          await app.close();
          await worker?.stop();
          // A delivery still reading the store must finish before the database closes.
          await feed.settled();
          await store.close();
        })()),
    };
  } catch (error) {
    await signals?.close();
    await store.close();
    throw error;
  }
}

function storeLocation(options: ServerOptions): StoreLocation {
  if (options.database) return { database: options.database };
  if (options.dataDir === undefined) throw new Error('startServer needs a dataDir or a database');
  return { dataDir: options.dataDir };
}
