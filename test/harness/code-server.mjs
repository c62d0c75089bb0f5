// Starts code-server (a real VS Code workbench served over HTTP) and drives it with
// headless Chromium through playwright-core. Used by the integration tests and by `npm start`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CHROMIUM, codeServerEntry, node24Binary } from './provision.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Unix socket paths are limited to ~107 bytes, and Chromium and VS Code put sockets
 * under TMPDIR / XDG_RUNTIME_DIR. Inside a deep clone that limit is easy to pass, so
 * those two move to a short private folder (0700) that is removed when the run exits.
 */
const SOCKET_DIR_MAX = 40;
const shortDirs = [];
process.once('exit', () => {
  for (const dir of shortDirs) rmSync(dir, { recursive: true, force: true });
});

function socketSafeDir(preferred) {
  if (preferred.length <= SOCKET_DIR_MAX) {
    mkdirSync(preferred, { recursive: true, mode: 0o700 });
    return preferred;
  }
  const dir = mkdtempSync(join(tmpdir(), 'idesk-'));
  shortDirs.push(dir);
  return dir;
}

/** Environment that keeps what the run writes inside `runDir` (sockets in a short folder), never in $HOME. */
export function isolatedEnv(runDir, extra = {}) {
  const sockets = socketSafeDir(join(runDir, 'tmp'));
  const dirs = {
    XDG_CONFIG_HOME: join(runDir, 'xdg-config'),
    XDG_DATA_HOME: join(runDir, 'xdg-data'),
    XDG_CACHE_HOME: join(runDir, 'xdg-cache'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  return { ...process.env, TMPDIR: sockets, XDG_RUNTIME_DIR: sockets, ...dirs, ...extra };
}

/**
 * Starts code-server bound to 127.0.0.1 in its own process group.
 * `env` reaches the extension host, which is how tests receive their parameters.
 */
export async function startCodeServer({ runDir, env = {}, port, smokeTestDriver = true, log = () => {} }) {
  port ??= await freePort();
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const args = [
    codeServerEntry(),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  // Without this a built VS Code silently ignores the test payload and the run hangs.
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const child = spawn(node24Binary(), args, {
    detached: true,
    env: isolatedEnv(runDir, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk) => {
    output += chunk;
    log(String(chunk));
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    const early = await Promise.race([exited, sleep(250).then(() => undefined)]);
    if (early) throw new Error(`code-server exited early (${JSON.stringify(early)}):\n${output.slice(-4000)}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 240) {
      stopProcessGroup(child);
      throw new Error(`code-server did not start within 60 s:\n${output.slice(-4000)}`);
    }
  }
  return {
    url,
    port,
    child,
    exited,
    output: () => output,
    stop: () => stopProcessGroup(child),
  };
}

/**
 * Installs a .vsix into the profile `startCodeServer({ runDir })` uses, the way a user
 * installs one: code-server's own --install-extension, into its extensions folder.
 */
export function installExtension({ runDir, vsix }) {
  const result = spawnSync(
    node24Binary(),
    [codeServerEntry(), '--user-data-dir', join(runDir, 'user-data'), '--extensions-dir', join(runDir, 'extensions'), '--install-extension', vsix, '--force'],
    { env: isolatedEnv(runDir), encoding: 'utf8', timeout: 120_000 },
  );
  if (result.status !== 0) throw new Error(`installing ${vsix} failed (${result.status}): ${result.stderr || result.stdout}`);
}

/** Ends the whole process group; resolves once the leader has exited (SIGKILL after 3 s). */
export function stopProcessGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 3000);
  return exited.finally(() => {
    clearTimeout(timer);
    // Children that outlive the leader (the extension host, terminals) go too.
    signal('SIGKILL');
  });
}

/** The `payload` query parameter that makes the workbench load an extension under development and its tests. */
export function testPayload({ port, extensionPath, testsPath }) {
  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const entries = [['extensionDevelopmentPath', remote(extensionPath)]];
  if (testsPath) entries.push(['extensionTestsPath', remote(testsPath)]);
  entries.push(['skipWelcome', 'true']);
  return JSON.stringify(entries);
}

export function workbenchUrl({ url, folder, payload }) {
  const query = new URLSearchParams({ folder });
  if (payload) query.set('payload', payload);
  return `${url}/?${query.toString()}`;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium with a fresh profile inside `runDir`. */
export async function launchBrowser({ runDir, headless = true }) {
  const { chromium } = await import('playwright-core');
  const profile = join(runDir, 'chromium-profile');
  mkdirSync(profile, { recursive: true });
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    env: isolatedEnv(runDir),
  });
}

/** Opens the workbench at `url` and shows the Incident Desk view container, as a user's first click does. */
export async function openIncidentDeskView(page, url) {
  await page.goto(url);
  const container = page.locator('.activitybar [aria-label^="Incident Desk"]').first();
  await container.waitFor({ timeout: 60_000 });
  await container.click();
}
