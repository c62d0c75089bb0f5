import { CommandIds } from '../../commandIds';
import { defineCommand, type Command } from '../../platform/commandManager';
import { runArgumentsArg } from '../runArguments';
import type { RunbookRunner } from '../runbookRunner';

/** Runs one step: `{ uri, stepIndex }` from its CodeLens, or the step at the cursor. */
export function runStepCommand(runner: RunbookRunner): Command {
  return defineCommand({ id: CommandIds.runStep, title: 'Run Step', args: [runArgumentsArg] }, (args) => runner.run('step', args));
}
