import { CommandIds } from '../../commandIds';
import { defineCommand, type Command } from '../../platform/commandManager';
import { runArgumentsArg } from '../runArguments';
import type { RunbookRunner } from '../runbookRunner';

/** Runs a step and every later one (Run all's rules), stopping at the first failure. */
export function runFromHereCommand(runner: RunbookRunner): Command {
  return defineCommand({ id: CommandIds.runFromHere, title: 'Run From Here', args: [runArgumentsArg] }, (args) => runner.run('fromHere', args));
}
