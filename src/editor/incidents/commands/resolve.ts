import * as vscode from 'vscode';
import { CommandIds } from '../../commandIds';
import { booleanArg, incidentArg, optional, optionsArg, stringArg } from '../../platform/commandArgs';
import { defineCommand, type Command } from '../../platform/commandManager';
import { performAction, resolveIncident, type IncidentCommandContext } from './support';

export interface ResolveArgs {
  summary?: string;
  /** Skips the confirmation (tests, keybindings). */
  confirmed?: boolean;
}

/** Arguments: (incident?, { summary?, confirmed? }?). */
export function resolveCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.resolve, title: 'Resolve Incident', args: [incidentArg, optionsArg<ResolveArgs>({ summary: optional(stringArg), confirmed: optional(booleanArg) })] }, async (incidentId, options) => {
    const incident = await resolveIncident(ctx, incidentId, 'Resolve which incident?');
    if (!incident) return undefined;
    let summary = options.summary;
    if (!options.confirmed) {
      summary = await vscode.window.showInputBox({
        title: `Resolve ${incident.id}`,
        prompt: 'Summary for the retrospective: what happened, what fixed it (optional)',
        value: incident.summary,
      });
      if (summary === undefined) return undefined;
    }
    const patch = summary && summary !== incident.summary ? { status: 'resolved' as const, summary } : { status: 'resolved' as const };
    const outcome = await performAction(ctx, { kind: 'update', incidentId: incident.id, patch }, `${incident.id} resolved`);
    if (outcome && ctx.current.id === incident.id) await ctx.current.set(undefined);
    if (outcome === 'sent' && !options.confirmed) {
      const write = 'Write Retrospective';
      void vscode.window.showInformationMessage(`${incident.id} is resolved. Every production incident gets a blameless retrospective.`, write).then((choice) => {
        if (choice === write) void vscode.commands.executeCommand(CommandIds.writeRetrospective, incident.id);
      });
    }
    return outcome;
  });
}
