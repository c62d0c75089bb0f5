import * as vscode from 'vscode';

/**
 * Every command that runs something or sends workspace content somewhere calls this
 * first, inside its handler: a `when` clause hides a button but does not stop a
 * keybinding, a URI handler or another extension from invoking the command.
 */
export function requireWorkspaceTrust(action: string, isTrusted = () => vscode.workspace.isTrusted): Promise<boolean> {
  if (isTrusted()) return Promise.resolve(true);
  const manage = 'Manage Workspace Trust';
  // The refusal is immediate; the notification stays for the user to act on later.
  void vscode.window.showWarningMessage(`Incident Desk: ${action} needs a trusted workspace. Nothing was run.`, manage).then((choice) => {
    if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return Promise.resolve(false);
}
