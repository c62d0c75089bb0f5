import * as vscode from 'vscode';
import { CommandIds } from '../../commandIds';
import type { Command } from '../../platform/commandManager';
import { uriFor } from '../incidentDocument';
import { resolveIncident, type IncidentCommandContext } from './support';

export function openIncidentCommand(ctx: IncidentCommandContext): Command {
  return {
    id: CommandIds.openIncident,
    execute: async (arg?: unknown) => {
      const incident = await resolveIncident(ctx, arg, 'Open which incident?', { includeRecentlyResolved: true });
      if (!incident) return undefined;
      const document = await vscode.workspace.openTextDocument(uriFor(incident.id));
      return vscode.window.showTextDocument(document, { preview: true });
    },
  };
}

export function openInBackendCommand(ctx: IncidentCommandContext): Command {
  return {
    id: CommandIds.openInBackend,
    execute: async (arg?: unknown) => {
      const incident = await resolveIncident(ctx, arg, 'Open which incident in the backend?');
      if (!incident) return false;
      if (!incident.htmlUrl) {
        void vscode.window.showInformationMessage(`Incident Desk: ${incident.id} has no page in its backend.`);
        return false;
      }
      const uri = vscode.Uri.parse(incident.htmlUrl);
      if (uri.scheme !== 'https' && uri.scheme !== 'http') return false;
      return vscode.env.openExternal(uri);
    },
  };
}
