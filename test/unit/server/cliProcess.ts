import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The built command line; tests run after `node esbuild.mjs`, which writes it. */
export const CLI = path.resolve(__dirname, '../../../../dist/cli.mjs');
/** The store worker the same build writes; in-process servers in tests are pointed at it. */
export const STORE_WORKER = path.resolve(__dirname, '../../../../dist/store-worker.mjs');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed on stdout so far. */
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnOptions {
  /** Another copy of the command line (an unpacked .vsix, an installed package). */
  cli?: string;
  env?: NodeJS.ProcessEnv;
}

/** A SQLite data folder, or a PostgreSQL database (URL without password; the password goes in PGPASSWORD). */
export type ServerData = string | { databaseUrl: string; password?: string } | { configFile: string; password?: string };

/** Starts `incident-desk serve` as a real child process and waits for its "listening" line. */
export async function spawnServer(data: ServerData, extraArgs: string[] = [], options: SpawnOptions = {}): Promise<ServerProcess> {
  const cli = options.cli ?? CLI;
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing; run \`node esbuild.mjs\` first`);
  const storeArgs = typeof data === 'string' ? ['--data', data] : 'configFile' in data ? ['--config', data.configFile] : ['--database-url', data.databaseUrl];
  const baseEnv = options.env ?? process.env;
  const env = typeof data !== 'string' && data.password !== undefined ? { ...baseEnv, PGPASSWORD: data.password } : baseEnv;
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...storeArgs, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 20_000);
    const check = (): void => {
      const match = /^Incident Desk server listening on (http:\/\/\S+)$/m.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening: ${err}`));
    });
  });
  return { child, url, stdout: () => out, stderr: () => err, exited };
}

/** Stops a child the test started, whatever state it is in. */
export async function stopProcess(server: ServerProcess | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGKILL');
  await server.exited;
}
