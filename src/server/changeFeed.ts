import type { Store, StoredChange } from './store/store';

/** Someone listening to the change feed (an SSE connection). */
export interface FeedSubscriber {
  offer(change: StoredChange): void;
  heartbeat(): void;
}

export interface ChangeFeedOptions {
  heartbeatMs: number;
  /** Changes read from the store per query. */
  pageSize?: number;
  /** A failed read is reported and retried after `retryMs`; subscribers lose nothing because they resume by sequence. */
  onError?: (error: unknown) => void;
  /** Wait before reading again after a failed read; 1 s by default. */
  retryMs?: number;
}

/**
 * Fans committed changes out to every subscriber. Writers call `poke()` after a
 * commit, and so does a replica's LISTEN connection when another replica committed
 * (store/postgres/changeListener.ts); the feed then reads the new rows once from the
 * store and offers each to every subscriber, so 500 listeners cost one query per
 * write, not 500, and a signal carries nothing the table does not have.
 * Subscribers decide for themselves what they have already seen (by sequence
 * number), which is what makes resume-without-duplicates simple.
 */
export class ChangeFeed {
  private readonly subscribers = new Set<FeedSubscriber>();
  private lastSeq = 0;
  private pumping: Promise<void> | undefined;
  private dirty = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private started = false;
  private readonly pageSize: number;

  constructor(
    private readonly store: Store,
    private readonly options: ChangeFeedOptions,
  ) {
    this.pageSize = options.pageSize ?? 500;
  }

  async start(): Promise<void> {
    this.lastSeq = await this.store.latestSeq();
    this.started = true;
    this.heartbeatTimer = setInterval(() => {
      for (const subscriber of this.subscribers) subscriber.heartbeat();
    }, this.options.heartbeatMs);
  }

  add(subscriber: FeedSubscriber): void {
    this.subscribers.add(subscriber);
  }

  remove(subscriber: FeedSubscriber): void {
    this.subscribers.delete(subscriber);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Something was committed; deliver it. Calls during a delivery coalesce into one more pass. */
  poke(): void {
    // Before start there is no starting point yet; start() reads past anything poked until then.
    if (this.closed || !this.started) return;
    this.dirty = true;
    this.pumping ??= this.pump()
      .catch((error: unknown) => {
        this.options.onError?.(error);
        // Nothing may wait for the next write to be delivered (another replica's, or none
        // for a while): read again shortly. Subscribers skip what they already have.
        this.retryTimer ??= setTimeout(() => {
          this.retryTimer = undefined;
          this.poke();
        }, this.options.retryMs ?? 1000);
      })
      .finally(() => {
        this.pumping = undefined;
      });
  }

  /** Resolves when everything poked so far has been offered to subscribers. */
  async settled(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  close(): void {
    this.closed = true;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.subscribers.clear();
  }

  private async pump(): Promise<void> {
    while (this.dirty && !this.closed) {
      this.dirty = false;
      for (;;) {
        const changes = await this.store.changesAfter(this.lastSeq, this.pageSize);
        for (const change of changes) {
          this.lastSeq = change.seq;
          for (const subscriber of this.subscribers) subscriber.offer(change);
        }
        if (changes.length < this.pageSize) break;
      }
    }
  }
}
