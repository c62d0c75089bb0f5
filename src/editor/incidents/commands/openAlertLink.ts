import * as vscode from 'vscode';
import { alertRows } from '../../../core/incidents/alertRows';
import { alertArg } from '../../alerts/alertArg';
import { CommandIds } from '../../commandIds';
import { defineCommand, type Command } from '../../platform/commandManager';
import type { IncidentCommandContext } from './support';

type Link = 'generatorUrl' | 'runbookUrl';

/** Argument: (alert row or { incidentId, fingerprint }). Opens the rule or graph that fired it. */
export function openAlertSourceCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.openAlertSource, title: 'Open Alert Source', args: [alertArg] }, async (alert) => openAlertLink(ctx, alert, 'generatorUrl', 'a source link'));
}

/** Argument: (alert row or { incidentId, fingerprint }). Opens the alert's `runbook_url`. */
export function openAlertRunbookLinkCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.openAlertRunbookLink, title: 'Open Alert Runbook Link', args: [alertArg] }, async (alert) => openAlertLink(ctx, alert, 'runbookUrl', 'a runbook_url'));
}

/** The link comes from the incident as the backend sent it (alertRows keeps only http/https), never from the caller. */
async function openAlertLink(ctx: IncidentCommandContext, alert: { incidentId: string; fingerprint: string }, link: Link, what: string): Promise<boolean> {
  // Our server lists alerts with the incident; PagerDuty only with its detail.
  const listed = ctx.model.incident(alert.incidentId);
  const incident = listed?.alerts?.length ? listed : ((await ctx.model.detail(alert.incidentId)) ?? listed);
  if (!incident) throw new Error(`${alert.incidentId} is not an active incident.`);
  const row = alertRows(incident, new Date()).find((candidate) => candidate.id === `incident:${incident.id}/alert:${alert.fingerprint}`);
  if (!row) throw new Error(`${incident.id} has no alert ${alert.fingerprint}.`);
  const url = row[link];
  if (!url) {
    void vscode.window.showInformationMessage(`Incident Desk: alert ${row.label} has no ${what} (only http and https links open).`);
    return false;
  }
  const uri = vscode.Uri.parse(url, true);
  if (uri.scheme !== 'https' && uri.scheme !== 'http') return false;
  return vscode.env.openExternal(uri);
}
