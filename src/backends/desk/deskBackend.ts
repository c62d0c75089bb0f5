import { randomUUID } from 'node:crypto';
import type {
  DeclareRequest,
  Incident,
  IncidentPatch,
  IncidentWithTimeline,
  NewEvent,
  TimelineEvent,
} from '../../core/incidents/model';
import {
  BackendError,
  type ConnectionStatus,
  type IncidentBackend,
  type IncidentChange,
  type Subscription,
  type WriteOptions,
} from '../backend';
import { decodeEvent, decodeIncident, decodeIncidentWithTimeline } from '../decode';
import type { RetryPolicy } from '../http/backoff';
import { HttpClient } from '../http/httpClient';
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

  async listActive(signal?: AbortSignal): Promise<Incident[]> {
    const { body } = await this.http.request({ method: 'GET', path: '/v1/incidents', query: { status: 'active' }, signal });
    const incidents = (body as { incidents?: unknown } | undefined)?.incidents;
    if (!Array.isArray(incidents)) throw new BackendError('bad_response', 'GET /v1/incidents did not return an incident list.');
    return incidents.map((incident, i) => decodeIncident(incident, `incidents[${i}]`));
  }

  async get(id: string, signal?: AbortSignal): Promise<IncidentWithTimeline> {
    const { body } = await this.http.request({ method: 'GET', path: `/v1/incidents/${encodeURIComponent(id)}`, signal });
    return decodeIncidentWithTimeline(body, 'incident');
  }

  async declare(request: DeclareRequest, options: WriteOptions = {}): Promise<Incident> {
    const { body } = await this.http.request({
      method: 'POST',
      path: '/v1/incidents',
      body: request,
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
      body: options.author === undefined ? patch : { ...patch, author: options.author },
      ...write,
      headers,
    });
    return decodeIncident(body, 'incident');
  }

  async addEvent(id: string, event: NewEvent, options: WriteOptions = {}): Promise<TimelineEvent> {
    const { body } = await this.http.request({
      method: 'POST',
      path: `/v1/incidents/${encodeURIComponent(id)}/events`,
      body: event,
      ...writeOptions(options),
    });
    return decodeEvent(body, 'event');
  }

  async compatibilityWarning(signal?: AbortSignal): Promise<string | undefined> {
    const { body } = await this.http.request({ method: 'GET', path: '/v1/health', signal });
    return olderServerWarning(this.options.baseUrl, body);
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

/**
 * Every write carries an idempotency key: the caller's (stable across an offline
 * queue's replays) or a fresh one for this call. The server answers a repeated
 * key with the first result, so a write whose response was lost (a timeout, a
 * keep-alive socket the server closed while restarting) is retried safely.
 */
function writeOptions(options: WriteOptions): { headers: Record<string, string>; retryable: boolean; signal?: AbortSignal } {
  return { headers: { 'idempotency-key': options.idempotencyKey ?? randomUUID() }, retryable: true, signal: options.signal };
}
