import type { Store, StoredToken } from '../store/store';
import { findToken } from '../tokens';

/** How long a read of the token table is trusted: a revoked token stops working within this. */
export const TOKEN_CACHE_MS = 2000;

export interface TokenDirectoryOptions {
  ttlMs?: number;
  now?: () => number;
}

/**
 * Who a bearer token belongs to. The token table is read at most every couple of
 * seconds for known tokens instead of on every request (each read is a store round
 * trip, possibly to another thread), yet `token revoke` from another process takes
 * effect within that time.
 */
export class TokenDirectory {
  private cached: StoredToken[] = [];
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<StoredToken[]> | undefined;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    options: TokenDirectoryOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? TOKEN_CACHE_MS;
    this.now = options.now ?? Date.now;
  }

  async find(presented: string): Promise<StoredToken | undefined> {
    if (this.now() - this.loadedAt >= this.ttlMs) return findToken(presented, await this.reload());
    // An unknown token re-reads the table, so a token created a moment ago works at once.
    // That costs no more than before caching, when every request read the table.
    return findToken(presented, this.cached) ?? findToken(presented, await this.reload());
  }

  private reload(): Promise<StoredToken[]> {
    // Concurrent requests share one read.
    this.loading ??= this.store
      .tokens()
      .then((tokens) => {
        this.cached = tokens;
        this.loadedAt = this.now();
        return tokens;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}
