import * as vscode from 'vscode';
import { Disposable } from '../platform/dispose';
import type { Settings } from '../platform/settings';
import { isRetrospectiveDocument } from './retrospectiveFiles';

export const IS_RETROSPECTIVE_KEY = 'incidentDesk.isRetrospective';

/** Keeps `incidentDesk.isRetrospective` true exactly while the active editor shows a retrospective (it drives the Submit button). */
export class RetrospectiveContextKey extends Disposable {
  private current: boolean | undefined;

  constructor(private readonly settings: Settings) {
    super();
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    // The front matter can be typed or deleted while the file is open.
    this._register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.update();
      }),
    );
    this._register(settings.onDidChange((affects) => affects('retrospectives.folder') && this.update()));
    this.update();
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const value = document !== undefined && isRetrospectiveDocument(document, this.settings.retrospectivesFolder);
    if (value === this.current) return;
    this.current = value;
    void vscode.commands.executeCommand('setContext', IS_RETROSPECTIVE_KEY, value);
  }
}
