// Scaffold while the incidents feature is built; replaced in the same session.
import * as vscode from 'vscode';
import type { CommandManager } from '../platform/commandManager';
import type { Secrets } from '../platform/secrets';
import type { Settings } from '../platform/settings';
import type { IncidentRecorder, IncidentSource, UserName } from '../shared/incidentServices';
import type { RunbookCatalog } from '../shared/runbookCatalog';
import { CommandIds } from '../commandIds';

export interface IncidentsFeatureDeps {
  context: vscode.ExtensionContext;
  commands: CommandManager;
  log: vscode.LogOutputChannel;
  settings: Settings;
  secrets: Secrets;
  userName: UserName;
  runbooks: RunbookCatalog;
}

export interface IncidentsTestApi {
  readonly ready: Promise<void>;
}

export function registerIncidentsFeature(deps: IncidentsFeatureDeps): vscode.Disposable & { recorder: IncidentRecorder; source: IncidentSource; testApi: IncidentsTestApi } {
  const emitter = new vscode.EventEmitter<string | undefined>();
  const ids = Object.values(CommandIds).filter((id) => !id.startsWith('incidentDesk.runbooks.') && !id.startsWith('incidentDesk.retro.') && id !== CommandIds.setGitHubToken && id !== CommandIds.showLog);
  for (const id of ids) deps.commands.register({ id, execute: () => deps.log.warn(`${id}: not built yet`) });
  return {
    recorder: { currentIncidentId: undefined, onDidChangeCurrentIncident: emitter.event, recordEvent: () => Promise.reject(new Error('not built yet')) },
    source: { get: () => Promise.reject(new Error('not built yet')), pick: () => Promise.resolve(undefined) },
    testApi: { ready: Promise.resolve() },
    dispose: () => emitter.dispose(),
  };
}
