import { parentPort } from 'node:worker_threads';
import { computeInsights } from '../../../core/insights/computeInsights';
import type { InsightsInput } from '../../../core/insights/types';

/**
 * Worker thread entry (dist/insights-worker.js): computes insights away from the
 * extension host's main thread, which must never stall typing for thousands of incidents.
 */
parentPort?.on('message', (message: { id: number; input: InsightsInput }) => {
  try {
    parentPort?.postMessage({ id: message.id, result: computeInsights(message.input) });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
