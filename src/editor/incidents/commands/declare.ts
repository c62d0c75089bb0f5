import * as vscode from 'vscode';
import { SEVERITIES, type Incident, type Severity } from '../../../core/incidents/model';
import { CommandIds } from '../../commandIds';
import { oneOf, optional, optionsArg, stringArg, stringListArg } from '../../platform/commandArgs';
import { defineCommand, type Command } from '../../platform/commandManager';
import { pickSeverity } from './setSeverity';
import { performAction, type IncidentCommandContext } from './support';

export interface DeclareArgs {
  title?: string;
  severity?: Severity;
  services?: string[];
  summary?: string;
}

/**
 * Declaring takes seconds: a title, a severity with its trigger beside it, the services the runbooks know.
 * Argument: ({ title?, severity?, services?, summary? }?); what is missing is asked.
 */
export function declareCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.declare, title: 'Declare Incident', args: [optionsArg<DeclareArgs>({ title: optional(stringArg), severity: optional(oneOf(SEVERITIES, 'a severity')), services: optional(stringListArg), summary: optional(stringArg) })] }, async (args) => {
    const title = args.title?.trim() || (await vscode.window.showInputBox({ title: 'Declare incident (1/3)', prompt: 'What is wrong, as customers see it', placeHolder: 'Checkout API returning 5xx in eu-west-1', ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'A title is needed') }))?.trim();
    if (!title) return undefined;
    const severity = args.severity ?? await pickSeverity(ctx, 'Declare incident (2/3): how bad is it?');
    if (severity === undefined) return undefined;
    const services = args.services ?? (await pickServices(ctx));
    if (services === undefined) return undefined;
    const author = await ctx.userName();
    const request = { title, severity, services, summary: args.summary ?? '', author, roles: { commander: author } };
    const outcome = await performAction(ctx, { kind: 'declare', request }, `Declared Sev ${severity}: ${title}`);
    if (outcome === 'sent') await showDeclared(ctx, ctx.model.declaredBy(request), `Sev ${severity}: ${title}`);
    return outcome;
  });
}

/** Names the new incident and shows it selected in the tree, where it may be off-screen. */
async function showDeclared(ctx: IncidentCommandContext, incident: Incident | undefined, what: string): Promise<void> {
  await ctx.model.refresh();
  if (!incident) return;
  void vscode.window.showInformationMessage(`Declared ${incident.id} · ${what}`);
  await ctx.reveal(incident.id, { focus: true });
}

async function pickServices(ctx: IncidentCommandContext): Promise<string[] | undefined> {
  const known = [...new Set(ctx.runbooks.all().flatMap((r) => r.services))].sort();
  const other = '$(edit) Other services…';
  const picked = await vscode.window.showQuickPick([...known.map((label) => ({ label })), { label: other, alwaysShow: true }], {
    title: 'Declare incident (3/3)',
    placeHolder: 'Affected services (from your runbooks; Enter with none selected to skip)',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  const services = picked.filter((p) => p.label !== other).map((p) => p.label);
  if (picked.some((p) => p.label === other)) {
    const typed = await vscode.window.showInputBox({ prompt: 'Services, comma-separated' });
    if (typed) services.push(...typed.split(',').map((s) => s.trim()).filter(Boolean));
  }
  return services;
}
