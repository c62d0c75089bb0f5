import { CommandIds } from '../../commandIds';
import { incidentArg } from '../../platform/commandArgs';
import { defineCommand, type Command } from '../../platform/commandManager';
import { performAction, resolveIncident, type IncidentCommandContext } from './support';

/** "I'm here": the first check-in stops the time-to-action clock. Argument: (incident?). */
export function checkInCommand(ctx: IncidentCommandContext, id: typeof CommandIds.checkIn | typeof CommandIds.acknowledge = CommandIds.checkIn): Command {
  const acknowledge = id === CommandIds.acknowledge;
  return defineCommand({ id, title: acknowledge ? 'Acknowledge' : 'Check In', args: [incidentArg] }, async (incidentId) => {
    const incident = await resolveIncident(ctx, incidentId, acknowledge ? 'Acknowledge which incident?' : 'Check in to which incident?');
    if (!incident) return undefined;
    const author = await ctx.userName();
    return performAction(ctx, { kind: 'event', incidentId: incident.id, event: { type: 'check_in', author } }, `${acknowledge ? 'Acknowledged' : 'Checked in to'} ${incident.id}`);
  });
}
