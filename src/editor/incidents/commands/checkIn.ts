import { CommandIds } from '../../commandIds';
import type { Command } from '../../platform/commandManager';
import { performAction, resolveIncident, type IncidentCommandContext } from './support';

/** "I'm here": the first check-in stops the time-to-action clock. */
export function checkInCommand(ctx: IncidentCommandContext, id: typeof CommandIds.checkIn | typeof CommandIds.acknowledge = CommandIds.checkIn): Command {
  return {
    id,
    execute: async (arg?: unknown) => {
      const incident = await resolveIncident(ctx, arg, id === CommandIds.acknowledge ? 'Acknowledge which incident?' : 'Check in to which incident?');
      if (!incident) return undefined;
      const author = await ctx.userName();
      return performAction(ctx, { kind: 'event', incidentId: incident.id, event: { type: 'check_in', author } }, `${id === CommandIds.acknowledge ? 'Acknowledged' : 'Checked in to'} ${incident.id}`);
    },
  };
}
