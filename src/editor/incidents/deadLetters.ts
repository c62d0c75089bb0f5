import * as vscode from 'vscode';
import type { Delivery, DeliveryList, IncidentBackend } from '../../backends/backend';
import { Disposable } from '../platform/dispose';
import { errorText } from '../platform/errorText';

export type DeliveryBackend = Pick<IncidentBackend, 'listDeliveries' | 'retryDelivery'>;

/** The tree asks again at most this often for an incident it shows (its 30 s ticker redraws it). */
const FRESH_MS = 30_000;
/** A list in the tree: nothing waits on it, but a hung server must not keep a request open forever. */
const LIST_WAIT_MS = 10_000;
const RETRY_WAIT_MS = 15_000;

interface Entry {
  backend: DeliveryBackend;
  dead: Delivery[];
  fetchedAt: number;
  /** How many delivery events the incident's timeline had when this was fetched: a new one means the outbox moved. */
  hint: number;
}

/**
 * Each incident's dead letters, fetched from our server when the tree shows the incident
 * (never awaited by the tree: it draws what it has and redraws when the answer comes),
 * and their retry. PagerDuty has no outbox, so for it there is never anything here.
 */
export class DeadLetters extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<string>());
  /** Fires with the incident id when its dead letters changed. */
  readonly onDidChange = this.changed.event;
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Delivery[]>>();

  constructor(
    private readonly backend: () => DeliveryBackend | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  /** The dead letters last fetched for the incident from the current backend; [] when none or not yet known. */
  cached(incidentId: string): Delivery[] {
    const entry = this.entries.get(incidentId);
    return entry && entry.backend === this.backend() ? entry.dead : [];
  }

  /** Starts a fetch unless a fresh one exists or is on its way; `hint` is the timeline's count of delivery events. */
  refreshSoon(incidentId: string, hint: number): void {
    const backend = this.backend();
    if (!backend?.listDeliveries || this.loading.has(incidentId)) return;
    const entry = this.entries.get(incidentId);
    if (entry && entry.backend === backend && entry.hint === hint && Date.now() - entry.fetchedAt < FRESH_MS) return;
    void this.load(incidentId, hint);
  }

  /** The incident's dead letters as the server says now; the last known ones (or []) when it cannot say. */
  load(incidentId: string, hint = this.entries.get(incidentId)?.hint ?? 0): Promise<Delivery[]> {
    const pending = this.loading.get(incidentId);
    if (pending) return pending;
    const backend = this.backend();
    if (!backend?.listDeliveries) return Promise.resolve([]);
    const request = backend
      .listDeliveries(incidentId, AbortSignal.timeout(LIST_WAIT_MS))
      .then((list) => this.store(incidentId, backend, list, hint))
      .catch((error: unknown) => {
        this.log.warn(`deliveries of ${incidentId} unavailable: ${errorText(error)}`);
        // Remembered as fetched, so a server that cannot answer is not asked on every redraw.
        const previous = this.entries.get(incidentId);
        this.entries.set(incidentId, { backend, dead: previous?.backend === backend ? previous.dead : [], fetchedAt: Date.now(), hint });
        return this.cached(incidentId);
      })
      .finally(() => this.loading.delete(incidentId));
    this.loading.set(incidentId, request);
    return request;
  }

  /** Sends the dead letter again; resolves to the incident's dead letters after it. */
  async retry(incidentId: string, deliveryId: string): Promise<Delivery[]> {
    const backend = this.backend();
    if (!backend?.retryDelivery) throw new Error('Only the Incident Desk server keeps deliveries; this backend has none to retry.');
    const list = await backend.retryDelivery(incidentId, deliveryId, AbortSignal.timeout(RETRY_WAIT_MS));
    return this.store(incidentId, backend, list, this.entries.get(incidentId)?.hint ?? 0);
  }

  private store(incidentId: string, backend: DeliveryBackend, list: DeliveryList, hint: number): Delivery[] {
    for (const { index, problem } of list.skipped) this.log.warn(`deliveries of ${incidentId}: entry ${index} skipped: ${problem}`);
    const dead = list.deliveries.filter((delivery) => delivery.status === 'dead');
    const before = this.cached(incidentId);
    this.entries.set(incidentId, { backend, dead, fetchedAt: Date.now(), hint });
    if (!sameLetters(before, dead)) this.changed.fire(incidentId);
    return dead;
  }
}

function sameLetters(a: readonly Delivery[], b: readonly Delivery[]): boolean {
  return a.length === b.length && a.every((delivery, i) => delivery.id === b[i]!.id && delivery.attempts === b[i]!.attempts && delivery.lastError === b[i]!.lastError);
}
