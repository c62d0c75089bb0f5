import * as vscode from 'vscode';
import type { AlertRow } from '../../core/incidents/alertRows';

/**
 * An alert row of the Incidents tree. Every string is remote (whoever can reach the
 * monitor wrote it): the label and description are plain tree text, and the hover is a
 * MarkdownString of appended text, untrusted and without HTML.
 * `contextValue` says which links the row has, so the row offers only those actions.
 */
export function alertTreeItem(row: AlertRow): vscode.TreeItem {
  const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
  item.id = row.id;
  item.description = row.description;
  item.iconPath = row.firing ? new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('list.errorForeground')) : new vscode.ThemeIcon('bell-slash', new vscode.ThemeColor('testing.iconPassed'));
  const hover = new vscode.MarkdownString(undefined, false);
  hover.isTrusted = false;
  hover.supportHtml = false;
  hover.appendMarkdown('**');
  hover.appendText(`${row.label} · ${row.firing ? 'firing' : 'resolved'}`);
  hover.appendMarkdown('**');
  for (const line of row.tooltip.split('\n').filter((text) => text !== '')) {
    hover.appendMarkdown('\n\n');
    hover.appendText(line);
  }
  item.tooltip = hover;
  item.contextValue = `alert.${row.firing ? 'firing' : 'resolved'}${row.generatorUrl ? '.source' : ''}${row.runbookUrl ? '.runbookLink' : ''}`;
  item.accessibilityInformation = { label: `alert ${row.label}, ${row.description}` };
  return item;
}
