// Scaffold: the retrospectives editor feature replaces this file.
import type * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import type { CommandManager } from '../platform/commandManager';
import type { Secrets } from '../platform/secrets';
import type { Settings } from '../platform/settings';
import type { IncidentSource } from '../shared/incidentServices';

export interface RetrospectivesFeatureDeps {
  context: vscode.ExtensionContext;
  commands: CommandManager;
  log: vscode.LogOutputChannel;
  settings: Settings;
  secrets: Secrets;
  incidents: IncidentSource;
}

export function registerRetrospectivesFeature(deps: RetrospectivesFeatureDeps): void {
  for (const id of [CommandIds.writeRetrospective, CommandIds.refreshRetrospectiveTimeline, CommandIds.submitRetrospective, CommandIds.setGitHubToken]) {
    deps.commands.register({ id, execute: () => deps.log.warn(`${id}: not built yet`) });
  }
}
