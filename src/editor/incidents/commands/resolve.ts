import * as vscode from 'vscode';
import type { TimelineEvent } from '../../../core/incidents/model';
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
    if (!options.confirmed && incident.severity <= 2 && !externalUpdateSinceLastStatusChange(ctx.model.cachedDetail(incident.id)?.timeline ?? [])) {
      // Customers were told something was wrong; the all-clear closes that loop (status page, external channels).
      const allClear = await vscode.window.showInputBox({
        title: `All-clear for customers: ${incident.id} (Sev ${incident.severity})`,
        prompt: 'Posted as an external update before resolving (status page, external channels). Empty skips it; Esc cancels.',
        value: 'Resolved: the issue is fixed and the service is working normally again. Thank you for your patience.',
        ignoreFocusOut: true,
      });
      if (allClear === undefined) return undefined;
      if (allClear.trim() !== '') {
        const event = { type: 'status_update' as const, author: await ctx.userName(), audience: 'external' as const, conditions: allClear, actions: '', needs: '' };
        await performAction(ctx, { kind: 'event', incidentId: incident.id, event }, `All-clear posted on ${incident.id}`);
      }
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

/** An external update after the last status change (e.g. to monitoring) already told customers. */
function externalUpdateSinceLastStatusChange(timeline: readonly TimelineEvent[]): boolean {
  for (let i = timeline.length - 1; i >= 0; i -= 1) {
    const event = timeline[i]!;
    if (event.type === 'status_update' && event.audience === 'external') return true;
    if (event.type === 'status_changed') return false;
  }
  return false;
}
