import * as vscode from 'vscode';
import { fittingRunbookSwitch } from '../../../core/incidents/fittingRunbookIncident';
import type { Incident } from '../../../core/incidents/model';
import { CommandIds } from '../../commandIds';
import { booleanArg, incidentArg, optional, optionsArg, stringArg, stringMapArg } from '../../platform/commandArgs';
import { defineCommand, type Command } from '../../platform/commandManager';
import { fittingRunbooks, type FittingRunbook } from '../fittingRunbooks';
import { resolveIncident, type IncidentCommandContext } from './support';

/** What tests and keybindings may pass on to the run (the runner's own rules apply to them). */
export interface RunFittingRunbookOptions {
  /** The runbook to run when several fit (its workspace-relative path), instead of asking. */
  runbook?: string;
  params?: Record<string, string>;
  assumeYes?: boolean;
}

/**
 * From an incident straight to its fitting runbook's first step: the incident row's
 * play button. One runbook fits: it opens and its first step runs (after the params
 * form, one Enter when the defaults do). Several fit: a pick first. The incident
 * becomes the window's current one, announced, so the run goes on its timeline.
 *
 * Arguments: (incident tree node | incident id | nothing, options?).
 */
export function runFittingRunbookCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.runFittingRunbook, title: 'Run Fitting Runbook', args: [incidentArg, optionsArg<RunFittingRunbookOptions>({ runbook: optional(stringArg), params: optional(stringMapArg), assumeYes: optional(booleanArg) })], trust: { action: 'Running runbook steps' } }, async (incidentId, options) => {
    const incident = await resolveIncident(ctx, incidentId, 'Run a fitting runbook for which incident?');
    if (!incident) return undefined;
    const fitting = fittingRunbooks(ctx.runbooks.all(), incident);
    const chosen = await chooseRunbook(incident, fitting, options.runbook);
    if (!chosen) return undefined;
    const change = fittingRunbookSwitch(incident.id, ctx.current.id);
    if (change) {
      await ctx.current.set(incident.id);
      vscode.window.setStatusBarMessage(`$(target) ${change.message}`, 8000);
    }
    const uri = chosen.runbook.uri;
    await vscode.window.showTextDocument(uri, { preview: true });
    return vscode.commands.executeCommand(CommandIds.runStep, {
      uri,
      firstStep: true,
      ...(options.params ? { params: options.params } : {}),
      ...(options.assumeYes === true ? { assumeYes: true } : {}),
    });
  });
}

async function chooseRunbook(incident: Incident, fitting: readonly FittingRunbook[], wanted: string | undefined): Promise<FittingRunbook | undefined> {
  if (fitting.length === 0) {
    void vscode.window.showInformationMessage(`Incident Desk: no runbook lists ${incident.id}'s services or alerts. Add them to a runbook's front matter (services, alerts) to offer it here.`);
    return undefined;
  }
  if (wanted !== undefined) {
    const named = fitting.find((candidate) => candidate.runbook.path === wanted);
    if (!named) void vscode.window.showErrorMessage(`Incident Desk: ${wanted} is not a runbook that fits ${incident.id}.`);
    return named;
  }
  if (fitting.length === 1) return fitting[0];
  const picked = await vscode.window.showQuickPick(
    fitting.map((candidate) => ({ label: candidate.runbook.title, description: candidate.reasons.join(', ') + (candidate.runbook.stale ? ' · stale' : ''), detail: candidate.runbook.path, candidate })),
    { placeHolder: `Run the first step of which runbook for ${incident.id}?`, matchOnDescription: true },
  );
  return picked?.candidate;
}
