// A throwaway PostgreSQL for the tests: Debian's `postgresql` package (installed with
// apt-get when missing, as root, like Chromium in provision.mjs), a fresh cluster in a
// temp folder owned by the `postgres` user (initdb refuses to run as root), listening on
// a free loopback port with its unix socket in the same folder. fsync is off: the data
// is thrown away, and an initdb plus start takes about two seconds.
//   const pg = await startPostgres();  pg.url, pg.env  …  await pg.stop();
//   node test/harness/postgres.mjs      starts one, prints its URL, stops on Ctrl-C
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

/** The variable the tests read; set by the unit tier for every test file it runs. */
export const TEST_DATABASE_URL_ENV = 'INCIDENT_DESK_TEST_DATABASE_URL';

const USER = 'incident_desk';
const PASSWORD = 'incident-desk-test';
const DATABASE = 'incident_desk_test';

const log = (message) => process.stderr.write(`[postgres] ${message}\n`);

/** The newest /usr/lib/postgresql/<version>/bin that has a server binary. */
function installedBinDir() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => /^[0-9]+$/.test(name) && existsSync(join(root, name, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

/** The server binaries, installing Debian's `postgresql` when they are missing. */
export function ensurePostgresBinaries() {
  const found = process.env.INCIDENT_DESK_POSTGRES_BIN ?? installedBinDir();
  if (found) return found;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      'PostgreSQL is not installed and this is not a Debian machine running as root. Install it ' +
        '(Debian/Ubuntu: sudo apt-get install -y postgresql) or point INCIDENT_DESK_POSTGRES_BIN at its bin folder.',
    );
  }
  log('installing postgresql with apt-get…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  const installed = installedBinDir();
  if (!installed) throw new Error('apt-get installed postgresql but no /usr/lib/postgresql/<version>/bin/postgres exists');
  return installed;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary as the `postgres` user when we are root (initdb and postgres refuse root). */
function asOwner(binary, args) {
  if (process.getuid?.() === 0) return { command: 'runuser', args: ['-u', 'postgres', '--', binary, ...args] };
  return { command: binary, args };
}

function run(binary, args, what) {
  const { command, args: full } = asOwner(binary, args);
  const result = spawnSync(command, full, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}): ${(result.stderr || result.stdout || String(result.error)).trim()}`);
  return result.stdout;
}

/**
 * Starts a fresh cluster and resolves when it accepts connections.
 * `url` carries the password (tests only); `env` is what a test process needs.
 */
export async function startPostgres() {
  const bin = ensurePostgresBinaries();
  const root = mkdtempSync(join(tmpdir(), 'idesk-pg-'));
  if (process.getuid?.() === 0) chownSync(root, Number(run('/usr/bin/id', ['-u'], 'id -u postgres').trim()), Number(run('/usr/bin/id', ['-g'], 'id -g postgres').trim()));
  const data = join(root, 'data');
  const passwordFile = join(root, 'password');
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
  const started = Date.now();
  try {
    // Password logins over TCP (what the server uses), trust on the socket in our own folder.
    run(join(bin, 'initdb'), ['-D', data, '-U', USER, `--pwfile=${passwordFile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], 'initdb');
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const port = await freePort();
  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: root,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '300',
    shared_buffers: '32MB',
  };
  const { command, args } = asOwner(join(bin, 'postgres'), ['-D', data, ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`])]);
  // The log goes to a file, not a pipe: the unit tier runs mocha with spawnSync, and a pipe
  // nobody drains while it runs would fill up and stall the server.
  const logFile = join(root, 'postgres.log');
  const logFd = openSync(logFile, 'a');
  const server = spawn(command, args, { stdio: ['ignore', 'ignore', logFd], detached: false });
  closeSync(logFd);
  const stderrText = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '');
  let exited = false;
  server.on('exit', () => (exited = true));

  const stop = async () => {
    if (!exited) {
      // pg_ctl signals the postmaster itself (runuser in between may not pass signals on).
      spawnSync(...Object.values(asOwner(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '20'])), { stdio: 'ignore' });
      for (let i = 0; i < 100 && !exited; i++) await sleep(50);
      if (!exited) server.kill('SIGKILL');
    }
    rmSync(root, { recursive: true, force: true });
  };

  try {
    for (;;) {
      if (exited) throw new Error(`postgres exited during start: ${stderrText().trim()}`);
      const ready = spawnSync(join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]);
      if (ready.status === 0) break;
      if (Date.now() - started > 30_000) throw new Error(`postgres did not accept connections within 30 s: ${stderrText().trim()}`);
      await sleep(50);
    }
    run(join(bin, 'createdb'), ['-h', root, '-p', String(port), '-U', USER, DATABASE], 'createdb');
  } catch (error) {
    await stop();
    throw error;
  }
  const url = `postgres://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/${DATABASE}`;
  log(`PostgreSQL ${bin.split('/').at(-2)} on 127.0.0.1:${port} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return { url, port, bin, root, env: { [TEST_DATABASE_URL_ENV]: url }, stop };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pg = await startPostgres();
  process.stdout.write(`${pg.url}\n`);
  const stop = () => void pg.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
