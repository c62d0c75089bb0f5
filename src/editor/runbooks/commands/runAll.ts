import type * as vscode from 'vscode';
import { CommandIds } from '../../commandIds';
import type { Command } from '../../platform/commandManager';
import { parseRunArguments } from '../runArguments';
import type { RunbookRunner } from '../runbookRunner';
import { guarded } from './guard';

/** Runs every step (except `excludeFromRunAll` ones), stopping at the first that does not exit 0. */
export function runAllCommand(runner: RunbookRunner, log: vscode.LogOutputChannel): Command {
  return { id: CommandIds.runAll, execute: guarded(log, 'Run All Steps', (arg?: unknown) => runner.run('all', parseRunArguments(arg))) };
}
