import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStore } from './sqliteStore';
import { serializeError, type CallMessage, type WorkerMessage, type WorkerSetup } from './workerProtocol';

/**
 * A store worker thread (bundled as dist/store-worker.mjs): one SQLite connection
 * and nothing else, so a lock wait or a long query stalls this thread, never the
 * server's event loop. Calls run one at a time in arrival order; for the writer
 * that keeps change sequence numbers in commit order.
 */
function run(port: NonNullable<typeof parentPort>, setup: WorkerSetup): void {
  const post = (message: WorkerMessage): void => port.postMessage(message);
  let store: SqliteStore;
  try {
    store = SqliteStore.open(setup.dataDir, { role: setup.role, busyTimeoutMs: setup.busyTimeoutMs });
  } catch (error) {
    post({ type: 'failed', error: serializeError(error) });
    return;
  }
  post({ type: 'ready' });

  port.on('message', (call: CallMessage) => {
    void answer(store, setup, call).then((reply) => {
      post(reply);
      // After close the thread has nothing left to do; letting the port go ends it.
      if (call.method === 'close') port.close();
    });
  });
}

async function answer(store: SqliteStore, setup: WorkerSetup, call: CallMessage): Promise<WorkerMessage> {
  try {
    if (setup.role === 'writer') {
      // A call that waited in the queue behind a blocked write has already spent part of its budget.
      store.setBusyTimeout(setup.busyTimeoutMs - (Date.now() - call.queuedAt));
    }
    const method = (store as unknown as Record<string, unknown>)[call.method];
    if (typeof method !== 'function') throw new Error(`The store has no method ${call.method}.`);
    const value: unknown = await (method as (...args: unknown[]) => unknown).apply(store, call.args);
    return { type: 'result', id: call.id, value };
  } catch (error) {
    return { type: 'error', id: call.id, error: serializeError(error) };
  }
}

if (parentPort) run(parentPort, workerData as WorkerSetup);
