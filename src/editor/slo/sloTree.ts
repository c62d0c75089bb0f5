import * as vscode from 'vscode';
import type { SloFile } from '../../app/slo/node/sloFiles';
import type { ServiceGroup, SloRow } from './viewModel';

export type SloTreeNode =
  | { kind: 'service'; group: ServiceGroup }
  | { kind: 'slo'; row: SloRow }
  | { kind: 'runbook'; path: string; title: string }
  | { kind: 'incident'; id: string; title: string; severity: number }
  | { kind: 'message'; text: string };

const STATE_ICON = { ok: new vscode.ThemeIcon('pass'), 'slow burn': new vscode.ThemeIcon('warning'), 'fast burn': new vscode.ThemeIcon('flame', new vscode.ThemeColor('errorForeground')) };

/** The SLOs view: services, their SLOs with budget bar and burn, the runbooks that name them and their open incidents. */
export class SloTreeProvider implements vscode.TreeDataProvider<SloTreeNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private groups: ServiceGroup[] = [];
  private message: string | undefined;

  constructor(private readonly runbookUri: (path: string) => vscode.Uri | undefined) {}

  show(groups: ServiceGroup[], message: string | undefined): void {
    this.groups = groups;
    this.message = message;
    this.changed.fire();
  }

  get current(): readonly ServiceGroup[] {
    return this.groups;
  }

  getChildren(node?: SloTreeNode): SloTreeNode[] {
    if (!node) {
      const roots: SloTreeNode[] = this.groups.map((group) => ({ kind: 'service', group }));
      return this.message ? [{ kind: 'message', text: this.message }, ...roots] : roots;
    }
    if (node.kind !== 'service') return [];
    return [
      ...node.group.slos.map((row): SloTreeNode => ({ kind: 'slo', row })),
      ...node.group.runbooks.map((r): SloTreeNode => ({ kind: 'runbook', ...r })),
      ...node.group.incidents.map((i): SloTreeNode => ({ kind: 'incident', ...i })),
    ];
  }

  getTreeItem(node: SloTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'service': {
        const item = new vscode.TreeItem(node.group.service, vscode.TreeItemCollapsibleState.Expanded);
        item.description = node.group.state;
        item.iconPath = STATE_ICON[node.group.state];
        item.contextValue = 'sloService';
        return item;
      }
      case 'slo': {
        const item = new vscode.TreeItem(node.row.label);
        item.description = node.row.description;
        // Plain text: nothing from Prometheus or the files is rendered as markdown.
        item.tooltip = node.row.tooltip;
        item.iconPath = STATE_ICON[node.row.state];
        item.contextValue = 'slo';
        return item;
      }
      case 'runbook': {
        const item = new vscode.TreeItem(node.title);
        item.description = node.path;
        item.iconPath = new vscode.ThemeIcon('book');
        const uri = this.runbookUri(node.path);
        if (uri) item.command = { command: 'vscode.open', title: 'Open Runbook', arguments: [uri] };
        return item;
      }
      case 'incident': {
        const item = new vscode.TreeItem(`${node.id} · Sev ${node.severity}`);
        item.description = node.title;
        item.iconPath = new vscode.ThemeIcon('issues');
        return item;
      }
      case 'message':
        return Object.assign(new vscode.TreeItem(node.text), { iconPath: new vscode.ThemeIcon('info') });
    }
  }
}

/** SLO file problems in the Problems panel (1-based line:col from the parser → 0-based ranges). */
export function showProblems(collection: vscode.DiagnosticCollection, root: vscode.Uri, files: readonly SloFile[]): void {
  collection.clear();
  for (const file of files) {
    const uri = vscode.Uri.joinPath(root, file.path);
    collection.set(
      uri,
      file.problems.map((p) => {
        const position = new vscode.Position(Math.max(0, p.line - 1), Math.max(0, p.col - 1));
        const diagnostic = new vscode.Diagnostic(new vscode.Range(position, position.translate(0, 1)), p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
        diagnostic.source = 'Incident Desk SLO';
        return diagnostic;
      }),
    );
  }
}
