import * as nodeModule from 'node:module';
import type { CliIo } from './cli/command';
import { fastPath } from './cli/fastPath';

// The entry point of the `incident-desk` binary; everything else lives in src/cli/.

enableCompileCache(process.env);

// `incident-desk … | head` closes the pipe early; that is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const argv = process.argv.slice(2);
const io: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
};
// A few short command lines are answered from this file alone (cli/fastPath.ts);
// the rest load the command table and the sub-command's chunks.
const run = fastPath(argv) ?? (async (cliIo: CliIo) => (await import('./cli/main.js')).runCli(argv, cliIo));
run(io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`incident-desk: ${String(error)}\n`);
    process.exitCode = 1;
  },
);

/**
 * Node 22.1+ keeps compiled code on disk between runs, so the chunks a sub-command
 * loads are not compiled again on every call; older Node has no such API and just
 * compiles. The cache goes in the user's own cache folder rather than Node's default
 * (the shared temporary folder, where another user could have put files first). When
 * the folder cannot be created or written, Node reports it in the returned status and
 * carries on without a cache; NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE still win.
 */
function enableCompileCache(env: NodeJS.ProcessEnv): void {
  const enable = (nodeModule as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  // XDG says a relative XDG_CACHE_HOME is to be ignored.
  const base = env.XDG_CACHE_HOME?.startsWith('/') ? env.XDG_CACHE_HOME : env.HOME ? `${env.HOME}/.cache` : env.LOCALAPPDATA;
  if (enable && base) enable(`${base}/incident-desk/node-compile-cache`);
}
