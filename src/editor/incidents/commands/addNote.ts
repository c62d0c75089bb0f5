import * as vscode from 'vscode';
import { CommandIds } from '../../commandIds';
import type { Command } from '../../platform/commandManager';
import { performAction, resolveIncident, type IncidentCommandContext } from './support';

export function addNoteCommand(ctx: IncidentCommandContext): Command {
  return {
    id: CommandIds.addNote,
    execute: async (arg?: unknown, textArg?: unknown) => {
      const incident = await resolveIncident(ctx, arg, 'Add a note to which incident?');
      if (!incident) return undefined;
      const text = typeof textArg === 'string' && textArg.trim() ? textArg : await vscode.window.showInputBox({ title: `Note on ${incident.id}`, prompt: 'What happened, what you saw, what you tried — it goes on the timeline', validateInput: (v) => (v.trim() ? undefined : 'The note is empty') });
      if (!text?.trim()) return undefined;
      return performAction(ctx, { kind: 'event', incidentId: incident.id, event: { type: 'note', author: await ctx.userName(), text: text.trim() } }, `Note added to ${incident.id}`);
    },
  };
}
