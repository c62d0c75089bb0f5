import * as vscode from 'vscode';
import { SEVERITIES, type Incident, type Severity } from '../../../core/incidents/model';
import type { SloStatus } from '../../../core/slo/budget';
import { CommandIds } from '../../commandIds';
import { oneOf, optional, optionsArg, stringArg, stringListArg } from '../../platform/commandArgs';
import { defineCommand, type Command } from '../../platform/commandManager';
import { declareSnapshotNote } from '../../../core/slo/snapshot';
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
    // Measured while the declare is sent, so the figures are those at declare time and cost it nothing.
    const slos = ctx.slos.measure(services, SLO_NOTE_TIMEOUT_MS);
    const request = { title, severity, services, summary: args.summary ?? '', author, roles: { commander: author } };
    const outcome = await performAction(ctx, { kind: 'declare', request }, `Declared Sev ${severity}: ${title}`);
    if (outcome === 'sent') {
      const incident = ctx.model.declaredBy(request);
      await Promise.all([showDeclared(ctx, incident, `Sev ${severity}: ${title}`), incident && postSloNote(ctx, incident, author, slos)]);
    } else if (services.length > 0) {
      void slos.then((measured) => measured && ctx.log.info(`slo: no SLO note on the declare: it was ${outcome === 'queued' ? 'queued offline' : 'not sent'}.`));
    }
    return outcome;
  });
}

/** How long a declare waits for Prometheus before its SLO note is skipped: the incident is already declared by then. */
export const SLO_NOTE_TIMEOUT_MS = 3000;

/**
 * The SLOs of the incident's services at declare time as its first note, the same note
 * Declare from SLO posts. Without SLOs, Prometheus or an answer in time there is no note
 * (the SLO feature logged why); a note the backend refuses is reported, the declare stands.
 */
async function postSloNote(ctx: IncidentCommandContext, incident: Incident, author: string, measuring: Promise<readonly SloStatus[] | undefined>): Promise<void> {
  const text = declareSnapshotNote((await measuring) ?? []);
  if (text === undefined) return;
  await performAction(ctx, { kind: 'event', incidentId: incident.id, event: { type: 'note', author, text } }, `SLO note added to ${incident.id}`);
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
