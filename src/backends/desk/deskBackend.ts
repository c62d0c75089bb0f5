import { randomUUID } from 'node:crypto';
import type {
  Audience,
  DeclareRequest,
  Incident,
  IncidentPatch,
  IncidentWithTimeline,
  NewEvent,
  TimelineEvent,
} from '../../core/incidents/model';
import {
  BackendError,
  RECENTLY_RESOLVED_LIMIT,
  type BackendIdentity,
  type ConnectionStatus,
  type DeliveryList,
  type IncidentBackend,
  type IncidentChange,
  type Subscription,
  type WriteOptions,
} from '../backend';
import { decodeEvent, decodeIncident, decodeIncidentWithTimeline } from '../decode';
import type { RetryPolicy } from '../http/backoff';
import { HttpClient } from '../http/httpClient';
import { decodeDeliveryList } from './decodeDeliveries';
import { followStream } from './deskStream';
import { olderServerWarning } from './serverCompatibility';

export interface DeskBackendOptions {
  /** e.g. http://127.0.0.1:8787 (no path; the client adds /v1/...). */
  baseUrl: string;
  token: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  stream?: {
    /** Reconnect when nothing (not even a heartbeat) arrived for this long; default 45 s. */
    idleTimeoutMs?: number;
    reconnectBaseMs?: number;
    reconnectMaxMs?: number;
  };
}

/** The client for the Incident Desk server (`incident-desk serve`). */
export class DeskBackend implements IncidentBackend {
  readonly kind = 'desk' as const;
  private readonly http: HttpClient;

  constructor(private readonly options: DeskBackendOptions) {
    this.http = new HttpClient({
      baseUrl: options.baseUrl,
      headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
      secrets: [options.token],
      timeoutMs: options.timeoutMs,
      retry: options.retry,
    });
  }

  listActive(signal?: AbortSignal): Promise<Incident[]> {
    return this.pages({ status: 'active' }, Number.POSITIVE_INFINITY, signal);
  }

  listRecentlyResolved(since: Date, signal?: AbortSignal): Promise<Incident[]> {
    return this.pages({ status: 'resolved', since: since.toISOString() }, RECENTLY_RESOLVED_LIMIT, signal);
  }

  async listInWindow(window: { since: Date; until: Date }, signal?: AbortSignal): Promise<IncidentWithTimeline[]> {
    const until = window.until.getTime();
    const incidents = (await this.pages({ status: 'all', since: window.since.toISOString() }, Number.POSITIVE_INFINITY, signal)).filter(
      (incident) => Date.parse(incident.declaredAt) < until,
    );
    const timelines = new Map<string, TimelineEvent[]>(incidents.map((incident) => [incident.id, []]));
    // The bulk feed is global and oldest first; one pass gathers every timeline of the window.
    let after = 0;
    for (let page = 0; page < MAX_PAGES * 100; page++) {
      const { body } = await this.http.request({ method: 'GET', path: '/v1/events', query: { after, limit: PAGE_LIMIT }, signal });
      const { events, nextAfter } = (body ?? {}) as { events?: unknown; nextAfter?: unknown };
      if (!Array.isArray(events)) throw new BackendError('bad_response', 'GET /v1/events did not return an event list.');
      events.forEach((raw, i) => {
        const incidentId = (raw as { incidentId?: unknown } | null)?.incidentId;
        const timeline = typeof incidentId === 'string' ? timelines.get(incidentId) : undefined;
        if (timeline) timeline.push(decodeEvent(raw, `events[${after}+${i}]`));
      });
      if (typeof nextAfter !== 'number' || events.length === 0) break;
      after = nextAfter;
    }
    return incidents.map((incident) => ({ ...incident, timeline: timelines.get(incident.id) ?? [] }));
  }

  async whoAmI(signal?: AbortSignal): Promise<BackendIdentity> {
    const { body } = await this.http.request({ method: 'GET', path: '/v1/me', signal });
    const me = body as { name?: unknown; scope?: unknown } | undefined;
    if (typeof me?.name !== 'string' || typeof me.scope !== 'string') {
      throw new BackendError('bad_response', 'GET /v1/me did not return { name, scope }.');
    }
    return { name: me.name, scope: me.scope };
  }

  async previewRoutes(id: string, audience: Audience, signal?: AbortSignal): Promise<string[]> {
    const { body } = await this.http.request({ method: 'GET', path: `/v1/incidents/${encodeURIComponent(id)}/routes?audience=${audience}`, signal });
    const channels = (body as { channels?: unknown } | undefined)?.channels;
    if (!Array.isArray(channels)) throw new BackendError('bad_response', 'GET /v1/incidents/{id}/routes did not return { channels }.');
    return channels.map((channel) => (channel as { label?: unknown }).label).filter((label): label is string => typeof label === 'string').slice(0, 50);
  }

  async listDeliveries(incidentId: string, signal?: AbortSignal): Promise<DeliveryList> {
    const { body } = await this.http.request({ method: 'GET', path: `/v1/incidents/${encodeURIComponent(incidentId)}/deliveries`, signal });
    return decodeDeliveryList(body, 'GET /v1/incidents/{id}/deliveries');
  }

  /**
   * Not an idempotent write: a repeat after the first succeeded answers 409 (not a dead
   * letter any more), so the call is never retried by the client on its own.
   */
  async retryDelivery(incidentId: string, deliveryId: string, signal?: AbortSignal): Promise<DeliveryList> {
    const { body } = await this.http.request({
      method: 'POST',
      path: `/v1/incidents/${encodeURIComponent(incidentId)}/deliveries/${encodeURIComponent(deliveryId)}/retry`,
      signal,
    });
    return decodeDeliveryList(body, 'POST /v1/incidents/{id}/deliveries/{deliveryId}/retry');
  }

  async get(id: string, signal?: AbortSignal): Promise<IncidentWithTimeline> {
    const { body } = await this.http.request({ method: 'GET', path: `/v1/incidents/${encodeURIComponent(id)}`, signal });
    return decodeIncidentWithTimeline(body, 'incident');
  }

  async declare(request: DeclareRequest, options: WriteOptions = {}): Promise<Incident> {
    const { body } = await this.http.request({
      method: 'POST',
      path: '/v1/incidents',
      body: withoutAuthor(request),
      ...writeOptions(options),
    });
    return decodeIncident(body, 'incident');
  }

  async update(id: string, patch: IncidentPatch, options: WriteOptions & { expectedVersion?: number } = {}): Promise<Incident> {
    const write = writeOptions(options);
    const headers = { ...write.headers };
    if (options.expectedVersion !== undefined) headers['if-match'] = `"${options.expectedVersion}"`;
    const { body } = await this.http.request({
      method: 'PATCH',
      path: `/v1/incidents/${encodeURIComponent(id)}`,
      body: patch,
      ...write,
      headers,
    });
    return decodeIncident(body, 'incident');
  }

  async addEvent(id: string, event: NewEvent, options: WriteOptions = {}): Promise<TimelineEvent> {
    const { body } = await this.http.request({
      method: 'POST',
      path: `/v1/incidents/${encodeURIComponent(id)}/events`,
      body: withoutAuthor(event),
      ...writeOptions(options),
    });
    return decodeEvent(body, 'event');
  }

  async compatibilityWarning(signal?: AbortSignal): Promise<string | undefined> {
    const { body } = await this.http.request({ method: 'GET', path: '/v1/health', signal });
    return olderServerWarning(this.options.baseUrl, body);
  }

  /** Follows nextCursor until the last page or until `max` incidents are read. */
  private async pages(query: ListQuery, max: number, signal?: AbortSignal): Promise<Incident[]> {
    const incidents: Incident[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES && incidents.length < max; page++) {
      const limit = Math.min(PAGE_LIMIT, max - incidents.length);
      const { body } = await this.http.request({
        method: 'GET',
        path: '/v1/incidents',
        query: { ...query, limit, ...(cursor === undefined ? {} : { cursor }) },
        signal,
      });
      const { incidents: items, nextCursor } = (body ?? {}) as { incidents?: unknown; nextCursor?: unknown };
      if (!Array.isArray(items)) throw new BackendError('bad_response', 'GET /v1/incidents did not return an incident list.');
      const offset = incidents.length;
      incidents.push(...items.map((incident, i) => decodeIncident(incident, `incidents[${offset + i}]`)));
      // A server from before paging sends no nextCursor: its one answer is the whole list.
      if (typeof nextCursor !== 'string' || items.length === 0) break;
      cursor = nextCursor;
    }
    return incidents;
  }

  subscribe(listener: (change: IncidentChange) => void, onStatus?: (status: ConnectionStatus) => void): Subscription {
    const stream = this.options.stream ?? {};
    return followStream(
      {
        url: `${this.options.baseUrl.replace(/\/+$/, '')}/v1/stream`,
        headers: { authorization: `Bearer ${this.options.token}` },
        secrets: [this.options.token],
        ...stream,
      },
      listener,
      onStatus,
    );
  }
}

type ListQuery = { status: 'active' | 'resolved' | 'all'; since?: string };

/** Largest page the server serves; fewer round trips for a long list. */
const PAGE_LIMIT = 1000;
/** A server that keeps answering with a cursor would otherwise page forever. */
const MAX_PAGES = 1000;

/**
 * The server records who acted from the token, and refuses a body author that
 * differs from the token's name. Sending none is always right, including for
 * actions an older version queued offline with a free-text author.
 */
function withoutAuthor<T extends { author?: string }>(body: T): Omit<T, 'author'> {
  const { author: _ignored, ...rest } = body;
  return rest;
}

/**
 * Every write carries an idempotency key: the caller's (stable across an offline
 * queue's replays) or a fresh one for this call. The server answers a repeated
 * key with the first result, so a write whose response was lost (a timeout, a
 * keep-alive socket the server closed while restarting) is retried safely.
 */
function writeOptions(options: WriteOptions): { headers: Record<string, string>; retryable: boolean; signal?: AbortSignal } {
  return { headers: { 'idempotency-key': options.idempotencyKey ?? randomUUID() }, retryable: true, signal: options.signal };
}
