import type { Octokit } from 'octokit' with { 'resolution-mode': 'import' };
import type { Logger } from './logger';

/**
 * The one place an Octokit is made: the `octokit` package's client (with its throttling
 * and retry plugins) configured for an interactive tool — rate limits honoured with a
 * bounded number of retries, a timeout on every request, a logger that never sees the
 * token, the token read from a provider, and a single 401 callback.
 */

export type GitHubClient = Octokit;

export interface GitHubClientOptions {
  /** `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server. */
  baseUrl: string;
  /** Asked for the token on every request, so a refreshed session is picked up. */
  tokenProvider: () => Promise<string>;
  log: Logger;
  /**
   * Called at most once per client when GitHub answers 401, however many calls fail at
   * once, so the editor shows one sign-in prompt.
   */
  onUnauthorized?: () => void;
  /**
   * GitHub asks integrators to space content-creating requests (the plugin waits 1 s
   * between writes, 3 s between requests that notify people). 'none' is for local test
   * servers only.
   */
  pacing?: 'github' | 'none';
  /** Retries after a rate limit; beyond this (or a longer wait) the call fails with a clear error. */
  maxRateLimitRetries?: number;
  maxRateLimitWaitSeconds?: number;
  requestTimeoutMs?: number;
}

const USER_AGENT = 'incident-desk';

/** Octokit is ESM-only; loading it on first use keeps this file requireable from CommonJS. */
export async function createGitHubClient(options: GitHubClientOptions): Promise<GitHubClient> {
  const { Octokit: OctokitClass } = await import('octokit');
  const { log } = options;
  const maxRetries = options.maxRateLimitRetries ?? 2;
  const maxWait = options.maxRateLimitWaitSeconds ?? 60;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;

  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
    if (retryCount < maxRetries && retryAfter <= maxWait) {
      log.warn(`GitHub ${kind} for ${request.method} ${request.url}; retrying in ${retryAfter} s (retry ${retryCount + 1} of ${maxRetries}).`);
      return true;
    }
    log.warn(`GitHub ${kind} for ${request.method} ${request.url}; not retrying (would wait ${retryAfter} s).`);
    return false;
  };

  const octokit = new OctokitClass({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: USER_AGENT,
    authStrategy: providerAuth,
    auth: { tokenProvider: options.tokenProvider },
    log,
    request: {
      // A fresh timeout for every attempt, including retries.
      fetch: (url: string | URL, init?: RequestInit) => fetch(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) }),
    },
    throttle: {
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
      ...(options.pacing === 'none' ? { write: unpacedGroup, notifications: unpacedGroup } : {}),
    },
    retry: { retries: 2 },
  });

  let unauthorizedReported = false;
  octokit.hook.error('request', (error) => {
    if ((error as { status?: unknown }).status === 401 && !unauthorizedReported) {
      unauthorizedReported = true;
      log.warn('GitHub answered 401 (bad or expired credentials).');
      options.onUnauthorized?.();
    }
    throw error;
  });
  return octokit;
}

interface RequestFn {
  (options: Record<string, unknown>): Promise<unknown>;
  endpoint: { merge(route: unknown, parameters?: unknown): { headers: Record<string, string> } & Record<string, unknown> };
}

/**
 * An Octokit auth strategy around a token provider: the token goes into the
 * Authorization header of each request and nowhere else.
 */
function providerAuth(options: { tokenProvider: () => Promise<string> }) {
  const auth = async () => ({ type: 'token', tokenType: 'oauth', token: await options.tokenProvider() });
  return Object.assign(auth, {
    hook: async (request: RequestFn, route: unknown, parameters?: unknown) => {
      const endpoint = request.endpoint.merge(route, parameters);
      endpoint.headers.authorization = `token ${await options.tokenProvider()}`;
      return request(endpoint);
    },
  });
}

/**
 * Stands in for the throttling plugin's Bottleneck groups when pacing is off: it runs
 * each job at once. (Shape: `group.key(id).schedule(options, fn, ...args)`.)
 */
const unpacedGroup = {
  key: () => ({
    schedule: <A extends unknown[], R>(_options: unknown, fn: (...args: A) => R, ...args: A): Promise<Awaited<R>> => Promise.resolve(fn(...args)),
  }),
};
