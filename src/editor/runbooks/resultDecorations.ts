import * as vscode from 'vscode';
import { formatStepResult } from '../../core/runbooks/runResults';
import { Disposable } from '../platform/dispose';
import type { RunbookDocuments } from './runbookDocuments';
import type { StepResults } from './stepResults';

/**
 * Each step's last result after its opening fence, coloured: passed, failed, or
 * unknown (a warning colour, never the passed one).
 */
export class ResultDecorations extends Disposable {
  private readonly passed = this._register(decoration('testing.iconPassed'));
  private readonly failed = this._register(decoration('testing.iconFailed'));
  private readonly unknown = this._register(decoration('editorWarning.foreground'));
  /** Documents that have shown decorations, so typing in any other costs nothing. */
  private readonly decorated = new Set<string>();

  constructor(
    private readonly documents: RunbookDocuments,
    private readonly results: StepResults,
  ) {
    super();
    this._register(results.onDidChange((uri) => this.updateEditorsOf(uri)));
    this._register(vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.update(e))));
    this._register(vscode.workspace.onDidChangeTextDocument((event) => this.updateEditorsOf(event.document.uri)));
    vscode.window.visibleTextEditors.forEach((e) => this.update(e));
  }

  private updateEditorsOf(uri: vscode.Uri): void {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === uri.toString()) this.update(editor);
  }

  private update(editor: vscode.TextEditor): void {
    const passed: vscode.DecorationOptions[] = [];
    const failed: vscode.DecorationOptions[] = [];
    const unknown: vscode.DecorationOptions[] = [];
    const key = editor.document.uri.toString();
    const stored = this.results.all(editor.document.uri);
    if (stored.length === 0 && !this.decorated.has(key)) return;
    if (stored.length > 0 && this.documents.isRunbook(editor.document)) {
      for (const step of this.documents.parse(editor.document).steps) {
        const result = this.results.forStep(editor.document.uri, step);
        if (!result || result.running) continue;
        const line = editor.document.lineAt(step.range.startLine);
        const option: vscode.DecorationOptions = {
          range: new vscode.Range(line.range.end, line.range.end),
          renderOptions: { after: { contentText: `  ${formatStepResult(result)}` } },
        };
        (result.exitCode === null ? unknown : result.exitCode === 0 ? passed : failed).push(option);
      }
    }
    // Kept once added: another editor of the same document may still need clearing.
    if (passed.length + failed.length + unknown.length > 0) this.decorated.add(key);
    editor.setDecorations(this.passed, passed);
    editor.setDecorations(this.failed, failed);
    editor.setDecorations(this.unknown, unknown);
  }
}

function decoration(color: string): vscode.TextEditorDecorationType {
  return vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor(color), margin: '0 0 0 1em', fontStyle: 'italic' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
}
