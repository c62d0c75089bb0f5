import type * as vscode from 'vscode';
import { CommandIds } from '../../commandIds';
import type { Command } from '../../platform/commandManager';
import { parseRunArguments } from '../runArguments';
import type { RunbookRunner } from '../runbookRunner';
import { guarded } from './guard';

/** Runs a step and every later one (Run all's rules), stopping at the first failure. */
export function runFromHereCommand(runner: RunbookRunner, log: vscode.LogOutputChannel): Command {
  return { id: CommandIds.runFromHere, execute: guarded(log, 'Run From Here', (arg?: unknown) => runner.run('fromHere', parseRunArguments(arg))) };
}
