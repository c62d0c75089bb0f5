import * as vscode from 'vscode';
import type { Settings } from '../platform/settings';
import { CodeMemoryCodeLensProvider, CodeMemoryHoverProvider } from './codeMemoryProviders';
import { CodeMemoryStore } from './codeMemoryStore';

const CODE_LENS_SETTING = 'codeMemory.codeLens';

/**
 * Incident memory in the code: a hover (and, unless `incidentDesk.codeMemory.codeLens` is
 * off, a CodeLens on the enclosing function) on lines last changed by a commit that a
 * retrospective names as the trigger or the fix of an incident.
 */
export function registerCodeMemory(deps: { context: vscode.ExtensionContext; settings: Settings; log: vscode.LogOutputChannel }): void {
  const store = new CodeMemoryStore(deps.settings, deps.log);
  const lensesChanged = new vscode.EventEmitter<void>();
  const enabled = (): boolean => vscode.workspace.getConfiguration('incidentDesk').get<boolean>(CODE_LENS_SETTING) !== false;
  const selector: vscode.DocumentSelector = { scheme: 'file' };
  deps.context.subscriptions.push(
    store,
    lensesChanged,
    store.onDidChange(() => lensesChanged.fire()),
    deps.settings.onDidChange((affects) => {
      if (affects(CODE_LENS_SETTING) || affects('retrospectives.folder')) lensesChanged.fire();
    }),
    vscode.languages.registerHoverProvider(selector, new CodeMemoryHoverProvider(store)),
    vscode.languages.registerCodeLensProvider(selector, new CodeMemoryCodeLensProvider(store, enabled, lensesChanged.event)),
  );
}
