// Scaffold: the runbooks editor feature replaces this file.
import type * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import type { CommandManager } from '../platform/commandManager';
import type { Settings } from '../platform/settings';
import type { IncidentRecorder, UserName } from '../shared/incidentServices';
import type { RunbookCatalog } from '../shared/runbookCatalog';

export interface RunbooksFeatureDeps {
  context: vscode.ExtensionContext;
  commands: CommandManager;
  log: vscode.LogOutputChannel;
  settings: Settings;
  userName: UserName;
  runbooks: RunbookCatalog;
  recorder: IncidentRecorder;
}

export function registerRunbooksFeature(deps: RunbooksFeatureDeps): void {
  for (const id of [CommandIds.runStep, CommandIds.runFromHere, CommandIds.runAll, CommandIds.resetRunbook, CommandIds.refreshRunbooks, CommandIds.createRunbook]) {
    deps.commands.register({ id, execute: () => deps.log.warn(`${id}: not built yet`) });
  }
}
