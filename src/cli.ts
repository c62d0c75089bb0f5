import * as nodeModule from 'node:module';
import { runCli } from './cli/main';

// Node 22.1+ keeps compiled code on disk between runs, which halves the start-up of a
// short command; older Node has no such API and just compiles.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// The entry point of the `incident-desk` binary; everything else lives in src/cli/.

// `incident-desk … | head` closes the pipe early; that is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`incident-desk: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
