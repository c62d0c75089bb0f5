import * as vscode from 'vscode';
import { CommandIds } from '../../commandIds';
import { incidentArg } from '../../platform/commandArgs';
import { defineCommand, type Command } from '../../platform/commandManager';
import { uriFor } from '../incidentDocument';
import { resolveIncident, type IncidentCommandContext } from './support';

/** Argument: (incident?); active and recently resolved ones are offered. */
export function openIncidentCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.openIncident, title: 'Open Incident', args: [incidentArg] }, async (incidentId) => {
    const incident = await resolveIncident(ctx, incidentId, 'Open which incident?', { includeRecentlyResolved: true });
    if (!incident) return undefined;
    const document = await vscode.workspace.openTextDocument(uriFor(incident.id));
    return vscode.window.showTextDocument(document, { preview: true });
  });
}

/** Argument: (incident?). */
export function openInBackendCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.openInBackend, title: 'Open in Backend', args: [incidentArg] }, async (incidentId) => {
    const incident = await resolveIncident(ctx, incidentId, 'Open which incident in the backend?');
    if (!incident) return false;
    if (!incident.htmlUrl) {
      void vscode.window.showInformationMessage(`Incident Desk: ${incident.id} has no page in its backend.`);
      return false;
    }
    const uri = vscode.Uri.parse(incident.htmlUrl);
    if (uri.scheme !== 'https' && uri.scheme !== 'http') return false;
    return vscode.env.openExternal(uri);
  });
}
