// Runs the project's own incident server (demo data) for the integration tests as a
// child process on a Node with node:sqlite (22.13+; the provisioned Node 24 when this
// is Node 20), plus a small control endpoint on 127.0.0.1 so tests inside VS Code can
// stop and restart it (offline mode, replay).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './code-server.mjs';
import { ensureServerNode } from './provision.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const cli = join(root, 'dist', 'cli.mjs');

/** Starts `incident-desk serve` and resolves with its URL once it prints the listening line. */
export async function spawnIncidentServer({ port, dataDir, demo = true, host = '127.0.0.1', log = () => {} }) {
  const args = [cli, 'serve', '--port', String(port), '--data', dataDir, '--host', host];
  if (demo) args.push('--demo');
  const child = spawn(await ensureServerNode(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolveStart, rejectStart) => {
    const onData = (chunk) => {
      output += chunk;
      log(String(chunk));
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolveStart({ child, url: match[1] });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => {
      output += chunk;
      log(String(chunk));
    });
    child.once('exit', (code) => rejectStart(new Error(`incident server exited (${code}) before listening:\n${output}`)));
  });
}

/**
 * A fresh token named `name` (the server records who acts from it). A token of that
 * name from an earlier run of the same data folder is revoked first, so reruns work.
 */
export async function createServerToken(dataDir, name = 'integration-tests', scope = undefined) {
  const node = await ensureServerNode();
  spawnSync(node, [cli, 'token', 'revoke', name, '--data', dataDir], { stdio: 'ignore' });
  return execFileSync(node, [cli, 'token', 'create', '--name', name, ...(scope ? ['--scope', scope] : []), '--data', dataDir], { encoding: 'utf8' }).trim();
}

function stopChild(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    child.once('exit', () => resolveStop());
    child.kill('SIGTERM');
  });
}

export async function startTestBackend(dataDir) {
  mkdirSync(dataDir, { recursive: true });
  const token = await createServerToken(dataDir);
  // What Alertmanager sends (the alerts-in-the-editor test); created before the server starts.
  const integrationToken = await createServerToken(dataDir, 'alertmanager', 'integration');
  const port = await freePort();
  let running = await spawnIncidentServer({ port, dataDir });
  const control = createServer((request, response) => {
    const reply = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    (async () => {
      if (request.method === 'POST' && request.url === '/server/stop') {
        await stopChild(running?.child);
        running = undefined;
        return reply(200, { running: false });
      }
      if (request.method === 'POST' && request.url === '/server/start') {
        running ??= await spawnIncidentServer({ port, dataDir });
        return reply(200, { running: true, url: running.url });
      }
      return reply(404, { error: 'unknown control request' });
    })().catch((error) => reply(500, { error: String(error) }));
  });
  await new Promise((ready) => control.listen(0, '127.0.0.1', ready));
  return {
    url: running.url,
    token,
    integrationToken,
    env: {
      INCIDENT_DESK_TEST_SERVER_URL: running.url,
      INCIDENT_DESK_TEST_SERVER_TOKEN: token,
      // For tests that play Alertmanager themselves (the webhook → tree benchmark).
      INCIDENT_DESK_TEST_INTEGRATION_TOKEN: integrationToken,
      INCIDENT_DESK_TEST_CONTROL_URL: `http://127.0.0.1:${control.address().port}`,
    },
    stop: async () => {
      await new Promise((closed) => control.close(closed));
      await stopChild(running?.child);
    },
  };
}
