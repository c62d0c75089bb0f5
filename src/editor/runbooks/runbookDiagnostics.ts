import * as vscode from 'vscode';
import { lintRunbook } from '../../core/runbooks/lint';
import type { ParsedRunbook, RunbookDiagnostic } from '../../core/runbooks/types';
import { Disposable } from '../platform/dispose';
import type { RunbookDocuments } from './runbookDocuments';
import type { RunbookIndex } from './runbookIndex';

const LINT_DELAY_MS = 300;

/**
 * The core linter's findings in the Problems panel: for every runbook the index
 * knows (as saved on disk) and, while a runbook is open, for its live text.
 */
export class RunbookDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('incident-desk-runbooks'));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Open documents whose live text the collection shows. */
  private readonly live = new Set<string>();

  constructor(
    private readonly index: RunbookIndex,
    private readonly documents: RunbookDocuments,
  ) {
    super();
    this._register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    this._register(index.onDidChange(() => this.refreshFromIndex()));
    this._register(vscode.workspace.onDidOpenTextDocument((document) => this.lintOpen(document)));
    this._register(vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.closed(document)));
    for (const document of vscode.workspace.textDocuments) this.lintOpen(document);
    this.refreshFromIndex();
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!document.isClosed) this.lintOpen(document);
      }, LINT_DELAY_MS),
    );
  }

  private lintOpen(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled' && document.uri.scheme !== 'vscode-remote') return;
    if (this.index.isShipped(document.uri) || !this.documents.isRunbook(document)) {
      if (this.live.delete(key)) this.collection.delete(document.uri);
      return;
    }
    this.live.add(key);
    const parsed = this.documents.parse(document);
    this.collection.set(document.uri, this.lint(parsed).map((d) => toDiagnostic(d, (line) => document.lineAt(Math.min(line, document.lineCount - 1)).range.end.character)));
  }

  private closed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (!this.live.delete(key)) return;
    const indexed = this.index.entries().find((e) => !e.summary.shipped && e.summary.uri.toString() === key);
    if (indexed) this.collection.set(document.uri, this.lint(indexed.parsed).map((d) => toDiagnostic(d)));
    else this.collection.delete(document.uri);
  }

  private refreshFromIndex(): void {
    const known = new Set<string>();
    for (const entry of this.index.entries()) {
      if (entry.summary.shipped) continue;
      const key = entry.summary.uri.toString();
      known.add(key);
      if (!this.live.has(key)) this.collection.set(entry.summary.uri, this.lint(entry.parsed).map((d) => toDiagnostic(d)));
    }
    const gone: vscode.Uri[] = [];
    this.collection.forEach((uri) => {
      const key = uri.toString();
      if (!known.has(key) && !this.live.has(key)) gone.push(uri);
    });
    for (const uri of gone) this.collection.delete(uri);
  }

  private lint(parsed: ParsedRunbook): RunbookDiagnostic[] {
    return lintRunbook(parsed, { today: new Date(), reviewIntervalDays: this.index.reviewIntervalDays, strict: this.index.strictLint });
  }
}

/** Whole lines: the linter reports lines, and a line is what the user fixes. */
function toDiagnostic(d: RunbookDiagnostic, lineEnd: (line: number) => number = () => Number.MAX_SAFE_INTEGER): vscode.Diagnostic {
  const endLine = d.endLine ?? d.line;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(d.line, 0, endLine, lineEnd(endLine)), d.message, severityOf(d.severity));
  diagnostic.source = 'Incident Desk';
  diagnostic.code = d.code;
  return diagnostic;
}

function severityOf(severity: RunbookDiagnostic['severity']): vscode.DiagnosticSeverity {
  return severity === 'error' ? vscode.DiagnosticSeverity.Error : severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}
