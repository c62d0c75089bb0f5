import { CommandIds } from '../commandIds';
import { defineCommand } from '../platform/commandCenter';
import type { ArgCheck } from '../platform/commandArgs';
import type { CommandManager } from '../platform/commandManager';
import { SloFeature, type SloFeatureDeps } from './sloFeature';
import type { SloTreeNode } from './sloTree';

/** An SLO by name: a node of the SLOs view, its name, or nothing (then the user picks). */
const sloArg: ArgCheck<string | undefined> = (value) => {
  if (value === undefined) return { ok: true, value: undefined };
  if (typeof value === 'string') return { ok: true, value };
  const node = value as Partial<SloTreeNode> | null;
  if (node !== null && typeof node === 'object' && node.kind === 'slo') return { ok: true, value: (node as Extract<SloTreeNode, { kind: 'slo' }>).row.status.name };
  return { ok: false, problem: 'expected an SLO of the SLOs view or its name' };
};

/**
 * The SLO feature's commands, registered in this one file. Refresh and declare send
 * the workspace's queries and an incident somewhere: the command wrapper checks
 * Workspace Trust before either runs.
 */
export function registerSloFeature(deps: SloFeatureDeps & { commands: CommandManager }): SloFeature {
  const feature = new SloFeature(deps);
  deps.commands.register(
    defineCommand({ id: CommandIds.refreshSlos, title: 'Refresh SLOs', args: [], trust: { action: 'Refreshing SLOs from Prometheus' } }, () => feature.refresh()),
  );
  deps.commands.register(
    defineCommand({ id: CommandIds.declareFromSlo, title: 'Declare from SLO', args: [sloArg], trust: { action: 'Declaring an incident from an SLO' } }, (name) => feature.declareFrom(name)),
  );
  deps.commands.register(defineCommand({ id: CommandIds.setPrometheusToken, title: 'Set Prometheus Token', args: [] }, () => feature.setToken()));
  void feature.refresh().catch((error: unknown) => deps.log.error(`slo: ${String(error)}`));
  deps.context.subscriptions.push(feature);
  return feature;
}
