import * as vscode from 'vscode';
import { resolvedContextValue, resolvedGroupDescription, resolvedRowDescription, resolvedRows, RECENTLY_RESOLVED_DAYS, type ResolvedListing } from '../../core/incidents/recentlyResolved';
import { CommandIds } from '../commandIds';
import type { IncidentTreeNode } from './treeNodes';

/** One object, so the provider hands VS Code the same element on every refresh. */
export const RESOLVED_GROUP: IncidentTreeNode = { kind: 'resolvedGroup' };

/**
 * "Recently resolved" at the bottom of the Incidents tree: where a retrospective starts
 * (expand, then the row's inline Write Retrospective). Collapsed, so the view costs no
 * request until someone looks.
 */
export function resolvedGroupItem(listing: ResolvedListing | undefined, now: Date): vscode.TreeItem {
  const item = new vscode.TreeItem('Recently resolved', vscode.TreeItemCollapsibleState.Collapsed);
  item.id = 'recentlyResolved';
  item.description = resolvedGroupDescription(listing, now);
  item.tooltip = `Incidents resolved in the last ${RECENTLY_RESOLVED_DAYS} days: open one or write its retrospective.`;
  item.iconPath = new vscode.ThemeIcon('history');
  item.contextValue = 'resolvedGroup';
  return item;
}

/** The group's rows; offline, the last list fetched, or one row saying there is none to show. */
export function resolvedChildren(listing: ResolvedListing, activeIds: ReadonlySet<string>): IncidentTreeNode[] {
  if (listing.state === 'unavailable') {
    return [{ kind: 'leaf', id: 'recentlyResolved/unavailable', label: 'Not available while offline', tooltip: listing.error, icon: 'debug-disconnect' }];
  }
  const rows = resolvedRows(listing.incidents, activeIds).map((incident): IncidentTreeNode => ({ kind: 'resolved', incident }));
  if (rows.length > 0) return rows;
  return [{ kind: 'leaf', id: 'recentlyResolved/none', label: `Nothing resolved in the last ${RECENTLY_RESOLVED_DAYS} days`, icon: 'info' }];
}

/** A resolved incident's row: a click opens it; its menus are the incident rows' (see resolvedContextValue). */
export function resolvedItem(incident: Extract<IncidentTreeNode, { kind: 'resolved' }>['incident'], now: Date): vscode.TreeItem {
  const item = new vscode.TreeItem(incident.id, vscode.TreeItemCollapsibleState.None);
  item.id = `resolved:${incident.id}`;
  item.description = resolvedRowDescription(incident, now);
  item.tooltip = `${incident.id} · ${incident.title}${incident.resolvedAt ? `\nResolved ${incident.resolvedAt}` : ''}${incident.summary ? `\n${incident.summary}` : ''}`;
  item.iconPath = new vscode.ThemeIcon('pass');
  item.contextValue = resolvedContextValue(incident);
  item.command = { title: 'Open Incident', command: CommandIds.openIncident, arguments: [incident.id] };
  item.accessibilityInformation = { label: `${incident.id}, resolved, ${incident.title}` };
  return item;
}
