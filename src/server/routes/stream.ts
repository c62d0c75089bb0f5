import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { ChangeFeed, FeedSubscriber } from '../changeFeed';
import { ApiError, type ErrorLogger } from '../httpErrors';
import { routeSchema } from '../routeSchemas';
import type { Store, StoredChange } from '../store/store';

/** A client that reads slower than this many buffered bytes is cut off; it resumes with Last-Event-ID and loses nothing. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const REPLAY_PAGE = 500;
/** Tells EventSource-style clients how soon to reconnect. */
const RETRY_MS = 2000;

/**
 * `GET /v1/stream`: every change as a server-sent event whose `id:` is the global
 * sequence number. A client that reconnects with `Last-Event-ID: n` gets exactly
 * the changes after n: stored ones are replayed from the database while live
 * ones wait in a buffer, and anything at or below the cursor is skipped.
 */
export function registerStreamRoute(app: FastifyInstance, store: Store, feed: ChangeFeed, logger: ErrorLogger): void {
  const connections = new Set<SseConnection>();

  app.get('/v1/stream', { schema: routeSchema('get', '/v1/stream') }, async (request, reply) => {
    const header = request.headers['last-event-id'];
    const resumeFrom = typeof header === 'string' && header !== '' ? Number(header) : undefined;
    if (resumeFrom !== undefined && !Number.isSafeInteger(resumeFrom)) {
      throw new ApiError(400, 'invalid_request', 'Last-Event-ID must be a change sequence number.');
    }

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Reverse proxies (nginx) would otherwise hold events back in a buffer.
      'X-Accel-Buffering': 'no',
    });
    raw.write(`retry: ${RETRY_MS}\n: connected\n\n`);

    const connection = new SseConnection(raw, () => {
      feed.remove(connection);
      connections.delete(connection);
    });
    connections.add(connection);
    // Subscribe before reading the cursor or replaying, so nothing committed meanwhile slips between the two.
    feed.add(connection);
    raw.on('close', () => connection.end());
    try {
      const latest = await store.latestSeq();
      if (resumeFrom !== undefined && resumeFrom > latest) {
        // The client knows changes this store never had (it was replaced or restored from a
        // backup): silence would leave it waiting for sequence numbers that mean other changes.
        connection.reset(latest, resumeFrom);
        await connection.replay(store, latest);
      } else {
        await connection.replay(store, resumeFrom ?? latest);
      }
    } catch (error) {
      logger.error(`GET /v1/stream replay failed: ${error instanceof Error ? error.message : String(error)}`);
      connection.end();
    }
  });

  app.addHook('preClose', async () => {
    for (const connection of connections) connection.end();
  });
}

class SseConnection implements FeedSubscriber {
  private cursor = 0;
  private replaying = true;
  private readonly pending: StoredChange[] = [];
  private ended = false;

  constructor(
    private readonly raw: ServerResponse,
    private readonly onEnd: () => void,
  ) {}

  async replay(store: Store, from: number): Promise<void> {
    this.cursor = from;
    // An id without data moves the client's Last-Event-ID without dispatching an event, so a
    // client that connected fresh and drops before the first change still resumes from here.
    this.write(`id: ${from}\n\n`);
    for (;;) {
      const page = await store.changesAfter(this.cursor, REPLAY_PAGE);
      for (const change of page) this.send(change);
      if (page.length < REPLAY_PAGE || this.ended) break;
    }
    this.replaying = false;
    for (const change of this.pending.splice(0)) this.send(change);
  }

  /** Tells the client to drop what it holds and reload; its Last-Event-ID moves to `latest`. */
  reset(latest: number, claimed: number): void {
    const data = {
      latestSeq: latest,
      message: `Last-Event-ID ${claimed} is beyond the newest change (${latest}); reload everything, then follow the stream from ${latest}.`,
    };
    this.write(`event: reset\nid: ${latest}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  offer(change: StoredChange): void {
    if (this.replaying) this.pending.push(change);
    else this.send(change);
  }

  heartbeat(): void {
    this.write(': heartbeat\n\n');
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
    if (!this.raw.writableEnded) this.raw.end();
  }

  private send(change: StoredChange): void {
    if (change.seq <= this.cursor) return;
    this.cursor = change.seq;
    const payload: { incidentId: string; incident: StoredChange['incident']; event?: StoredChange['event'] } = {
      incidentId: change.incidentId,
      incident: change.incident,
    };
    if (change.event) payload.event = change.event;
    this.write(`id: ${change.seq}\ndata: ${JSON.stringify(payload)}\n\n`);
  }

  private write(text: string): void {
    if (this.ended) return;
    if (this.raw.writableLength > MAX_BUFFERED_BYTES) {
      this.raw.destroy();
      this.end();
      return;
    }
    this.raw.write(text);
  }
}
