import type * as vscode from 'vscode';
import { CommandIds } from '../../commandIds';
import type { Command } from '../../platform/commandManager';
import { parseRunArguments } from '../runArguments';
import type { RunbookRunner } from '../runbookRunner';
import { guarded } from './guard';

/** Runs one step: `{ uri, stepIndex }` from its CodeLens, or the step at the cursor. */
export function runStepCommand(runner: RunbookRunner, log: vscode.LogOutputChannel): Command {
  return { id: CommandIds.runStep, execute: guarded(log, 'Run Step', (arg?: unknown) => runner.run('step', parseRunArguments(arg))) };
}
