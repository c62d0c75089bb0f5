import type { ConnectionStatus, IncidentChange, Subscription } from '../backend';
import { BackendError } from '../backend';
import { decodeEvent, decodeIncident } from '../decode';
import { jitteredBackoff, sleep } from '../http/backoff';
import { SseParser } from './sseParser';

export interface StreamOptions {
  url: string;
  headers: Record<string, string>;
  secrets: string[];
  /** No bytes at all (not even a heartbeat) for this long means the connection is dead. Default 45 s (3 heartbeats). */
  idleTimeoutMs?: number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  random?: () => number;
}

/**
 * Follows `GET /v1/stream` for as long as the subscription lives: reconnects
 * with jittered backoff after any failure and resumes with Last-Event-ID, so a
 * server restart or a network blip loses and repeats nothing.
 */
export function followStream(
  options: StreamOptions,
  listener: (change: IncidentChange) => void,
  onStatus?: (status: ConnectionStatus) => void,
): Subscription {
  const stop = new AbortController();
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  const backoff = { baseDelayMs: options.reconnectBaseMs ?? 500, maxDelayMs: options.reconnectMaxMs ?? 30_000 };
  let cursor: string | undefined;

  const connectOnce = async (): Promise<void> => {
    const attempt = new AbortController();
    const abortAttempt = (): void => attempt.abort();
    stop.signal.addEventListener('abort', abortAttempt, { once: true });
    let idle: NodeJS.Timeout | undefined;
    const touch = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => attempt.abort(new Error(`no data for ${idleTimeoutMs} ms`)), idleTimeoutMs);
    };
    try {
      touch();
      const headers: Record<string, string> = { ...options.headers, accept: 'text/event-stream' };
      if (cursor !== undefined) headers['last-event-id'] = cursor;
      const response = await fetch(options.url, { headers, signal: attempt.signal });
      if (response.status !== 200 || !response.body) {
        await response.body?.cancel();
        throw new BackendError(response.status === 401 || response.status === 403 ? 'unauthorized' : 'server', `stream answered ${response.status}`, response.status);
      }
      if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
        await response.body.cancel();
        throw new BackendError('bad_response', 'stream is not text/event-stream');
      }
      onStatus?.({ state: 'connected' });
      const parser = new SseParser();
      const decoder = new TextDecoder();
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        touch();
        for (const message of parser.push(decoder.decode(chunk, { stream: true }))) {
          if (message.event === 'reset') {
            // The server has none of the changes after its newest; our cursor and what the
            // listener holds describe another history. Follow from its position, reload the rest.
            cursor = message.lastEventId;
            onStatus?.({ state: 'reset', reason: resetReason(message.data) });
            continue;
          }
          let change: IncidentChange;
          try {
            change = decodeChange(message.data, message.lastEventId);
          } catch (error) {
            if (!(error instanceof BackendError)) throw error;
            // Thrown, it would reconnect from the same cursor and receive the same message
            // forever. Step past it; as we cannot tell which incident changed, reload all.
            cursor = message.lastEventId;
            onStatus?.({ state: 'reset', reason: `${error.message} (change ${message.lastEventId || 'without an id'}); reloading` });
            continue;
          }
          cursor = message.lastEventId;
          try {
            listener(change);
          } catch {
            // A faulty listener must not tear down the stream (and re-deliver) for everyone.
          }
        }
        // An id-only block (sent on connect) moves the position without a message.
        if (parser.lastEventId !== '') cursor = parser.lastEventId;
      }
      throw new BackendError('network', 'stream ended');
    } finally {
      clearTimeout(idle);
      stop.signal.removeEventListener('abort', abortAttempt);
      if (!attempt.signal.aborted) attempt.abort();
    }
  };

  void (async () => {
    let failures = 0;
    while (!stop.signal.aborted) {
      const startedAt = Date.now();
      try {
        await connectOnce();
      } catch (error) {
        if (stop.signal.aborted) break;
        // A connection that lived a while counts as healthy: restart the backoff.
        if (Date.now() - startedAt > backoff.maxDelayMs) failures = 0;
        failures++;
        onStatus?.({ state: 'reconnecting', attempt: failures, error: describe(error, options.secrets) });
        try {
          await sleep(jitteredBackoff(failures - 1, backoff, options.random), stop.signal);
        } catch {
          break;
        }
      }
    }
  })();

  return { dispose: () => stop.abort() };
}

function decodeChange(data: string, lastEventId: string): IncidentChange {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw new BackendError('bad_response', 'stream sent an event that is not JSON');
  }
  if (typeof value !== 'object' || value === null) throw new BackendError('bad_response', 'stream sent an event that is not an object');
  const o = value as { incidentId?: unknown; incident?: unknown; event?: unknown };
  if (typeof o.incidentId !== 'string') throw new BackendError('bad_response', 'stream event lacks incidentId');
  const change: IncidentChange = { incidentId: o.incidentId, cursor: lastEventId };
  if (o.incident !== undefined) change.incident = decodeIncident(o.incident, 'change.incident');
  if (o.event !== undefined) {
    try {
      change.event = decodeEvent(o.event, 'change.event');
    } catch (error) {
      // A bad event must not stop the stream: thrown, it would reconnect and be sent again
      // forever. Without it the change still carries the incident's new version, so a
      // timeline shown later is fetched again, and that read reports the skipped event.
      if (!(error instanceof BackendError)) throw error;
    }
  }
  return change;
}

function resetReason(data: string): string {
  try {
    const message = (JSON.parse(data) as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  } catch {
    // A reset with a body we cannot read still means reload.
  }
  return 'the server reset the change stream';
}

function describe(error: unknown, secrets: string[]): string {
  let message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (typeof cause?.code === 'string') message += ` (${cause.code})`;
  for (const secret of secrets) if (secret) message = message.split(secret).join('***');
  return message;
}
