import * as vscode from 'vscode';
import { Disposable } from '../platform/dispose';
import type { RunbookDocuments } from './runbookDocuments';

export const IS_RUNBOOK_CONTEXT_KEY = 'incidentDesk.isRunbook';

/** `incidentDesk.isRunbook` for the active editor: shows Run All in the editor title bar. */
export class RunbookContextKey extends Disposable {
  private current: boolean | undefined;

  constructor(private readonly documents: RunbookDocuments) {
    super();
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    // Adding runbook front matter to a file makes it a runbook while it is open.
    this._register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.update();
      }),
    );
    this.update();
  }

  /** Re-evaluates the active editor (also when the runbook globs or index change). */
  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const value = document !== undefined && this.documents.isRunbook(document);
    if (value === this.current) return;
    this.current = value;
    void vscode.commands.executeCommand('setContext', IS_RUNBOOK_CONTEXT_KEY, value);
  }
}
