import * as vscode from 'vscode';
import { CommandIds } from '../../commandIds';
import { incidentArg, optional, stringArg } from '../../platform/commandArgs';
import { defineCommand, type Command } from '../../platform/commandManager';
import { performAction, resolveIncident, type IncidentCommandContext } from './support';

/** Arguments: (incident?, text?). */
export function addNoteCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.addNote, title: 'Add Note', args: [incidentArg, optional(stringArg)] }, async (incidentId, textArg) => {
    const incident = await resolveIncident(ctx, incidentId, 'Add a note to which incident?');
    if (!incident) return undefined;
    const text = textArg?.trim() ? textArg : await vscode.window.showInputBox({ title: `Note on ${incident.id}`, prompt: 'What happened, what you saw, what you tried — it goes on the timeline', validateInput: (v) => (v.trim() ? undefined : 'The note is empty') });
    if (!text?.trim()) return undefined;
    return performAction(ctx, { kind: 'event', incidentId: incident.id, event: { type: 'note', author: await ctx.userName(), text: text.trim() } }, `Note added to ${incident.id}`);
  });
}
