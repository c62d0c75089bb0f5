import type { CliIo } from './command';
import { runbookCommand } from './commands/runbook';
import { runCommand } from './runCommand';
import { cliVersion } from './version';

/**
 * The command lines the `incident-desk` bin answers from its own file, without
 * loading main.ts and its chunks: `runbook steps` (a short command people run
 * often, and whose start-up is benchmarked beside a bare `node -e 0`) and
 * `--version`. Everything else is undefined here, and the bin loads main.ts.
 *
 * Both are run by the same code as through main.ts — the runbook command and
 * runCommand (its --help, usage errors, exit codes) — so the output is the same byte
 * for byte; test/unit/cli/fastPath.test.ts holds it so. esbuild.mjs builds the bin as
 * one file with what this path needs; only what this path may load later
 * (markdown-it's parser, for runbooks too rich for the quick parser) stays in
 * dist/cli-chunks/. `runbook run` is not here: it loads the run session, shells
 * and prompts, and its errors must meet the UsageError class of its own build.
 */
export function fastPath(argv: readonly string[]): ((io: CliIo) => Promise<number>) | undefined {
  const [name, sub] = argv;
  if (name === '--version' || name === '-v') {
    return async (io) => {
      io.stdout(`${cliVersion()}\n`);
      return 0;
    };
  }
  // argv[1] is the first word after `runbook`, so it is the sub-command parseArgs will see.
  if (name === 'runbook' && sub === 'steps') return (io) => runCommand(runbookCommand, argv.slice(1), io);
  return undefined;
}
