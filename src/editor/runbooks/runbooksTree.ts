import * as vscode from 'vscode';
import { Disposable } from '../platform/dispose';
import type { RunbookCatalog, RunbookSummary } from '../shared/runbookCatalog';
import { groupByService, NO_SERVICE, type ServiceGroup } from './serviceGroups';

export const RUNBOOKS_VIEW_ID = 'incidentDesk.runbooks';

type Node = ServiceGroup | { kind: 'runbook'; service: string; runbook: RunbookSummary };

/**
 * The Runbooks view: runbooks grouped by the services they touch (a runbook with
 * several services shows under each), alerts in the description, stale ones with a
 * warning icon and the reason in the tooltip. The catalog is the model; this only
 * maps it to tree items.
 */
export class RunbooksTreeProvider extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly changed = this._register(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly catalog: RunbookCatalog,
    private readonly reviewIntervalDays: () => number,
  ) {
    super();
    this._register(catalog.onDidChange(() => this.changed.fire(undefined)));
  }

  getChildren(element?: Node): Node[] {
    if (!element) return groupByService(this.catalog.all());
    if (element.kind === 'service') return element.runbooks.map((runbook) => ({ kind: 'runbook', service: element.service, runbook }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'service') {
      const item = new vscode.TreeItem(node.service, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `service:${node.service}`;
      item.iconPath = new vscode.ThemeIcon(node.service === NO_SERVICE ? 'circle-slash' : 'server');
      item.description = `${node.runbooks.length}`;
      item.contextValue = 'runbookService';
      return item;
    }
    const { runbook } = node;
    const item = new vscode.TreeItem(runbook.title, vscode.TreeItemCollapsibleState.None);
    item.id = `runbook:${node.service}:${runbook.uri.toString()}`;
    item.description = [runbook.alerts.join(', '), runbook.stale ? 'stale' : '', runbook.shipped ? 'shipped' : ''].filter((s) => s !== '').join(' · ');
    item.iconPath = runbook.stale ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('book');
    item.tooltip = tooltipFor(runbook, this.reviewIntervalDays());
    item.contextValue = runbook.stale ? 'runbook.stale' : 'runbook';
    item.command = { command: 'vscode.open', title: 'Open Runbook', arguments: [runbook.uri] };
    return item;
  }
}

function tooltipFor(runbook: RunbookSummary, intervalDays: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown('**');
  md.appendText(runbook.title);
  md.appendMarkdown('**\n\n');
  const line = (label: string, value: string) => {
    md.appendMarkdown(`${label}: `);
    md.appendText(value);
    md.appendMarkdown('  \n');
  };
  line('File', runbook.path);
  if (runbook.services.length > 0) line('Services', runbook.services.join(', '));
  if (runbook.alerts.length > 0) line('Alerts', runbook.alerts.join(', '));
  if (runbook.owner) line('Owner', runbook.owner);
  line('Last reviewed', runbook.lastReviewed ?? 'never');
  if (runbook.stale) {
    md.appendMarkdown('\n$(warning) ');
    md.appendText(
      runbook.lastReviewed
        ? `Stale: not reviewed in the last ${intervalDays} days. Review it and update last_reviewed.`
        : 'Stale: no last_reviewed date in the front matter.',
    );
  }
  return md;
}
