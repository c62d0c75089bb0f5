import * as vscode from 'vscode';
import { INCIDENT_STATUSES, type IncidentStatus } from '../../../core/incidents/model';
import { CommandIds } from '../../commandIds';
import type { Command } from '../../platform/commandManager';
import { performAction, resolveIncident, type IncidentCommandContext } from './support';

const MEANING: Record<IncidentStatus, string> = {
  investigating: 'Looking for what is wrong',
  identified: 'The cause is known; a fix is under way',
  monitoring: 'A fix is out; watching that it holds',
  resolved: 'Over; the retrospective is next',
};

export function setStatusCommand(ctx: IncidentCommandContext): Command {
  return {
    id: CommandIds.setStatus,
    execute: async (arg?: unknown, statusArg?: unknown) => {
      const incident = await resolveIncident(ctx, arg, 'Change the status of which incident?');
      if (!incident) return undefined;
      const status = INCIDENT_STATUSES.includes(statusArg as IncidentStatus)
        ? (statusArg as IncidentStatus)
        : (await vscode.window.showQuickPick(INCIDENT_STATUSES.map((s) => ({ label: s, description: s === incident.status ? 'current' : MEANING[s], status: s })), { placeHolder: `${incident.id} is ${incident.status}. New status:` }))?.status;
      if (!status || status === incident.status) return undefined;
      return performAction(ctx, { kind: 'update', incidentId: incident.id, patch: { status } }, `${incident.id} is now ${status}`);
    },
  };
}
