import { CommandIds } from '../../commandIds';
import { defineCommand, type Command } from '../../platform/commandManager';
import { runArgumentsArg } from '../runArguments';
import type { RunbookRunner } from '../runbookRunner';

/** Runs every step (except `excludeFromRunAll` ones), stopping at the first that does not exit 0. */
export function runAllCommand(runner: RunbookRunner): Command {
  return defineCommand({ id: CommandIds.runAll, title: 'Run All Steps', args: [runArgumentsArg] }, (args) => runner.run('all', args));
}
