import * as vscode from 'vscode';
import { latestStatusUpdate } from '../../../core/incidents/describe';
import { AUDIENCES, type Audience } from '../../../core/incidents/model';
import { CommandIds } from '../../commandIds';
import { booleanArg, incidentArg, oneOf, optional, optionsArg, stringArg } from '../../platform/commandArgs';
import { defineCommand, type Command } from '../../platform/commandManager';
import { performAction, resolveIncident, type IncidentCommandContext } from './support';

export interface StatusUpdateArgs {
  audience?: Audience;
  conditions?: string;
  actions?: string;
  needs?: string;
  /** Skips the preview (tests, keybindings). */
  confirmed?: boolean;
}

const AUDIENCE_HINT: Record<Audience, string> = {
  executive: 'Brief, no jargon: what is wrong, customer impact, resources needed',
  technical: 'Detail for engineers: symptoms, graphs, logs, what was tried',
  external: 'Status page / customers: impact and next update time, no internals',
};

/**
 * A status update in the CAN framework (Conditions, Actions, Needs), previewed before it is sent.
 * Arguments: (incident?, { audience?, conditions?, actions?, needs?, confirmed? }?).
 */
export function postStatusUpdateCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.postStatusUpdate, title: 'Post Status Update', args: [incidentArg, optionsArg<StatusUpdateArgs>({ audience: optional(oneOf(AUDIENCES, 'an audience')), conditions: optional(stringArg), actions: optional(stringArg), needs: optional(stringArg), confirmed: optional(booleanArg) })] }, async (incidentId, args) => {
    const incident = await resolveIncident(ctx, incidentId, 'Post a status update on which incident?');
    if (!incident) return undefined;
    const audience = args.audience ?? (await vscode.window.showQuickPick(AUDIENCES.map((a) => ({ label: a, detail: AUDIENCE_HINT[a], audience: a })), { placeHolder: `Who is this update for? (${incident.id})` }))?.audience;
    if (!audience) return undefined;
    const previous = latestStatusUpdate(ctx.model.cachedDetail(incident.id)?.timeline ?? []);
    // Before anything is typed: which stakeholder channels this update will reach (the server's notify: routes).
    const reaches = args.confirmed ? undefined : await ctx.model.routesFor(incident.id, audience);
    const reach = reaches === undefined ? '' : reaches.length === 0 ? ' · reaches no channel (incident only)' : ` · reaches ${reaches.join(', ')}`;
    const ask = async (field: 'conditions' | 'actions' | 'needs', prompt: string, step: number): Promise<string | undefined> =>
      args[field] ?? vscode.window.showInputBox({ title: `${audience} update on ${incident.id} (${step}/3)${reach}`, prompt, value: previous?.[field] ?? '', ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'Say something, even “none”') });
    const conditions = await ask('conditions', 'Conditions: what is happening and who is affected', 1);
    if (conditions === undefined) return undefined;
    const actions = await ask('actions', 'Actions: what the team is doing, and when the next update comes', 2);
    if (actions === undefined) return undefined;
    const needs = await ask('needs', 'Needs: help, decisions or resources needed (or “none”)', 3);
    if (needs === undefined) return undefined;
    if (!args.confirmed) {
      const send = 'Send Update';
      const choice = await vscode.window.showInformationMessage(
        `${capitalise(audience)} update on ${incident.id}`,
        { modal: true, detail: `Conditions: ${conditions}\n\nActions: ${actions}\n\nNeeds: ${needs}${reaches && reaches.length > 0 ? `\n\nSent to: ${reaches.join(', ')}` : ''}` },
        send,
      );
      if (choice !== send) return undefined;
    }
    return performAction(ctx, { kind: 'event', incidentId: incident.id, event: { type: 'status_update', author: await ctx.userName(), audience, conditions, actions, needs } }, `${capitalise(audience)} update posted on ${incident.id}`);
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
