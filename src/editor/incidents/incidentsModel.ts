import * as path from 'node:path';
import * as vscode from 'vscode';
import { BackendError, type BackendIdentity, type IncidentBackend, type IncidentChange, type Subscription } from '../../backends/backend';
import { ActionQueue, type NewAction } from '../../backends/offline/actionQueue';
import { readIncidentCache, writeIncidentCache } from '../../backends/offline/incidentCache';
import { isActive, type Audience, type DeclareRequest, type Incident, type IncidentWithTimeline } from '../../core/incidents/model';
import { recentlyResolvedSince, type ResolvedListing } from '../../core/incidents/recentlyResolved';
import { Disposable } from '../platform/dispose';
import type { BackendSetup } from './backendFactory';
import { recordingDeclarations } from './declarationRecorder';
import { errorText } from '../platform/errorText';

export type ConnectionState =
  | { kind: 'unconfigured'; reason: string }
  | { kind: 'connecting' }
  | { kind: 'online'; updatedAt: number }
  | { kind: 'offline'; error: string; updatedAt?: number; nextRetryAt: number };

export interface IncidentsModelOptions {
  storageDir: string;
  setup: () => Promise<BackendSetup>;
  log: vscode.LogOutputChannel;
  /** Tells the user about an action the backend refused after it had been queued. */
  onRejected: (message: string) => void;
  /** Tells the user that queued actions were kept aside unsent (a damaged queue file or entry), and where. */
  onWarning: (message: string) => void;
}

const MAX_RETRY_MS = 60_000;
/** A picker waits this long for the resolved list before it shows the active incidents alone. */
const RECENTLY_RESOLVED_WAIT_MS = 3000;
/** The route preview is a hint in a prompt; a slow server never holds the prompt up for long. */
const ROUTE_PREVIEW_WAIT_MS = 1500;
/** The tree's "Recently resolved" group waits longer: it shows a list, nothing else waits on it. */
const RESOLVED_GROUP_WAIT_MS = 10_000;

/**
 * The incidents the window knows: fetched from the backend, kept live by its
 * change stream, cached on disk for offline use. The tree and status bar render
 * it; commands write through its queue.
 */
export class IncidentsModel extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  private active = new Map<string, Incident>();
  private readonly details = new Map<string, IncidentWithTimeline>();
  private backend: IncidentBackend | undefined;
  /** What the queue sends through: the backend, remembering what each declaration became. */
  private sender: IncidentBackend | undefined;
  private readonly declared = new WeakMap<DeclareRequest, Incident>();
  private identity = '';
  private me: BackendIdentity | undefined;
  private subscription: Subscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryAttempt = 0;
  private fireTimer: NodeJS.Timeout | undefined;
  private cacheTimer: NodeJS.Timeout | undefined;
  private generation = 0;
  private _state: ConnectionState = { kind: 'connecting' };
  /** The last answer to "recently resolved" for the tree, kept for offline; stale once something may have changed it. */
  private resolved: { incidents: Incident[]; fetchedAt: number } | undefined;
  private resolvedStale = true;
  /** Bumped by every invalidation, so an answer that was on its way during one is not taken as current. */
  private resolvedEpoch = 0;
  private resolvedLoading: Promise<ResolvedListing> | undefined;
  private lastListing: ResolvedListing | undefined;
  readonly queue: ActionQueue;

  constructor(private readonly options: IncidentsModelOptions) {
    super();
    this.queue = new ActionQueue({
      file: path.join(options.storageDir, 'pending-actions.json'),
      backend: () => this.sender,
      onChange: () => this.fireSoon(),
      onRejected: ({ action, error }) => {
        const what = action.kind === 'event' ? `${action.event.type.replace('_', ' ')} on ${action.incidentId}` : action.kind === 'update' ? `update of ${action.incidentId}` : `declaration of “${action.request.title}”`;
        options.onRejected(`The backend refused the queued ${what}: ${error.message}`);
        options.log.error(`queued action refused: ${what}: ${error.message}`);
      },
      onCorruptFile: ({ copy, actions, reason }) => {
        const held = actions === 1 ? 'It held about 1 unsent action' : `It held about ${actions} unsent actions`;
        options.onWarning(`The offline queue file could not be read (${reason}) and was set aside. ${held}; nothing in it was sent. The file is kept at ${copy}.`);
        options.log.warn(`offline queue file unreadable (${reason}); moved to ${copy} (about ${actions} actions)`);
      },
      onSetAside: ({ reason, sidecar }) => {
        options.onWarning(`A queued action was set aside unsent because ${reason}. It is kept in ${sidecar}.`);
        options.log.warn(`queued action set aside: ${reason}; kept in ${sidecar}`);
      },
    });
    this._register({ dispose: () => this.stopConnection() });
  }

  get state(): ConnectionState {
    return this._state;
  }

  get backendKind(): IncidentBackend['kind'] | undefined {
    return this.backend?.kind;
  }

  /** Our server's outbox calls (dead letters and their retry), for DeadLetters; PagerDuty has none. */
  get deliveryBackend(): Pick<IncidentBackend, 'listDeliveries' | 'retryDelivery'> | undefined {
    return this.backend;
  }

  /** Who the backend records this window's writes as (our server: the token's name), once it has said. */
  get signedInAs(): BackendIdentity | undefined {
    return this.me;
  }

  /**
   * The labels of the channels a status update for this audience would reach, for the
   * prompt; undefined when the backend cannot say (PagerDuty, offline, slow): a prompt never waits long.
   */
  async routesFor(incidentId: string, audience: Audience): Promise<string[] | undefined> {
    const backend = this.backend;
    if (!backend?.previewRoutes) return undefined;
    try {
      return await backend.previewRoutes(incidentId, audience, AbortSignal.timeout(ROUTE_PREVIEW_WAIT_MS));
    } catch (error) {
      this.options.log.warn(`route preview unavailable: ${errorText(error)}`);
      return undefined;
    }
  }

  /**
   * Incidents resolved in the last two weeks, for pickers that offer them beside the
   * active ones. Empty when the backend is unreachable or slow: a picker never waits long.
   */
  async recentlyResolved(): Promise<Incident[]> {
    const backend = this.backend;
    if (!backend) return [];
    try {
      return await listRecentlyResolved(backend, RECENTLY_RESOLVED_WAIT_MS);
    } catch (error) {
      this.options.log.warn(`recently resolved incidents unavailable: ${errorText(error)}`);
      return [];
    }
  }

  /**
   * The tree's "Recently resolved" group: fetched when the group is expanded and again
   * only after something may have changed it (a refresh, an incident resolved, a
   * reconnect), so an expanded group costs no request per redraw. Offline it answers at
   * once with the last list (or none); it never throws.
   */
  resolvedListing(): Promise<ResolvedListing> {
    if (!this.resolvedStale && this.resolved) return Promise.resolve({ state: 'fresh', ...this.resolved });
    const generation = this.generation;
    this.resolvedLoading ??= this.loadResolved()
      .then((listing) => {
        if (generation === this.generation) this.lastListing = listing;
        return listing;
      })
      .finally(() => {
        this.resolvedLoading = undefined;
      });
    return this.resolvedLoading;
  }

  /** The group's last answer, without fetching (undefined before the group was first expanded): for its description. */
  get lastResolvedListing(): ResolvedListing | undefined {
    return this.lastListing;
  }

  private async loadResolved(): Promise<ResolvedListing> {
    const backend = this.backend;
    const generation = this.generation;
    const epoch = this.resolvedEpoch;
    const offline = (error: string): ResolvedListing => (this.resolved ? { state: 'cached', ...this.resolved, error } : { state: 'unavailable', error });
    if (!backend) return offline(this._state.kind === 'unconfigured' ? this._state.reason : 'No incident backend is connected.');
    // Known unreachable: answer now rather than wait for a timeout on every redraw.
    if (this._state.kind === 'offline') return offline(this._state.error);
    try {
      const incidents = await listRecentlyResolved(backend, RESOLVED_GROUP_WAIT_MS);
      if (generation !== this.generation) return offline('The backend changed.');
      this.resolved = { incidents, fetchedAt: Date.now() };
      this.resolvedStale = epoch !== this.resolvedEpoch;
      return { state: 'fresh', ...this.resolved };
    } catch (error) {
      this.options.log.warn(`recently resolved incidents unavailable: ${errorText(error)}`);
      return offline(errorText(error));
    }
  }

  /** Active incidents, most severe first, then most recent. */
  incidents(): Incident[] {
    return [...this.active.values()].sort((a, b) => a.severity - b.severity || b.declaredAt.localeCompare(a.declaredAt));
  }

  incident(id: string): Incident | undefined {
    return this.active.get(id) ?? this.details.get(id);
  }

  /** The incident a declare request sent through `perform` became; undefined while it waits in the queue. */
  declaredBy(request: DeclareRequest): Incident | undefined {
    return this.declared.get(request);
  }

  cachedDetail(id: string): IncidentWithTimeline | undefined {
    return this.details.get(id);
  }

  /** The incident with its timeline; the cached copy when it is current or the backend is unreachable. */
  async detail(id: string): Promise<IncidentWithTimeline | undefined> {
    const cached = this.details.get(id);
    const known = this.active.get(id);
    if (cached && known && cached.version >= known.version) return cached;
    if (!this.backend) return cached;
    try {
      const fresh = await this.backend.get(id);
      this.details.set(id, fresh);
      return fresh;
    } catch (error) {
      if (cached) return cached;
      throw error;
    }
  }

  /** (Re)builds the backend from settings and secrets, shows the cache at once, then goes live. */
  async connect(): Promise<void> {
    this.stopConnection();
    const generation = ++this.generation;
    const setup = await this.options.setup();
    if (generation !== this.generation) return;
    if (setup.state === 'unconfigured') {
      this.backend = undefined;
      this.sender = undefined;
      this.active.clear();
      this.details.clear();
      this.setState({ kind: 'unconfigured', reason: setup.reason });
      return;
    }
    this.backend = setup.configured.backend;
    this.sender = recordingDeclarations(this.backend, this.declared);
    this.identity = setup.configured.identity;
    this.me = undefined;
    this.details.clear();
    this.resolved = undefined;
    this.lastListing = undefined;
    this.resolvedLoading = undefined;
    this.invalidateResolved();
    const cache = await readIncidentCache(this.cacheFile, this.identity);
    if (generation !== this.generation) return;
    this.active = new Map((cache?.incidents ?? []).map((incident) => [incident.id, incident]));
    this.setState({ kind: 'connecting' });
    await this.queue.load().catch((error: Error) => this.options.onRejected(error.message));
    this.subscription = this.backend.subscribe(
      (change) => this.apply(change),
      (status) => {
        // The stream dropping is the first sign the server is gone; a successful
        // reconnect is the moment to resynchronise and send what waited.
        if (status.state === 'reconnecting' && this._state.kind === 'online') void this.refresh();
        if (status.state === 'connected' && (this._state.kind === 'offline' || this.queue.pending.length > 0)) void this.refresh();
        if (status.state === 'reset') {
          this.options.log.warn(`incident stream reset: ${status.reason}; reloading`);
          this.details.clear();
          void this.refresh();
        }
      },
    );
    await this.refresh(cache ? Date.parse(cache.fetchedAt) : undefined);
    void this.warnIfServerIsOlder(setup.configured.backend, this.identity);
  }

  /** Servers already warned about in this window, by identity: one warning each, not one per reconnect. */
  private readonly compatibilityWarned = new Set<string>();

  private async warnIfServerIsOlder(backend: IncidentBackend, identity: string): Promise<void> {
    if (!backend.compatibilityWarning || this.compatibilityWarned.has(identity)) return;
    try {
      const warning = await backend.compatibilityWarning();
      if (warning === undefined || this.compatibilityWarned.has(identity)) return;
      this.compatibilityWarned.add(identity);
      this.options.log.warn(warning);
      this.options.onWarning(warning);
    } catch {
      // An unreachable server is reported by the connection state; the check runs again on the next connect.
    }
  }

  private refreshing: Promise<void> | undefined;

  /**
   * Fetches the active incidents; on failure keeps what it has and retries with
   * backoff. Calls that arrive while one is under way share it, so a burst of
   * triggers (stream drop, a command, a write) is one request and one backoff step.
   */
  refresh(lastUpdated?: number): Promise<void> {
    this.refreshing ??= this.refreshOnce(lastUpdated).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshOnce(lastUpdated?: number): Promise<void> {
    const backend = this.backend;
    if (!backend) return;
    const generation = this.generation;
    clearTimeout(this.retryTimer);
    try {
      await this.sendQueued();
      const list = await backend.listActive();
      if (generation !== this.generation) return;
      // The backend answers now: what could not be sent before goes before anything else.
      // (A flush that raced the backend's return may have stopped short.)
      if (this.queue.pending.length > 0 && (await this.sendQueued()) > 0) {
        await this.refreshOnce(lastUpdated);
        return;
      }
      this.active = new Map(list.map((incident) => [incident.id, incident]));
      this.invalidateResolved();
      for (const id of [...this.details.keys()]) if (!this.active.has(id)) this.details.delete(id);
      this.retryAttempt = 0;
      this.setState({ kind: 'online', updatedAt: Date.now() });
      if (!this.me) void this.loadIdentity(backend, generation);
      this.saveCacheSoon();
      // Still waiting (the backend answered a read but not yet our writes): try again soon.
      if (this.queue.pending.length > 0) this.scheduleRetry();
    } catch (error) {
      if (generation !== this.generation) return;
      this.goOffline(error, lastUpdated);
    }
  }

  private async loadIdentity(backend: IncidentBackend, generation: number): Promise<void> {
    if (!backend.whoAmI) return;
    try {
      const me = await backend.whoAmI();
      if (generation !== this.generation) return;
      this.me = me;
      this.fireSoon();
    } catch (error) {
      // A server from before /v1/me: everything works, the view just cannot say who you are.
      this.options.log.warn(`could not learn who this token is: ${errorText(error)}`);
    }
  }

  private async sendQueued(): Promise<number> {
    if (this.queue.pending.length === 0) return 0;
    const sent = await this.queue.flush();
    if (sent > 0) this.options.log.info(`sent ${sent} queued action(s)`);
    return sent;
  }

  /** Sends a write now, or queues it while the backend is unreachable. */
  async perform(action: NewAction): Promise<'sent' | 'queued'> {
    if (!this.backend) throw new BackendError('network', this._state.kind === 'unconfigured' ? this._state.reason : 'No incident backend is connected.');
    const outcome = await this.queue.perform(action);
    if (outcome === 'queued' && this._state.kind !== 'offline') this.goOffline(new BackendError('network', 'The backend did not answer.'));
    if (outcome === 'sent' && action.kind !== 'declare') this.details.delete(action.incidentId);
    if (outcome === 'sent') void this.refreshSoon();
    return outcome;
  }

  private refreshSoon(): Promise<void> {
    // Push backends report the change themselves; pollers need a nudge.
    return this.backend?.kind === 'pagerduty' ? this.refresh() : Promise.resolve();
  }

  private apply(change: IncidentChange): void {
    const incident = change.incident;
    if (incident) {
      if (isActive(incident)) this.active.set(incident.id, incident);
      else this.active.delete(incident.id);
      // Resolved (or reopened): the "Recently resolved" group is out of date.
      if (!isActive(incident) || this.resolved?.incidents.some((known) => known.id === incident.id)) this.invalidateResolved();
    }
    const detail = this.details.get(change.incidentId);
    if (detail) {
      const timeline = change.event && !detail.timeline.some((e) => e.id === change.event?.id) ? [...detail.timeline, change.event] : detail.timeline;
      this.details.set(change.incidentId, { ...detail, ...(incident ?? {}), timeline });
    }
    if (this._state.kind !== 'online') this.setState({ kind: 'online', updatedAt: Date.now() });
    else this._state = { kind: 'online', updatedAt: Date.now() };
    this.fireSoon();
    this.saveCacheSoon();
  }

  private goOffline(error: unknown, lastUpdated?: number): void {
    const message = errorText(error);
    const previous = this._state;
    const updatedAt = previous.kind === 'online' ? previous.updatedAt : previous.kind === 'offline' ? previous.updatedAt : lastUpdated;
    const delay = this.scheduleRetry();
    // The next look at "Recently resolved" says it is the list from before.
    this.invalidateResolved();
    this.setState({ kind: 'offline', error: message, updatedAt, nextRetryAt: Date.now() + delay });
    this.options.log.warn(`incident backend unreachable (${message}); retrying in ${Math.round(delay / 1000)} s`);
  }

  private invalidateResolved(): void {
    this.resolvedStale = true;
    this.resolvedEpoch += 1;
  }

  /** Jittered exponential backoff, up to a minute. Returns the delay. */
  private scheduleRetry(): number {
    const delay = Math.min(MAX_RETRY_MS, 2000 * 2 ** this.retryAttempt) * (0.75 + Math.random() * 0.5);
    this.retryAttempt += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.refresh(), delay);
    return delay;
  }

  private setState(state: ConnectionState): void {
    this._state = state;
    this.fireSoon();
  }

  /** Coalesces bursts of changes into one tree refresh. */
  private fireSoon(): void {
    if (this.fireTimer || this.isDisposed) return;
    this.fireTimer = setTimeout(() => {
      this.fireTimer = undefined;
      this.changed.fire();
    }, 10);
  }

  private saveCacheSoon(): void {
    clearTimeout(this.cacheTimer);
    this.cacheTimer = setTimeout(() => {
      const incidents = [...this.active.values()];
      writeIncidentCache(this.cacheFile, { source: this.identity, fetchedAt: new Date().toISOString(), incidents }).catch((error: Error) =>
        this.options.log.warn(`could not save the incident cache: ${error.message}`),
      );
    }, 500);
  }

  private get cacheFile(): string {
    return path.join(this.options.storageDir, 'incidents-cache.json');
  }

  private stopConnection(): void {
    // A refresh still running belongs to the old backend; the next one must not share it.
    this.refreshing = undefined;
    this.subscription?.dispose();
    this.subscription = undefined;
    clearTimeout(this.retryTimer);
    clearTimeout(this.fireTimer);
    this.fireTimer = undefined;
  }
}

/** The backend's recently resolved incidents (RECENTLY_RESOLVED_DAYS), given up after `waitMs`. */
async function listRecentlyResolved(backend: IncidentBackend, waitMs: number): Promise<Incident[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), waitMs);
  try {
    return await backend.listRecentlyResolved(recentlyResolvedSince(new Date()), controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
