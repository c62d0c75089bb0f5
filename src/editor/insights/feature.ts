import * as vscode from 'vscode';
import { InsightsComputer } from '../../app/insights/node/computeOffThread';
import { CommandIds } from '../commandIds';
import type { CommandManager } from '../platform/commandManager';
import type { Secrets } from '../platform/secrets';
import type { Settings } from '../platform/settings';
import type { IncidentSource } from '../shared/incidentServices';
import { defineCommand } from '../platform/commandCenter';
import { registerCodeMemory } from '../codeMemory/feature';
import { nameCommitsCommand } from '../codeMemory/nameCommits';
import { InsightsPanel, type RenderTiming } from './insightsPanel';
import { similarIncidentsCommand } from './similarIncidentsCommand';
import type { RenderedDom } from './protocol';

export interface InsightsFeatureDeps {
  context: vscode.ExtensionContext;
  commands: CommandManager;
  log: vscode.LogOutputChannel;
  settings: Settings;
  secrets: Secrets;
  incidents: IncidentSource;
}

export interface InsightsTestApi {
  /** Resolves with the next render's DOM read-back. */
  nextRender(): Promise<RenderedDom>;
  /** Resolves with the next render's timings (the Insights benchmark). */
  nextRenderTiming(): Promise<RenderTiming>;
}

/** "Incident Desk: Show Insights" (the Insights webview over the shared insights use case) and incident memory in the code. */
export function registerInsightsFeature(deps: InsightsFeatureDeps): InsightsTestApi {
  const computer = new InsightsComputer(vscode.Uri.joinPath(deps.context.extensionUri, 'dist', 'insights-worker.js').fsPath);
  const panel = new InsightsPanel({ extensionUri: deps.context.extensionUri, settings: deps.settings, secrets: deps.secrets, log: deps.log, computer });
  deps.context.subscriptions.push(panel, { dispose: () => computer.dispose() });
  registerCodeMemory({ context: deps.context, settings: deps.settings, log: deps.log });
  deps.commands.register(nameCommitsCommand());
  deps.commands.register(similarIncidentsCommand({ incidents: deps.incidents, settings: deps.settings }));
  // Insights run git in the workspace and send nothing anywhere, but git itself honours repository config.
  deps.commands.register(
    defineCommand({ id: CommandIds.showInsights, title: 'Show Insights', args: [], trust: { action: 'Showing insights (runs git in the workspace)', refused: false } }, () => {
      panel.show();
      return true;
    }),
  );
  return {
    nextRender: () =>
      new Promise((resolve) => {
        const subscription = panel.onDidRender((dom) => {
          subscription.dispose();
          resolve(dom);
        });
      }),
    nextRenderTiming: () =>
      new Promise((resolve) => {
        const subscription = panel.onDidRenderTimed((timing) => {
          subscription.dispose();
          resolve(timing);
        });
      }),
  };
}
