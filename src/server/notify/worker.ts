import type { ClaimedDelivery, Store } from '../store/store';
import { Mailers, send, type SendResult } from './send';
import type { DeliverySettings, ResolvedChannel } from './types';

export interface DeliveryWorkerOptions {
  store: Store;
  channels: readonly ResolvedChannel[];
  settings: DeliverySettings;
  onError?: (message: string) => void;
  /** A delivery added its event (delivered, dead letter) to the timeline: the change feed should send it now. */
  onTimelineEvent?: () => void;
  /** For tests of the backoff; Math.random otherwise. */
  random?: () => number;
}

/** Rows leased per round; a round's sends run concurrently. */
const BATCH = 20;
/** A lease outlives the attempt's timeout by this much, so a slow send is never sent twice by a second worker. */
const LEASE_MARGIN_MS = 5000;
/** A Retry-After beyond this is capped: an update an hour late is no update. */
const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * Delivers the outbox. Each round leases due rows (on PostgreSQL no two replicas lease
 * the same row), sends them, and records each result against the attempt it leased,
 * so a delivery is never resent after a confirmed 2xx. A crash between the 2xx and the
 * record leaves the row to be sent again once its lease runs out (at least once;
 * webhooks carry the same webhook-id so receivers drop the repeat).
 */
export class DeliveryWorker {
  private readonly byName: Map<string, ResolvedChannel>;
  private readonly mailers: Mailers;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;
  private again = false;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.byName = new Map(options.channels.map((channel) => [channel.name, channel]));
    this.mailers = new Mailers(options.settings.timeoutMs);
  }

  start(): void {
    this.schedule(0);
  }

  /** A write just committed: look now instead of at the next poll. */
  poke(): void {
    if (this.stopped) return;
    if (this.round) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.round;
    this.mailers.close();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.round = this.runRound().finally(() => {
        this.round = undefined;
        const more = this.again;
        this.again = false;
        this.schedule(more ? 0 : this.options.settings.pollMs);
      });
    }, ms);
    this.timer.unref();
  }

  private async runRound(): Promise<void> {
    try {
      for (;;) {
        const now = Date.now();
        const claimed = await this.options.store.claimDeliveries({
          now: new Date(now).toISOString(),
          leaseUntil: new Date(now + this.options.settings.timeoutMs + LEASE_MARGIN_MS).toISOString(),
          limit: BATCH,
        });
        await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
        if (claimed.length < BATCH || this.stopped) return;
      }
    } catch (error) {
      this.options.onError?.(`delivery worker: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const channel = this.byName.get(delivery.channel);
    const result: SendResult = channel
      ? await send(channel, delivery, this.options.settings.timeoutMs, this.mailers)
      : // The channel left the config file; the row waits (as a dead letter) for it to come back.
        { kind: 'dead', error: `the channel ${delivery.channel} is not in the notify: config` };
    const label = channel?.label ?? delivery.channel;
    const at = new Date().toISOString();
    const base = { id: delivery.id, attempt: delivery.attempt, at, label };
    try {
      if (result.kind === 'delivered') {
        if (await this.options.store.settleDelivery({ ...base, outcome: 'delivered', detail: `delivered to ${label}` })) this.options.onTimelineEvent?.();
      } else if (result.kind === 'dead' || delivery.attempt >= this.options.settings.maxAttempts) {
        const tries = delivery.attempt === 1 ? '' : ` after ${delivery.attempt} tries`;
        if (await this.options.store.settleDelivery({ ...base, outcome: 'dead', error: result.error, detail: `failed: ${result.error}${tries} (${label})` })) this.options.onTimelineEvent?.();
      } else {
        const delay = this.retryDelay(delivery.attempt, result.retryAfterMs);
        await this.options.store.settleDelivery({
          ...base,
          outcome: 'retry',
          error: result.error,
          nextAttemptAt: new Date(Date.now() + delay).toISOString(),
          detail: result.error,
        });
      }
    } catch (error) {
      // Not recorded: the lease runs out and the row is tried again (at least once, never lost).
      this.options.onError?.(`delivery ${delivery.id}: could not record the result (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /**
   * Exponential backoff with jitter (half fixed, half random, so a burst of failures
   * does not retry in lockstep); a receiver's Retry-After is a floor.
   */
  retryDelay(attempt: number, retryAfterMs?: number): number {
    const { baseDelayMs, maxDelayMs } = this.options.settings;
    const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    const jittered = exponential / 2 + (this.options.random ?? Math.random)() * (exponential / 2);
    return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
  }
}
