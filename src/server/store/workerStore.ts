import { timedCall, type StoreCallObserver } from './timedCall';
import { StoreThread } from './storeThread';
import { STORE_READS, type Store } from './store';
import type { ConnectionRole } from './workerProtocol';

export interface WorkerStoreOptions {
  dataDir: string;
  /** The bundled worker entry (dist/store-worker.mjs). */
  script: string;
  /**
   * The writer's budget for one call, queueing included, before it answers `busy`
   * (503 + Retry-After): short enough that a client retries instead of hanging,
   * long enough to ride out another process's ordinary commit.
   */
  busyTimeoutMs?: number;
  /** Read connections; each read goes to the one with the fewest calls outstanding. */
  readers?: number;
  /** Told about every settled call: for the store latency histogram. */
  onCall?: StoreCallObserver;
}

/** What the server watches besides the Store methods themselves. */
export interface StoreMonitor {
  /** Calls sent to a connection and not answered yet, per role (the queue depth metric). */
  pendingCalls(): Record<ConnectionRole, number>;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 2000;
const DEFAULT_READERS = 2;
const READS: ReadonlySet<string> = new Set(STORE_READS);

/**
 * A Store whose SQLite work runs on worker threads, so neither a lock wait nor a
 * large read stalls the server's event loop: one writer connection (one, so change
 * sequence numbers stay in commit order) and read connections that WAL lets read
 * while a write waits. It is generic over the Store interface: any method is sent by
 * name with its arguments, so a method added to Store and SqliteStore works here
 * without an edit (and runs on a read connection when it is listed in STORE_READS).
 */
export class WorkerStore implements StoreMonitor {
  private constructor(
    private readonly writer: StoreThread,
    private readonly readers: StoreThread[],
    private readonly onCall: WorkerStoreOptions['onCall'],
  ) {}

  /** Opens the writer first (it migrates the file), then the readers. */
  static async open(options: WorkerStoreOptions): Promise<Store & StoreMonitor> {
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    const thread = (role: ConnectionRole): StoreThread => new StoreThread(options.script, { dataDir: options.dataDir, role, busyTimeoutMs });
    const writer = thread('writer');
    const readers = Array.from({ length: Math.max(1, options.readers ?? DEFAULT_READERS) }, () => thread('reader'));
    const store = new WorkerStore(writer, readers, options.onCall);
    try {
      await writer.start();
      await Promise.all(readers.map((reader) => reader.start()));
    } catch (error) {
      await store.close();
      throw error;
    }
    return forwardingEveryMethod(store);
  }

  pendingCalls(): Record<ConnectionRole, number> {
    return { writer: this.writer.pendingCalls, reader: this.readers.reduce((sum, reader) => sum + reader.pendingCalls, 0) };
  }

  call(method: string, args: unknown[]): Promise<unknown> {
    const thread = READS.has(method) ? this.leastBusyReader() : this.writer;
    return timedCall(method, this.onCall, () => thread.call(method, args));
  }

  /** Readers close first so the writer's connection is the last one and checkpoints the WAL. */
  async close(): Promise<void> {
    await Promise.all(this.readers.map((reader) => reader.close()));
    await this.writer.close();
  }

  private leastBusyReader(): StoreThread {
    let best = this.readers[0] ?? this.writer;
    for (const reader of this.readers) if (reader.pendingCalls < best.pendingCalls) best = reader;
    return best;
  }
}

/**
 * Wraps the WorkerStore so every Store method it does not define itself is sent to a
 * worker by name. `then` stays undefined: a Promise resolving to the store must not
 * mistake it for a promise.
 */
function forwardingEveryMethod(store: WorkerStore): Store & StoreMonitor {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (typeof property !== 'string' || property === 'then' || property in target) return Reflect.get(target, property, receiver);
      return (...args: unknown[]) => target.call(property, args);
    },
  }) as unknown as Store & StoreMonitor;
}
