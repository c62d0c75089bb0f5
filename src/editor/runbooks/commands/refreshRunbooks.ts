import { CommandIds } from '../../commandIds';
import { defineCommand, type Command } from '../../platform/commandManager';
import type { RunbookIndex } from '../runbookIndex';

/** Finds and reads the workspace's runbooks again. */
export function refreshRunbooksCommand(index: RunbookIndex): Command {
  return defineCommand({ id: CommandIds.refreshRunbooks, title: 'Refresh Runbooks', args: [] }, () => index.refresh());
}
