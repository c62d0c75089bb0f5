// Scaffold: the runbooks editor feature replaces this file.
import * as vscode from 'vscode';
import type { Settings } from '../platform/settings';
import type { RunbookCatalog, RunbookSummary } from '../shared/runbookCatalog';

export function createRunbookCatalog(_deps: { context: vscode.ExtensionContext; settings: Settings; log: vscode.LogOutputChannel }): RunbookCatalog & vscode.Disposable {
  const emitter = new vscode.EventEmitter<void>();
  const none: RunbookSummary[] = [];
  return { all: () => none, onDidChange: emitter.event, dispose: () => emitter.dispose() };
}
