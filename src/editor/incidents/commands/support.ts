import type { IncidentSlos } from '../../slo/incidentSlos';
import * as vscode from 'vscode';
import type { NewAction } from '../../../backends/offline/actionQueue';
import type { Incident } from '../../../core/incidents/model';
import type { SeverityPolicy } from '../../../core/incidents/policy';
import { reportError } from '../../platform/errorReport';
import type { Secrets } from '../../platform/secrets';
import type { Settings } from '../../platform/settings';
import type { UserName } from '../../shared/incidentServices';
import type { RunbookCatalog } from '../../shared/runbookCatalog';
import type { CurrentIncident } from '../currentIncident';
import type { IncidentsModel } from '../incidentsModel';

/** What incident commands work with; each command takes only this. */
export interface IncidentCommandContext {
  extension: vscode.ExtensionContext;
  model: IncidentsModel;
  policy: () => SeverityPolicy;
  current: CurrentIncident;
  runbooks: RunbookCatalog;
  userName: UserName;
  settings: Settings;
  secrets: Secrets;
  log: vscode.LogOutputChannel;
  /** Shows the incident in the tree, selected, expanding its severity group; focus moves there only when asked. */
  reveal: (incidentId: string, options: { focus: boolean }) => Promise<void>;
  /** The SLOs of an incident's services: Declare posts their state as the first note. */
  slos: IncidentSlos;
}

/**
 * Commands accept an incident id, a tree node (context menus), or nothing (palette:
 * the user picks; the current incident is offered first); the command wrapper's
 * incidentArg has already turned the first two into the id. Commands that read rather
 * than act (open, write a retrospective) also offer recently resolved incidents.
 */
export async function resolveIncident(
  ctx: IncidentCommandContext,
  id: string | undefined,
  placeHolder: string,
  options: { includeRecentlyResolved?: boolean } = {},
): Promise<Incident | undefined> {
  if (id) {
    const known = ctx.model.incident(id) ?? (await ctx.model.detail(id).catch(() => undefined));
    if (!known) void vscode.window.showErrorMessage(`Incident Desk: ${id} is not a known incident.`);
    return known;
  }
  const resolved = options.includeRecentlyResolved ? await ctx.model.recentlyResolved() : [];
  return pickIncident(ctx.model.incidents(), ctx.current.id, placeHolder, resolved);
}

type IncidentPickItem = vscode.QuickPickItem & { incident?: Incident };

/**
 * The one incident picker: active incidents, the window's current one first, then
 * (when given) the recently resolved ones under their own separator.
 */
export async function pickIncident(
  incidents: readonly Incident[],
  currentId: string | undefined,
  placeHolder: string,
  recentlyResolved: readonly Incident[] = [],
): Promise<Incident | undefined> {
  const activeIds = new Set(incidents.map((incident) => incident.id));
  const resolved = recentlyResolved.filter((incident) => !activeIds.has(incident.id));
  if (incidents.length === 0 && resolved.length === 0) {
    void vscode.window.showInformationMessage('Incident Desk: there are no active incidents.');
    return undefined;
  }
  const ordered = [...incidents].sort((a, b) => Number(b.id === currentId) - Number(a.id === currentId));
  const item = (incident: Incident): IncidentPickItem => ({
    label: `${incident.id} ${incident.title}`,
    description: `Sev ${incident.severity} · ${incident.status}${incident.id === currentId ? ' · current' : ''}`,
    incident,
  });
  const items: IncidentPickItem[] = ordered.map(item);
  if (resolved.length > 0) {
    items.push({ label: 'Recently resolved', kind: vscode.QuickPickItemKind.Separator });
    items.push(...resolved.map((incident) => ({ ...item(incident), detail: incident.resolvedAt ? `resolved ${incident.resolvedAt.slice(0, 16).replace('T', ' ')} UTC` : undefined })));
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true });
  return picked?.incident;
}

/** Sends (or queues) a write and tells the user which happened. Resolves to the outcome, or undefined on refusal. */
export async function performAction(ctx: IncidentCommandContext, action: NewAction, done: string): Promise<'sent' | 'queued' | undefined> {
  try {
    const outcome = await ctx.model.perform(action);
    if (outcome === 'queued') {
      void vscode.window.showWarningMessage(`Incident Desk: the backend is unreachable. ${done} is saved and will be sent when it is back (${ctx.model.queue.pending.length} waiting).`);
    } else {
      vscode.window.setStatusBarMessage(`$(check) ${done}`, 4000);
    }
    return outcome;
  } catch (error) {
    // Refused by the backend (a BackendError) or failed otherwise: reported the one way, and the command goes on to return undefined.
    reportError(ctx.log, done, error);
    return undefined;
  }
}
