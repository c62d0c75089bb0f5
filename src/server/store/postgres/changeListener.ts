import type { Client, ClientConfig } from 'pg';
import { CHANGES_CHANNEL, connectClient } from './postgresStore';

export interface ChangeListenerOptions {
  connectionString: string;
  password?: string;
  /** Something was committed somewhere, or the connection came back after a gap: read the feed table. */
  onSignal: (seq: number | undefined) => void;
  onError?: (message: string) => void;
  /** First and largest wait between reconnect attempts. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often the idle connection is checked, so a silently dead one is noticed and replaced. */
  probeMs?: number;
}

/**
 * One replica's LISTEN connection, held outside the store's pool (a pooled
 * connection is handed to other queries; LISTEN belongs to one session).
 *
 * NOTIFY carries only the newest sequence number of a commit; the changes are always
 * read from the table, so a lost notification costs latency, never data. When the
 * connection drops it reconnects with exponential backoff and then signals once:
 * the feed reads everything after the last sequence it delivered, which backfills
 * whatever was committed during the gap.
 */
export class PostgresChangeListener {
  private client: Client | undefined;
  private closed = false;
  private backoffMs: number;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly options: ChangeListenerOptions) {
    this.minBackoffMs = options.minBackoffMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.backoffMs = this.minBackoffMs;
  }

  /** Connects the first time; failing here fails the server's start (better than serving a stream that never moves). */
  async start(): Promise<void> {
    await this.connect();
    this.probeTimer = setInterval(() => void this.probe(), this.options.probeMs ?? 10_000);
    this.probeTimer.unref();
  }

  get connected(): boolean {
    return this.client !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.probeTimer) clearInterval(this.probeTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const config: ClientConfig = {
      connectionString: this.options.connectionString,
      ...(this.options.password === undefined ? {} : { password: this.options.password }),
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
      application_name: 'incident-desk-listen',
    };
    const client = await connectClient(config);
    client.on('notification', (message) => {
      if (message.channel !== CHANGES_CHANNEL) return;
      const seq = Number(message.payload);
      this.options.onSignal(Number.isSafeInteger(seq) ? seq : undefined);
    });
    client.on('error', (error) => this.lost(client, error.message));
    client.on('end', () => this.lost(client, 'the connection ended'));
    try {
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.backoffMs = this.minBackoffMs;
  }

  private async probe(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      await client.query('SELECT 1');
    } catch (error) {
      this.lost(client, error instanceof Error ? error.message : String(error));
    }
  }

  private lost(client: Client, reason: string): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    this.options.onError?.(`LISTEN connection lost (${reason}); reconnecting`);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const wait = this.backoffMs;
    this.backoffMs = Math.min(this.maxBackoffMs, this.backoffMs * 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().then(
        // Whatever committed while we were deaf is in the table: one signal backfills it.
        () => this.options.onSignal(undefined),
        (error: unknown) => {
          this.options.onError?.(`LISTEN reconnect failed: ${error instanceof Error ? error.message : String(error)}`);
          this.scheduleReconnect();
        },
      );
    }, wait);
  }
}
