import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { runCli } from '../../../src/cli/main';
import { AlertServer } from './alertServer';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd: process.cwd() });
  return { code, stdout, stderr };
}

/** A port nothing listens on: the OS hands it out, and it is closed again at once. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('incident-desk alerts test', () => {
  let server: AlertServer;

  before(async () => {
    server = await AlertServer.start();
  });
  after(async () => {
    await server.dispose();
  });

  it('sends a sample Alertmanager notification that opens an incident, and resolves it with --resolve', async () => {
    const env = { INCIDENT_DESK_TOKEN: server.token };
    const fired = await cli(['alerts', 'test', '--url', server.url], env);
    assert.equal(fired.code, 0, fired.stderr);
    const id = /declared (INC-\d+)/.exec(fired.stdout)?.[1];
    assert.ok(id, fired.stdout);
    const incident = await server.incident(id);
    assert.equal(incident.alertGroup?.groupKey, 'incident-desk-test');
    assert.equal(incident.severity, 4);
    assert.deepEqual(incident.services, ['incident-desk']);

    const again = await cli(['alerts', 'test', '--url', server.url], env);
    assert.match(again.stdout, new RegExp(`unchanged ${id}, 0 event`));
    const resolved = await cli(['alerts', 'test', '--url', server.url, '--resolve'], env);
    assert.match(resolved.stdout, new RegExp(`resolved: updated ${id}, 2 event`));
  });

  it('says what is wrong: no token, a responder token, no URL', async () => {
    const noToken = await cli(['alerts', 'test', '--url', server.url], {});
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr, /INCIDENT_DESK_TOKEN/);
    const responder = await cli(['alerts', 'test', '--url', server.url], { INCIDENT_DESK_TOKEN: server.responderToken });
    assert.equal(responder.code, 1);
    assert.match(responder.stderr, /403: Alert receivers need an integration token/);
    const noUrl = await cli(['alerts', 'test'], { INCIDENT_DESK_TOKEN: server.token });
    assert.equal(noUrl.code, 2);
    assert.match(noUrl.stderr, /--url/);
    const closed = await closedPort();
    const down = await cli(['alerts', 'test', '--url', `http://127.0.0.1:${closed}`], { INCIDENT_DESK_TOKEN: server.token });
    assert.equal(down.code, 1);
    assert.match(down.stderr, new RegExp(`could not reach http://127\\.0\\.0\\.1:${closed}: .*ECONNREFUSED`));
  });
});
