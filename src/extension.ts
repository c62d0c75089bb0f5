import type * as vscode from 'vscode';
import { registerInsightsFeature, type InsightsTestApi } from './editor/insights/feature';
import { registerIncidentsFeature, type IncidentsTestApi } from './editor/incidents/feature';
import { CommandManager, defineCommand } from './editor/platform/commandManager';
import { CommandIds } from './editor/commandIds';
import { resolveUserName } from './editor/platform/identity';
import { createLog } from './editor/platform/output';
import { Secrets } from './editor/platform/secrets';
import { Settings } from './editor/platform/settings';
import { registerRetrospectivesFeature } from './editor/retrospectives/feature';
import { registerRunbooksFeature, type RunbooksTestApi } from './editor/runbooks/feature';
import { createRunbookCatalog } from './editor/runbooks/runbookIndex';
import { IncidentSlos } from './editor/slo/incidentSlos';
import { registerSloFeature } from './editor/slo/registerSlos';
import type { SloTestApi } from './editor/slo/sloFeature';

/** Composition root: builds the features, wires them together, hands their disposables to VS Code. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = createLog();
  const commands = new CommandManager(log);
  context.subscriptions.push(log, commands);
  const settings = new Settings();
  const secrets = new Secrets(context.secrets);
  const userName = () => resolveUserName(settings);

  commands.register(defineCommand({ id: CommandIds.showLog, title: 'Show Log', args: [] }, () => log.show()));

  const runbooks = createRunbookCatalog({ context, settings, log });
  // Where the SLO feature meets the incidents and retrospectives features built before it.
  const incidentSlos = new IncidentSlos();
  context.subscriptions.push(incidentSlos);
  const incidents = registerIncidentsFeature({ context, commands, log, settings, secrets, userName, runbooks, slos: incidentSlos });
  const runbooksFeature = registerRunbooksFeature({ context, commands, log, settings, userName: incidents.userName, runbooks, recorder: incidents.recorder });
  registerRetrospectivesFeature({ context, commands, log, settings, secrets, incidents: incidents.source, slos: incidentSlos });
  const slos = registerSloFeature({ context, commands, log, settings, secrets, userName: incidents.userName, runbooks, incidents: () => incidents.testApi.incidents(), onIncidentsChange: incidents.testApi.onDidChange, incidentSlos });
  const insights = registerInsightsFeature({ context, commands, log, settings, secrets, incidents: incidents.source });
  context.subscriptions.push(runbooks, incidents);

  return { registeredCommands: () => commands.registeredIds, incidents: incidents.testApi, runbooks: runbooksFeature, insights, slos: slos.testApi };
}

export function deactivate(): void {}

/** What the extension exports to its integration tests. */
export interface ExtensionApi {
  registeredCommands(): readonly string[];
  incidents: IncidentsTestApi;
  runbooks: RunbooksTestApi;
  slos: SloTestApi;
  insights: InsightsTestApi;
}
