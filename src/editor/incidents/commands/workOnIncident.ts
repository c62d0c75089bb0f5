import * as vscode from 'vscode';
import { CommandIds } from '../../commandIds';
import { incidentArg } from '../../platform/commandArgs';
import { defineCommand, type Command } from '../../platform/commandManager';
import { resolveIncident, type IncidentCommandContext } from './support';

/** Makes an incident the window's current one: runbook runs are recorded on its timeline. */
export function workOnIncidentCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.workOnIncident, title: 'Work on This Incident', args: [incidentArg] }, async (incidentId) => {
    const incident = await resolveIncident(ctx, incidentId, 'Work on which incident?');
    if (!incident) return undefined;
    await ctx.current.set(incident.id);
    vscode.window.setStatusBarMessage(`$(target) Working on ${incident.id}: runbook runs go on its timeline`, 5000);
    return incident.id;
  });
}

export function stopWorkingCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.stopWorkingOnIncident, title: 'Stop Working on Current Incident', args: [] }, async () => {
    await ctx.current.set(undefined);
  });
}
