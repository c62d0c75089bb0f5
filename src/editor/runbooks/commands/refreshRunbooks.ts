import type * as vscode from 'vscode';
import { CommandIds } from '../../commandIds';
import type { Command } from '../../platform/commandManager';
import type { RunbookIndex } from '../runbookIndex';
import { guarded } from './guard';

/** Finds and reads the workspace's runbooks again. */
export function refreshRunbooksCommand(index: RunbookIndex, log: vscode.LogOutputChannel): Command {
  return { id: CommandIds.refreshRunbooks, execute: guarded(log, 'Refresh Runbooks', () => index.refresh()) };
}
