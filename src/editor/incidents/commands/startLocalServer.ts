import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import * as vscode from 'vscode';
import { CommandIds } from '../../commandIds';
import { defineCommand, type Command } from '../../platform/commandManager';
import { reportError } from '../../platform/errorReport';
import { SecretKeys } from '../../platform/secrets';
import type { IncidentCommandContext } from './support';

const HEALTH_WAIT_MS = 20_000;

/**
 * Runs `incident-desk serve` in a terminal with its data in the extension's global
 * storage, creates a token straight into SecretStorage, and connects to it.
 *
 * The server runs on the editor's own runtime (`process.execPath`; in desktop VS Code
 * that is Electron, which behaves as Node with ELECTRON_RUN_AS_NODE=1) and stores its
 * data with the built-in `node:sqlite`, so an installed .vsix needs no `node` on PATH,
 * no compiler and no node_modules.
 */
/** A token name (letters, digits, . _ @ + -) from a person's name: "Maya Chen" → "Maya.Chen". */
export function localTokenName(person: string): string {
  const name = person
    .trim()
    .replace(/[^A-Za-z0-9._@+-]+/g, '.')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 100);
  return name === '' || /^legacy-[0-9]+$/.test(name) ? 'local' : name;
}

export function startLocalServerCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.startLocalServer, title: 'Start Local Server', args: [], trust: { action: 'Starting the local incident server', refused: false } }, async () => {
    const cli = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'cli.mjs').fsPath;
    const dataDir = vscode.Uri.joinPath(ctx.extension.globalStorageUri, 'server').fsPath;
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(dataDir));
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Incident Desk: starting the local server' }, async (progress) => {
      try {
        progress.report({ message: 'creating a token…' });
        // The token's name is who the timeline names; a fresh start replaces this window's previous token.
        const name = localTokenName(await ctx.userName());
        await runNode([cli, 'token', 'revoke', name, '--data', dataDir]).catch(() => undefined);
        const token = await runNode([cli, 'token', 'create', '--name', name, '--data', dataDir]);
        await ctx.secrets.set(SecretKeys.serverToken, token.trim());
        const port = await freePort();
        progress.report({ message: `starting on port ${port}…` });
        const terminal = vscode.window.createTerminal({
          name: 'Incident Desk server',
          shellPath: process.execPath,
          shellArgs: [cli, 'serve', '--port', String(port), '--data', dataDir, '--host', '127.0.0.1'],
          env: RUN_AS_NODE,
          iconPath: new vscode.ThemeIcon('server-process'),
          isTransient: true,
        });
        const url = `http://127.0.0.1:${port}`;
        if (!(await waitForHealth(url))) {
          terminal.show();
          throw new Error('the server did not answer within 20 s; see its terminal');
        }
        await ctx.settings.update('backend', 'desk');
        await ctx.settings.update('server.url', url);
        await ctx.model.connect();
        return true;
      } catch (error) {
        reportError(ctx.log, 'Starting the local server', error);
        return false;
      }
    });
  });
}

/** Makes Electron (desktop VS Code's `process.execPath`) run a script as plain Node; plain Node ignores it. */
const RUN_AS_NODE = { ELECTRON_RUN_AS_NODE: '1' };

function runNode(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: 30_000, env: { ...process.env, ...RUN_AS_NODE } }, (error, stdout, stderr) =>
      error ? reject(new Error(stderr.trim() || error.message)) : resolve(stdout),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(url: string): Promise<boolean> {
  const deadline = Date.now() + HEALTH_WAIT_MS;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}
