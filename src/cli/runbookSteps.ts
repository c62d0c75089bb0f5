import type { CliIo } from './command';
import { runbookCommand } from './commands/runbook';
import { runCommand } from './runCommand';

/**
 * `incident-desk runbook steps …` as main.ts runs it (the runbook command through
 * runCommand: its --help, usage errors and exit codes), built by esbuild.mjs into one
 * file of its own, dist/cli-chunks/runbook-steps.mjs, that imports nothing else to start.
 */
export function runRunbookSteps(argv: readonly string[], io: CliIo): Promise<number> {
  return runCommand(runbookCommand, argv.slice(1), io);
}
