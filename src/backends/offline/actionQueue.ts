import { randomUUID } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { BackendError, type IncidentBackend } from '../backend';
import { writeFileAtomic } from '../../shared/atomicFile';
import { pendingActionProblem, type NewAction, type PendingAction } from './pendingAction';
import { appendSetAside } from './setAside';

export type { NewAction, PendingAction } from './pendingAction';

export interface FailedAction {
  action: PendingAction;
  error: BackendError;
}

/** The queue file could not be read as a list: it was moved aside and the queue starts empty. */
export interface CorruptQueueFile {
  file: string;
  /** Where the unreadable content now is. */
  copy: string;
  /** How many actions it seems to have held (counted in the raw text: best effort). */
  actions: number;
  reason: string;
}

/** An entry that can never be sent as it is (malformed, or its send fails for a reason that is no backend's answer). */
export interface SetAsideAction {
  entry: unknown;
  reason: string;
  /** The sidecar file that now holds it. */
  sidecar: string;
}

export interface ActionQueueOptions {
  /** Where pending actions live between window reloads. */
  file: string;
  backend: () => IncidentBackend | undefined;
  /** Called when the backend refuses an action for good (not transient): the user must hear about it. */
  onRejected?: (failure: FailedAction) => void;
  /** The user must hear that queued actions were kept aside, how many and where. */
  onCorruptFile?: (report: CorruptQueueFile) => void;
  /** The user must hear about an entry that was taken out of the queue unsent. */
  onSetAside?: (report: SetAsideAction) => void;
  onChange?: (pending: readonly PendingAction[]) => void;
}

/**
 * Writes go to the backend directly when it answers; when it does not, they are
 * saved to disk and sent once, in order, with their idempotency keys, when it is back.
 * Every action carries its key from the start, so a write whose response was lost
 * is not applied twice when it is sent again.
 *
 * Nothing on disk can stop the queue for good: an unreadable file is moved aside
 * (once: the queue file is then rewritten) and an entry that cannot be sent goes to
 * the sidecar file, each reported, while the rest is delivered.
 */
export class ActionQueue {
  private queue: PendingAction[] = [];
  private flushing: Promise<number> | undefined;
  private loaded: Promise<void> | undefined;

  constructor(private readonly options: ActionQueueOptions) {}

  get pending(): readonly PendingAction[] {
    return this.queue;
  }

  /** The file entries that cannot be sent are moved to. */
  get sidecarFile(): string {
    return `${this.options.file}.set-aside.json`;
  }

  /** Reads what a previous window left behind. Only a successful read is remembered, so a failure is tried again. */
  load(): Promise<void> {
    this.loaded ??= this.loadOnce().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  /**
   * Sends now, or queues when the backend is unreachable. Rejects when the backend
   * refuses the action (bad request, conflict, unauthorized) or sending fails for a
   * reason that is not the backend's: nothing is queued then.
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

  private async loadOnce(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.options.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
      if (!Array.isArray(parsed)) throw new Error('it is not a list');
    } catch (error) {
      await this.setFileAside(text, (error as Error).message);
      return;
    }
    const valid: PendingAction[] = [];
    const malformed: { entry: unknown; reason: string }[] = [];
    parsed.forEach((entry: unknown, index) => {
      const problem = pendingActionProblem(entry);
      if (problem === undefined) valid.push(entry as PendingAction);
      else malformed.push({ entry, reason: `entry ${index + 1} of the queue file is malformed: ${problem}` });
    });
    // Set aside before the queue file is rewritten without them: a crash in between keeps them twice, never zero times.
    if (malformed.length > 0) await this.setAside(malformed);
    this.queue = valid;
    if (malformed.length > 0) await this.persist();
    else this.options.onChange?.(this.queue);
  }

  /** Moves the unreadable file to a `.corrupt-*` name (a move, so it happens once) and starts an empty queue file. */
  private async setFileAside(text: string, reason: string): Promise<void> {
    const copy = `${this.options.file}.corrupt-${Date.now()}`;
    await rename(this.options.file, copy);
    this.queue = [];
    await this.persist();
    this.options.onCorruptFile?.({ file: this.options.file, copy, actions: countActions(text), reason });
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
        if (error instanceof BackendError) {
          this.options.onRejected?.({ action: next, error });
        } else {
          // Not the backend's answer (a bug, a value it cannot even encode): sending it again
          // would fail again and hold back everything behind it.
          await this.setAside([{ entry: next, reason: `sending it failed: ${error instanceof Error ? error.message : String(error)}` }]);
        }
      }
      this.queue.shift();
      await this.persist();
    }
    return sent;
  }

  private async setAside(entries: readonly { entry: unknown; reason: string }[]): Promise<void> {
    const setAsideAt = new Date().toISOString();
    const sidecar = await appendSetAside(
      this.sidecarFile,
      entries.map(({ entry, reason }) => ({ setAsideAt, reason, entry })),
    );
    for (const { entry, reason } of entries) this.options.onSetAside?.({ entry, reason, sidecar });
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

/** Only the backend's own word makes a failure worth waiting for; anything else would fail the same way again. */
function isTransient(error: unknown): boolean {
  return error instanceof BackendError && error.transient;
}

/** Each queued action has exactly one `"kind"` of these values; counting them in the raw text survives most damage. */
function countActions(text: string): number {
  return text.match(/"kind"\s*:\s*"(?:declare|update|event)"/g)?.length ?? 0;
}
