import * as vscode from 'vscode';

/**
 * A single-choice quick pick whose highlight starts on `active` instead of the first
 * item, which is all `showQuickPick` can do. Resolves to the accepted item, or
 * undefined when the user dismisses it.
 */
export function pickWithActive<T extends vscode.QuickPickItem>(items: readonly T[], active: T | undefined, options: { placeholder: string; matchOnDetail?: boolean }): Promise<T | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  pick.items = items;
  if (active) pick.activeItems = [active];
  pick.placeholder = options.placeholder;
  pick.matchOnDetail = options.matchOnDetail ?? false;
  return new Promise((resolve) => {
    let accepted: T | undefined;
    pick.onDidAccept(() => {
      accepted = pick.selectedItems[0] ?? pick.activeItems[0];
      pick.hide();
    });
    // Hiding (accepted, Escape or focus lost) is the one place the pick ends.
    pick.onDidHide(() => {
      pick.dispose();
      resolve(accepted);
    });
    pick.show();
  });
}
