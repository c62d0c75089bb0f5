import { Worker } from 'node:worker_threads';
import { deserializeError, type CallMessage, type ConnectionRole, type WorkerMessage, type WorkerSetup } from './workerProtocol';

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * One store worker thread seen from the main thread: sends calls, matches answers
 * to them by id, and knows how many are outstanding (the queue depth metric).
 * A thread that dies fails its outstanding calls; the next call starts a new one.
 */
export class StoreThread {
  private worker: Worker | undefined;
  private starting: Promise<Worker> | undefined;
  private readonly pending = new Map<number, PendingCall>();
  private nextId = 1;
  private closing = false;

  constructor(
    private readonly script: string,
    private readonly setup: WorkerSetup,
  ) {}

  get role(): ConnectionRole {
    return this.setup.role;
  }

  get pendingCalls(): number {
    return this.pending.size;
  }

  /** Starts the thread and resolves when its connection is open (or rejects with why it could not open). */
  start(): Promise<Worker> {
    if (this.worker) return Promise.resolve(this.worker);
    this.starting ??= this.spawn().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  async call(method: string, args: unknown[]): Promise<unknown> {
    if (this.closing) throw new Error(`The store is closed; ${method} was not run.`);
    const queuedAt = Date.now();
    const worker = await this.start();
    const id = this.nextId++;
    const message: CallMessage = { id, method, args, queuedAt };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(message);
    });
  }

  /** Lets queued calls finish, closes the connection and ends the thread. */
  async close(): Promise<void> {
    if (this.closing) return;
    const worker = this.worker;
    if (!worker) {
      this.closing = true;
      return;
    }
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const closed = this.call('close', []);
    this.closing = true;
    await closed;
    await exited;
  }

  private spawn(): Promise<Worker> {
    const worker = new Worker(this.script, { workerData: this.setup });
    return new Promise((resolve, reject) => {
      worker.once('message', (first: WorkerMessage) => {
        if (first.type === 'ready') {
          this.worker = worker;
          worker.on('message', (message: WorkerMessage) => this.settle(message));
          resolve(worker);
        } else {
          void worker.terminate();
          reject(first.type === 'failed' ? deserializeError(first.error) : new Error('The store worker answered before it was ready.'));
        }
      });
      worker.on('error', (error) => {
        if (this.worker !== worker) reject(error);
        this.failPending(`the ${this.role} store thread failed: ${error.message}`);
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) this.worker = undefined;
        reject(new Error(`The ${this.role} store thread exited (${code}) before it was ready.`));
        this.failPending(`the ${this.role} store thread exited (${code})`);
      });
    });
  }

  private settle(message: WorkerMessage): void {
    if (message.type !== 'result' && message.type !== 'error') return;
    const call = this.pending.get(message.id);
    if (!call) return;
    this.pending.delete(message.id);
    if (message.type === 'result') call.resolve(message.value);
    else call.reject(deserializeError(message.error));
  }

  private failPending(reason: string): void {
    for (const [id, call] of this.pending) {
      this.pending.delete(id);
      call.reject(new Error(`A store call was lost: ${reason}.`));
    }
  }
}
