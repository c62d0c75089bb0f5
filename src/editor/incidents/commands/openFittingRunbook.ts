import * as vscode from 'vscode';
import { fittingRunbookSwitch } from '../../../core/incidents/fittingRunbookIncident';
import { CommandIds } from '../../commandIds';
import { stringArg } from '../../platform/commandArgs';
import { defineCommand, type Command } from '../../platform/commandManager';
import { uriArg } from '../../platform/uriArgs';
import type { IncidentCommandContext } from './support';

/**
 * What a row under an incident's "Runbooks that fit" does: opens the runbook with that
 * incident as the window's current one, so the runs started from it (its CodeLens, Run
 * All) are recorded on that incident's timeline and in the execution log under its id.
 *
 * Why "make it current" rather than a hidden per-runbook binding: a run goes where the
 * status bar says, always; the choice survives a reload; and Stop Working undoes it.
 * The switch is announced (naming the incident it replaced), never silent.
 *
 * Arguments: (incidentId, runbook uri). Internal: the tree passes both.
 */
export function openFittingRunbookCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.openFittingRunbook, title: 'Open Runbook for This Incident', args: [stringArg, uriArg] }, async (incidentId, uri) => {
    const incident = ctx.model.incident(incidentId);
    if (!incident) {
      // Gone (resolved elsewhere) since the tree was drawn: open the runbook, record nowhere new.
      void vscode.window.showWarningMessage(`Incident Desk: ${incidentId} is no longer active; runs of this runbook are not recorded on it.`);
    } else {
      const change = fittingRunbookSwitch(incident.id, ctx.current.id);
      if (change) {
        await ctx.current.set(incident.id);
        vscode.window.setStatusBarMessage(`$(target) ${change.message}`, 8000);
      }
    }
    await vscode.window.showTextDocument(uri, { preview: true });
    return ctx.current.id;
  });
}
