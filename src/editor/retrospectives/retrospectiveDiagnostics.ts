import * as vscode from 'vscode';
import { parseRetrospective, type RetroDiagnostic } from '../../core/retrospectives';
import { Disposable } from '../platform/dispose';
import type { Settings } from '../platform/settings';
import { isRetrospectiveDocument } from './retrospectiveFiles';

/** Typing should not re-parse on every keystroke; a pause this long is enough. */
const CHANGE_DELAY_MS = 150;

/**
 * Problems in open retrospectives — malformed follow-up lines, broken front matter,
 * missing sections or timeline markers — shown on their lines in the Problems panel,
 * so nothing a team wrote is silently dropped when the file is submitted.
 */
export class RetrospectiveDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('incident-desk-retrospectives'));
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly settings: Settings) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((document) => this.update(document)));
    this._register(vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)));
    this._register(settings.onDidChange((affects) => affects('retrospectives.folder') && this.updateAll()));
    this._register({ dispose: () => this.cancelAll() });
    this.updateAll();
  }

  /** Re-checks a document now (used after the feature itself changes a file). */
  update(document: vscode.TextDocument): void {
    this.cancel(document.uri);
    if (this.isDisposed) return;
    if (!isRetrospectiveDocument(document, this.settings.retrospectivesFolder)) {
      this.collection.delete(document.uri);
      return;
    }
    const { diagnostics } = parseRetrospective(document.getText());
    this.collection.set(document.uri, diagnostics.map((d) => toDiagnostic(document, d)));
  }

  private updateAll(): void {
    for (const document of vscode.workspace.textDocuments) this.update(document);
  }

  private schedule(document: vscode.TextDocument): void {
    this.cancel(document.uri);
    this.pending.set(
      document.uri.toString(),
      setTimeout(() => this.update(document), CHANGE_DELAY_MS),
    );
  }

  private forget(uri: vscode.Uri): void {
    this.cancel(uri);
    this.collection.delete(uri);
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.pending.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.pending.delete(key);
  }

  private cancelAll(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}

function toDiagnostic(document: vscode.TextDocument, problem: RetroDiagnostic): vscode.Diagnostic {
  const lineIndex = Math.min(Math.max(problem.line - 1, 0), Math.max(document.lineCount - 1, 0));
  const range = document.lineAt(lineIndex).range;
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
  diagnostic.source = 'Incident Desk';
  return diagnostic;
}
