import { Worker } from 'node:worker_threads';
import type { InsightsInput, InsightsResult } from '../../../core/insights/types';

/**
 * One worker thread for insights, started on first use and reused; each request gets
 * the answer to its own id. A worker that dies rejects what it was computing and is
 * started again next time.
 */
export class InsightsComputer {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(result: InsightsResult): void; reject(error: Error): void }>();

  constructor(private readonly workerScript: string) {}

  compute(input: InsightsInput): Promise<InsightsResult> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, input });
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.failAll(new Error('Insights were closed.'));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript);
    worker.unref();
    worker.on('message', (message: { id: number; result?: InsightsResult; error?: string }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.result) waiting.resolve(message.result);
      else waiting.reject(new Error(message.error ?? 'Insights could not be computed.'));
    });
    const lost = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`The insights worker stopped (exit code ${code}).`)));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
