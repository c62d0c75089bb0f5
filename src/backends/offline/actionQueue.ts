import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { DeclareRequest, IncidentPatch, NewEvent } from '../../core/incidents/model';
import { BackendError, type IncidentBackend } from '../backend';
import { writeFileAtomic } from '../../shared/atomicFile';

/** A write the user made, kept on disk until the backend has it. */
export type PendingAction =
  | { kind: 'declare'; key: string; queuedAt: string; request: DeclareRequest }
  | { kind: 'update'; key: string; queuedAt: string; incidentId: string; patch: IncidentPatch }
  | { kind: 'event'; key: string; queuedAt: string; incidentId: string; event: NewEvent };

export type NewAction =
  | { kind: 'declare'; request: DeclareRequest }
  | { kind: 'update'; incidentId: string; patch: IncidentPatch }
  | { kind: 'event'; incidentId: string; event: NewEvent };

export interface FailedAction {
  action: PendingAction;
  error: BackendError;
}

export interface ActionQueueOptions {
  /** Where pending actions live between window reloads. */
  file: string;
  backend: () => IncidentBackend | undefined;
  /** Called when the backend refuses an action for good (not transient): the user must hear about it. */
  onRejected?: (failure: FailedAction) => void;
  onChange?: (pending: readonly PendingAction[]) => void;
}

/**
 * Writes go to the backend directly when it answers; when it does not, they are
 * saved to disk and sent once, in order, with their idempotency keys, when it is back.
 * Every action carries its key from the start, so a write whose response was lost
 * is not applied twice when it is sent again.
 */
export class ActionQueue {
  private queue: PendingAction[] = [];
  private flushing: Promise<number> | undefined;
  private loaded: Promise<void> | undefined;

  constructor(private readonly options: ActionQueueOptions) {}

  get pending(): readonly PendingAction[] {
    return this.queue;
  }

  /** Reads what a previous window left behind; a corrupt file is kept aside, never silently emptied. */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      let text: string;
      try {
        text = await readFile(this.options.file, 'utf8');
      } catch {
        return;
      }
      try {
        const parsed: unknown = JSON.parse(text);
        if (!Array.isArray(parsed)) throw new Error('not a list');
        this.queue = parsed.filter(isPendingAction);
      } catch (error) {
        await writeFileAtomic(`${this.options.file}.corrupt-${Date.now()}`, text, 0o600);
        throw new Error(`The offline queue file was unreadable (${(error as Error).message}); it was kept as a .corrupt file.`);
      }
      this.options.onChange?.(this.queue);
    })();
    return this.loaded;
  }

  /**
   * Sends now, or queues when the backend is unreachable. Rejects only when the
   * backend refuses the action (bad request, conflict, unauthorized): nothing is queued then.
   */
  async perform(action: NewAction): Promise<'sent' | 'queued'> {
    await this.load();
    const pending = { ...action, key: randomUUID(), queuedAt: new Date().toISOString() } as PendingAction;
    // Keep order: while anything waits, a new action waits behind it.
    if (this.queue.length === 0) {
      try {
        await this.send(pending);
        return 'sent';
      } catch (error) {
        if (!isTransient(error)) throw error;
      }
    }
    this.queue.push(pending);
    await this.persist();
    return 'queued';
  }

  /** Sends what waits, in order; stops at the first transient failure. Resolves with how many were sent. */
  flush(): Promise<number> {
    this.flushing ??= this.flushOnce().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<number> {
    await this.load();
    let sent = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0] as PendingAction;
      try {
        await this.send(next);
        sent += 1;
      } catch (error) {
        if (isTransient(error)) break;
        const failure = error instanceof BackendError ? error : new BackendError('bad_response', String(error));
        this.options.onRejected?.({ action: next, error: failure });
      }
      this.queue.shift();
      await this.persist();
    }
    return sent;
  }

  private async send(action: PendingAction): Promise<void> {
    const backend = this.options.backend();
    if (!backend) throw new BackendError('network', 'No incident backend is configured.');
    const options = { idempotencyKey: action.key };
    switch (action.kind) {
      case 'declare':
        await backend.declare(action.request, { ...options, author: action.request.author });
        return;
      case 'update':
        await backend.update(action.incidentId, action.patch, options);
        return;
      case 'event':
        await backend.addEvent(action.incidentId, action.event, { ...options, author: action.event.author });
        return;
    }
  }

  private async persist(): Promise<void> {
    await writeFileAtomic(this.options.file, JSON.stringify(this.queue, null, 2), 0o600);
    this.options.onChange?.(this.queue);
  }
}

function isTransient(error: unknown): boolean {
  return error instanceof BackendError ? error.transient : true;
}

function isPendingAction(value: unknown): value is PendingAction {
  if (typeof value !== 'object' || value === null) return false;
  const action = value as Record<string, unknown>;
  return typeof action.key === 'string' && (action.kind === 'declare' || action.kind === 'update' || action.kind === 'event');
}
