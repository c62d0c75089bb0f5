import { BackendError, type BackendErrorKind } from '../backend';
import { terminalSafe } from '../../core/text/terminalSafe';
import { DEFAULT_RETRY, jitteredBackoff, rateLimitWaitMs, sleep, type RetryPolicy } from './backoff';

/**
 * The one place the backends talk HTTP. Every request gets a timeout; retries use
 * jittered backoff and happen only when repeating the request is safe (reads,
 * and writes the caller marks retryable because they carry an idempotency key or
 * are idempotent by nature); a 429 waits as long as the server asks; every
 * failure becomes a BackendError whose message never contains a secret.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpClientOptions {
  baseUrl: string;
  /** Sent with every request (authorization, accept, ...). */
  headers: Record<string, string>;
  /** Values that must never appear in an error message (tokens). */
  secrets: string[];
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Pulls a human message out of an error body; the default understands `{ error: { message } }`. */
  errorDetail?: (body: unknown) => string | undefined;
  /** Called before each retry, for logs and tests. */
  onRetry?: (info: RetryInfo) => void;
  random?: () => number;
}

export interface RetryInfo {
  method: HttpMethod;
  path: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface HttpRequest {
  method: HttpMethod;
  /** Path below the base URL, starting with '/'. */
  path: string;
  query?: Record<string, string | number | readonly string[] | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Defaults to true for GET and false for everything else. */
  retryable?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_DETAIL_LENGTH = 300;

export class HttpClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly random: () => number;

  constructor(private readonly options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.random = options.random ?? Math.random;
  }

  async request(request: HttpRequest): Promise<HttpResponse> {
    const retryable = request.retryable ?? request.method === 'GET';
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(request);
      if (!(outcome instanceof BackendError)) return outcome;
      const delayMs = retryable && attempt < this.retry.retries ? this.retryDelay(outcome, attempt) : undefined;
      if (delayMs === undefined) throw outcome;
      this.options.onRetry?.({ method: request.method, path: request.path, attempt: attempt + 1, delayMs, reason: outcome.message });
      try {
        await sleep(delayMs, request.signal);
      } catch {
        throw this.error('network', request, 'was cancelled');
      }
    }
  }

  /** The delay before the next attempt, or undefined when this failure must not be retried. */
  private retryDelay(error: BackendError, attempt: number): number | undefined {
    if (!error.transient) return undefined;
    if (error instanceof RateLimitedError) {
      if (error.retryAfterMs !== undefined) {
        if (error.retryAfterMs > this.retry.maxRateLimitWaitMs) return undefined;
        // A little jitter so clients told the same reset time do not all return at that instant.
        return error.retryAfterMs + Math.round(this.random() * Math.min(1000, this.retry.baseDelayMs));
      }
      // No hint from the server: back off harder than for a plain failure.
      return jitteredBackoff(attempt + 1, { baseDelayMs: Math.max(this.retry.baseDelayMs, 1000), maxDelayMs: this.retry.maxDelayMs * 3 }, this.random);
    }
    return jitteredBackoff(attempt, this.retry, this.random);
  }

  /** One try: a response, or the BackendError describing why not (never throws for HTTP or network failures). */
  private async attempt(request: HttpRequest): Promise<HttpResponse | BackendError> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
    const headers: Record<string, string> = { ...this.options.headers, ...request.headers };
    let body: string | undefined;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] ??= 'application/json';
    }
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.url(request), { method: request.method, headers, signal, ...(body === undefined ? {} : { body }) });
      // The same signal covers the body: a server that sends headers and then stalls still times out.
      text = await response.text();
    } catch (error) {
      if (request.signal?.aborted) return this.error('network', request, 'was cancelled');
      if (timeout.aborted) return this.error('timeout', request, `timed out after ${this.timeoutMs} ms`);
      return this.error('network', request, `failed: ${networkReason(error)}`);
    }
    if (response.status >= 200 && response.status < 300) return this.parse(request, response, text);
    return this.httpError(request, response, text);
  }

  private parse(request: HttpRequest, response: Response, text: string): HttpResponse | BackendError {
    if (text.trim() === '') return { status: response.status, headers: response.headers, body: undefined };
    const type = response.headers.get('content-type') ?? '';
    if (!/\bjson\b/i.test(type)) {
      return this.error('bad_response', request, `returned ${type || 'an unlabelled body'} instead of JSON`, response.status);
    }
    try {
      return { status: response.status, headers: response.headers, body: JSON.parse(text) as unknown };
    } catch {
      return this.error('bad_response', request, 'returned malformed JSON', response.status);
    }
  }

  private httpError(request: HttpRequest, response: Response, text: string): BackendError {
    const status = response.status;
    const detail = this.detail(response, text);
    const describe = `answered ${status}${detail ? `: ${detail}` : ''}`;
    if (status === 429) {
      const wait = rateLimitWaitMs(response.headers);
      const hint = wait === undefined ? '' : ` (the server asks to wait ${Math.ceil(wait / 1000)} s)`;
      return new RateLimitedError(this.redact(`${request.method} ${request.path} ${describe}${hint}`), wait);
    }
    return this.error(kindForStatus(status), request, describe, status);
  }

  private detail(response: Response, text: string): string {
    const type = response.headers.get('content-type') ?? '';
    if (!/\bjson\b/i.test(type)) return text.trim() === '' ? '' : `(${type || 'unlabelled'} body)`;
    try {
      const extract = this.options.errorDetail ?? defaultErrorDetail;
      // The server's own words end up in error messages that terminals and toasts print.
      return terminalSafe(extract(JSON.parse(text)) ?? '').slice(0, MAX_DETAIL_LENGTH);
    } catch {
      return '(malformed JSON body)';
    }
  }

  private error(kind: BackendErrorKind, request: HttpRequest, what: string, status?: number): BackendError {
    return new BackendError(kind, this.redact(`${request.method} ${request.path} ${what}`), status);
  }

  private redact(message: string): string {
    let clean = message;
    for (const secret of this.options.secrets) {
      if (secret.length > 0) clean = clean.split(secret).join('***');
    }
    return clean;
  }

  private url(request: HttpRequest): string {
    const url = new URL(this.baseUrl + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, item);
      else url.searchParams.append(key, String(value));
    }
    return url.toString();
  }
}

/** A 429, with how long the server asked us to wait when it said so. */
export class RateLimitedError extends BackendError {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super('rate_limited', message, 429);
  }
}

export function kindForStatus(status: number): BackendErrorKind {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return 'invalid_request';
}

/** `{ error: { message, errors? } }`, the shape of both our server and PagerDuty. */
export function defaultErrorDetail(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error === 'string') return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { message, errors } = error as { message?: unknown; errors?: unknown };
  const parts = [typeof message === 'string' ? message : undefined];
  if (Array.isArray(errors)) parts.push(...errors.filter((e): e is string => typeof e === 'string'));
  const text = parts.filter(Boolean).join('; ');
  return text === '' ? undefined : text;
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
