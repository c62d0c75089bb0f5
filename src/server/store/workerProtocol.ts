import { StoreError, type StoreErrorKind } from './store';

/**
 * The messages between WorkerStore (main thread) and a store worker. Everything
 * crosses by structured clone, so arguments and results are plain data; errors
 * travel as their parts and StoreErrors come back as StoreErrors.
 */

export type ConnectionRole = 'writer' | 'reader';

export interface WorkerSetup {
  dataDir: string;
  role: ConnectionRole;
  /** The writer's whole budget for a call, queueing included, before it answers `busy`. */
  busyTimeoutMs: number;
}

/** A Store method call. `queuedAt` (epoch ms) lets the writer spend only what is left of the budget. */
export interface CallMessage {
  id: number;
  method: string;
  args: unknown[];
  queuedAt: number;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'failed'; error: SerializedError }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  kind?: StoreErrorKind;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const serialized: SerializedError = { name: error.name, message: error.message };
  if (error.stack !== undefined) serialized.stack = error.stack;
  if (error instanceof StoreError) serialized.kind = error.kind;
  return serialized;
}

export function deserializeError(serialized: SerializedError): Error {
  const error = serialized.kind ? new StoreError(serialized.kind, serialized.message) : new Error(serialized.message);
  error.name = serialized.name;
  // The worker's stack says where it failed; this thread's would only say "a message arrived".
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  return error;
}
