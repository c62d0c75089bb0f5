import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import type { CommandManager } from '../platform/commandManager';
import { requireWorkspaceTrust } from '../platform/trust';
import { SloFeature, type SloFeatureDeps } from './sloFeature';
import type { SloTreeNode } from './sloTree';

/**
 * The SLO feature's commands, registered in this one file so the command idiom can
 * change in one place. Refresh and declare send the workspace's queries and an
 * incident somewhere: both check Workspace Trust in the handler.
 */
export function registerSloFeature(deps: SloFeatureDeps & { commands: CommandManager }): SloFeature {
  const feature = new SloFeature(deps);
  const fail = (error: unknown): undefined => {
    void vscode.window.showErrorMessage(`Incident Desk: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  };
  deps.commands.register({
    id: CommandIds.refreshSlos,
    execute: async () => {
      if (await requireWorkspaceTrust('Refreshing SLOs from Prometheus')) await feature.refresh().catch(fail);
    },
  });
  deps.commands.register({
    id: CommandIds.declareFromSlo,
    execute: async (node?: unknown) => {
      if (!(await requireWorkspaceTrust('Declaring an incident from an SLO'))) return undefined;
      const name = (node as SloTreeNode | undefined)?.kind === 'slo' ? (node as Extract<SloTreeNode, { kind: 'slo' }>).row.status.name : typeof node === 'string' ? node : undefined;
      return feature.declareFrom(name).catch(fail);
    },
  });
  deps.commands.register({ id: CommandIds.setPrometheusToken, execute: () => feature.setToken().catch(fail) });
  void feature.refresh().catch((error: unknown) => deps.log.error(`slo: ${String(error)}`));
  deps.context.subscriptions.push(feature);
  return feature;
}
