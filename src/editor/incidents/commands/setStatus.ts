import * as vscode from 'vscode';
import { INCIDENT_STATUSES, type IncidentStatus } from '../../../core/incidents/model';
import { CommandIds } from '../../commandIds';
import { incidentArg, oneOf, optional } from '../../platform/commandArgs';
import { defineCommand, type Command } from '../../platform/commandManager';
import { performAction, resolveIncident, type IncidentCommandContext } from './support';

const MEANING: Record<IncidentStatus, string> = {
  investigating: 'Looking for what is wrong',
  identified: 'The cause is known; a fix is under way',
  monitoring: 'A fix is out; watching that it holds',
  resolved: 'Over; the retrospective is next',
};

/** Arguments: (incident?, status?). */
export function setStatusCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.setStatus, title: 'Set Status', args: [incidentArg, optional(oneOf(INCIDENT_STATUSES, 'a status'))] }, async (incidentId, statusArg) => {
    const incident = await resolveIncident(ctx, incidentId, 'Change the status of which incident?');
    if (!incident) return undefined;
    const status =
      statusArg ??
      (await vscode.window.showQuickPick(INCIDENT_STATUSES.map((s) => ({ label: s, description: s === incident.status ? 'current' : MEANING[s], status: s })), { placeHolder: `${incident.id} is ${incident.status}. New status:` }))?.status;
    if (!status || status === incident.status) return undefined;
    return performAction(ctx, { kind: 'update', incidentId: incident.id, patch: { status } }, `${incident.id} is now ${status}`);
  });
}
