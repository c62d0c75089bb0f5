import type { CliIo } from './command';
import { cliVersion } from './version';

/**
 * The command lines the `incident-desk` bin answers without main.ts and its chunks:
 * `--version`, from the bin itself, and `runbook steps` (a short command people run
 * often, benchmarked beside a bare `node -e 0`), from one file that holds all it
 * needs (runbookSteps.ts). Everything else is undefined here, and the bin loads
 * main.ts.
 *
 * `runbook steps` runs the same code as through main.ts — the runbook command and
 * runCommand — so the output is the same byte for byte; test/unit/cli/fastPath.test.ts
 * holds it so. `runbook run` is not here: it loads the run session, shells and
 * prompts from the chunks, and its errors must meet the UsageError class of that build.
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
  if (name === 'runbook' && sub === 'steps') return async (io) => (await import('./runbookSteps.js')).runRunbookSteps(argv, io);
  return undefined;
}
