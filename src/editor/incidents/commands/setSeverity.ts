import { SEVERITIES, type Severity } from '../../../core/incidents/model';
import { initialSeverity } from '../../../core/incidents/severityChoice';
import { CommandIds } from '../../commandIds';
import { incidentArg, oneOf, optional } from '../../platform/commandArgs';
import { defineCommand, type Command } from '../../platform/commandManager';
import { pickWithActive } from '../../platform/pickWithActive';
import { performAction, resolveIncident, type IncidentCommandContext } from './support';

export async function pickSeverity(ctx: IncidentCommandContext, placeHolder: string, current?: Severity): Promise<Severity | undefined> {
  const policy = ctx.policy();
  const items = SEVERITIES.map((severity) => {
    const level = policy.levels[severity];
    return { label: `Sev ${severity} · ${level.name}`, description: severity === current ? 'current' : level.response, detail: level.trigger, severity };
  });
  const picked = await pickWithActive(items, items.find((item) => item.severity === initialSeverity(current)), { placeholder: placeHolder, matchOnDetail: true });
  return picked?.severity;
}

/** Arguments: (incident?, severity?). */
export function setSeverityCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.setSeverity, title: 'Set Severity', args: [incidentArg, optional(oneOf(SEVERITIES, 'a severity'))] }, async (incidentId, severityArg) => {
    const incident = await resolveIncident(ctx, incidentId, 'Change the severity of which incident?');
    if (!incident) return undefined;
    const severity = severityArg ?? await pickSeverity(ctx, `${incident.id} is Sev ${incident.severity}. New severity:`, incident.severity);
    if (severity === undefined || severity === incident.severity) return undefined;
    const outcome = await performAction(ctx, { kind: 'update', incidentId: incident.id, patch: { severity } }, `${incident.id} set to Sev ${severity}`);
    // It moves to another severity group, possibly a collapsed one: follow it there.
    if (outcome === 'sent') {
      await ctx.model.refresh();
      await ctx.reveal(incident.id, { focus: false });
    }
    return outcome;
  });
}
