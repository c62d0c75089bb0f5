import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AlertPolicy } from '../../../src/server/integrations/alertNotification';
import { createToken, startServer, type RunningServer } from '../../../src/server/index';
import { STORE_WORKER } from '../server/cliProcess';
import { ApiClient } from '../server/serverFixture';

const silent = { info: (): void => {}, error: (): void => {} };

/** The name Alertmanager's token has in these tests: the author of every alert event. */
export const INTEGRATION_TOKEN_NAME = 'alertmanager';

/**
 * A real server (worker-thread SQLite in a temp folder) with an integration token,
 * as Alertmanager talks to it, and a responder token for reading what happened.
 */
export class AlertServer extends ApiClient {
  private constructor(
    private readonly server: RunningServer,
    readonly dataDir: string,
    /** The integration token (what monitors send). */
    readonly token: string,
    readonly responderToken: string,
  ) {
    super();
  }

  static async start(options: { alertPolicy?: AlertPolicy; host?: string } = {}): Promise<AlertServer> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-alert-server-'));
    const token = await createToken(dataDir, { name: INTEGRATION_TOKEN_NAME, scope: 'integration' });
    const responderToken = await createToken(dataDir, { name: 'alice' });
    const server = await startServer({ port: 0, dataDir, logger: silent, storeWorkerScript: STORE_WORKER, ...options });
    return new AlertServer(server, dataDir, token, responderToken);
  }

  get url(): string {
    return this.server.url;
  }

  get port(): number {
    return this.server.port;
  }

  /** An incident with its timeline, read with the responder token. */
  async incident(id: string): Promise<IncidentJson> {
    const response = await this.request('GET', `/v1/incidents/${id}`, { token: this.responderToken });
    if (response.status !== 200) throw new Error(`GET ${id}: ${response.status} ${response.text}`);
    return response.json as IncidentJson;
  }

  async allIncidents(): Promise<IncidentJson[]> {
    const response = await this.request('GET', '/v1/incidents?status=all&limit=1000', { token: this.responderToken });
    return (response.json as { incidents: IncidentJson[] }).incidents;
  }

  async dispose(): Promise<void> {
    await this.server.close();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export interface IncidentJson {
  id: string;
  title: string;
  severity: number;
  status: string;
  services: string[];
  tags: string[];
  summary: string;
  version: number;
  alerts?: { fingerprint: string; name: string; status: string; labels: Record<string, string>; runbookUrl?: string; generatorUrl?: string; endsAt?: string }[];
  alertGroup?: { source: string; groupKey: string; externalUrl?: string; firedAgainFrom?: string };
  timeline: { type: string; author: string; alertName?: string }[];
}
