import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createToken, startServer, type RunningServer, type StoreLocation } from '../../../src/server/index';
import type { StatusPageSettings } from '../../../src/server/notify/statusPageConfig';
import { DEFAULT_DELIVERY, type DeliverySettings, type ResolvedChannel, type ResolvedNotify, type Route } from '../../../src/server/notify/types';
import { ApiClient } from '../server/serverFixture';
import { STORE_WORKER } from '../server/cliProcess';

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What a receiver answers: a status and headers, decided per request (the n-th one, 1-based). */
export type Responder = (request: ReceivedRequest, n: number) => { status: number; headers?: Record<string, string> };

/** A stand-in for Slack, Teams or a webhook consumer: a real HTTP server on loopback that records what it was sent. */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  responder: Responder = () => ({ status: 200 });

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<Receiver> {
    const holder: { receiver?: Receiver } = {};
    const server = http.createServer((request, response) => {
      const receiver = holder.receiver;
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received: ReceivedRequest = { path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
        receiver!.requests.push(received);
        const answer = receiver!.responder(received, receiver!.requests.length);
        response.writeHead(answer.status, answer.headers ?? {});
        response.end(answer.status < 300 ? 'ok' : 'no');
      });
    });
    const receiver = new Receiver(server);
    holder.receiver = receiver;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Fast retries for tests; the production defaults wait seconds. */
export const FAST_DELIVERY: DeliverySettings = { ...DEFAULT_DELIVERY, baseDelayMs: 50, maxDelayMs: 400, pollMs: 50, timeoutMs: 2000, maxAttempts: 4 };

export interface NotifyServerOptions {
  channels: ResolvedChannel[];
  routes?: Route[];
  delivery?: Partial<DeliverySettings>;
  statusPage?: StatusPageSettings;
  location?: StoreLocation;
}

/** An in-process server with a notify: configuration, on SQLite in a temp folder unless told otherwise. */
export class NotifyServer extends ApiClient {
  private constructor(
    private readonly server: RunningServer,
    readonly token: string,
    readonly dataDir: string,
  ) {
    super();
  }

  static async start(options: NotifyServerOptions): Promise<NotifyServer> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-notify-'));
    const location = options.location ?? { dataDir };
    const token = await createToken(location, { name: 'alice' });
    const routing = {
      channels: options.channels.map(({ name, type, label, audience }) => ({ name, type, label, audience })),
      routes: options.routes ?? [{ channels: options.channels.map((c) => c.name), severities: [0, 1, 2, 3, 4], events: ['declared', 'severity_changed', 'status_update', 'resolved'], audiences: ['executive', 'technical', 'external'] }],
    } satisfies ResolvedNotify['routing'];
    const notify: ResolvedNotify = { channels: options.channels, routing, delivery: { ...FAST_DELIVERY, ...options.delivery } };
    const server = await startServer({
      port: 0,
      ...location,
      logger: { info: () => undefined, error: () => undefined },
      storeWorkerScript: STORE_WORKER,
      notify,
      ...(options.statusPage ? { statusPage: options.statusPage } : {}),
    });
    return new NotifyServer(server, token, dataDir);
  }

  get url(): string {
    return this.server.url;
  }

  async dispose(): Promise<void> {
    await this.server.close();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Polls until the check passes or the time is up; the check's last error is the failure. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export const WEBHOOK_SECRET = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
