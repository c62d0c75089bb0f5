import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { createToken, startServer, type RunningServer, type StoreLocation } from '../../../src/server/index';
import { openStore } from '../../../src/server/store/openStore';
import type { Store } from '../../../src/server/store/store';
import { STORE_WORKER } from './cliProcess';
import { createEmptyDatabase } from './postgresFixture';

/** The stores a TestServer runs on; suites that test the HTTP API through a store run once per entry. */
export const SERVER_STORES = ['sqlite', 'postgres'] as const;
export type ServerStoreKind = (typeof SERVER_STORES)[number];

export interface TestServerOptions {
  demo?: boolean;
  heartbeatMs?: number;
  /** SQLite in a temp folder (default) or a fresh database on the test PostgreSQL. */
  store?: ServerStoreKind;
}

export interface ApiResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Parsed body; undefined when it is not JSON. */
  json: unknown;
}

export interface RequestOptions {
  body?: unknown;
  /** A raw body, sent as is (for malformed JSON and oversized bodies). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Defaults to the fixture's valid token; null sends none. */
  token?: string | null;
}

const silent = { info: (): void => {}, error: (): void => {} };

/** The name of the fixture's token: what the server records as the author of its writes. */
export const FIXTURE_TOKEN_NAME = 'alice';

/**
 * Requests to an Incident Desk server as its API's clients send them, with a token.
 * Shared by the in-process TestServer and tests that run the server as a process.
 */
export abstract class ApiClient {
  abstract readonly url: string;
  abstract readonly token: string;

  async request(method: string, pathname: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? this.token : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    // A fresh connection per request (no keep-alive pool): after a restart on the same
    // port a pooled socket to the old process could be handed out and fail.
    const response = await send(this.url + pathname, method, headers, body);
    const text = response.text;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  /** Declares an incident and returns its id. */
  async declare(fields: Record<string, unknown> = {}): Promise<string> {
    const response = await this.request('POST', '/v1/incidents', {
      body: { title: 'Checkout errors', severity: 2, author: FIXTURE_TOKEN_NAME, ...fields },
    });
    if (response.status !== 201) throw new Error(`declare failed: ${response.status} ${response.text}`);
    return (response.json as { id: string }).id;
  }
}

/** A real server on 127.0.0.1 with a real SQLite file in a temp folder, or a real PostgreSQL database. */
export class TestServer extends ApiClient {
  private server: RunningServer | undefined;

  private constructor(
    /** The SQLite folder; for PostgreSQL an empty temp folder nobody uses. */
    readonly dataDir: string,
    readonly location: StoreLocation,
    readonly token: string,
    private readonly options: { demo?: boolean; heartbeatMs?: number },
    private readonly dropDatabase: () => Promise<void>,
  ) {
    super();
  }

  static async start({ store = 'sqlite', ...options }: TestServerOptions = {}): Promise<TestServer> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-server-'));
    let location: StoreLocation = { dataDir };
    let drop = async (): Promise<void> => undefined;
    if (store === 'postgres') {
      const database = await createEmptyDatabase();
      location = { database: { connectionString: database.connectionString } };
      drop = database.drop;
    }
    const token = await createToken(location, { name: FIXTURE_TOKEN_NAME });
    const fixture = new TestServer(dataDir, location, token, options, drop);
    await fixture.listen(0);
    return fixture;
  }

  /** Another connection to the same data, for seeding and inspecting beside the server. */
  openStore(): Promise<Store> {
    return openStore(this.location);
  }

  get url(): string {
    if (!this.server) throw new Error('server is stopped');
    return this.server.url;
  }

  get port(): number {
    if (!this.server) throw new Error('server is stopped');
    return this.server.port;
  }

  async listen(port: number): Promise<void> {
    this.server = await startServer({ port, ...this.location, logger: silent, storeWorkerScript: STORE_WORKER, ...this.options });
  }

  /** Stops and starts again on the same port with the same data folder. */
  async restart(): Promise<void> {
    const port = this.port;
    await this.stop();
    await this.listen(port);
  }

  async stop(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
    await this.dropDatabase();
  }
}

export function errorCode(response: ApiResponse): string | undefined {
  return (response.json as { error?: { code?: string } } | undefined)?.error?.code;
}

export function errorMessage(response: ApiResponse): string | undefined {
  return (response.json as { error?: { message?: string } } | undefined)?.error?.message;
}

function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}
