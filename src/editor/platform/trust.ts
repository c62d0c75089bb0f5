import * as vscode from 'vscode';

/**
 * Every command that runs something or sends workspace content somewhere is refused
 * in an untrusted workspace, inside its handler: a `when` clause hides a button but
 * does not stop a keybinding, a URI handler or another extension from invoking it.
 * The command wrapper does this for specs with `trust`; the runner checks again
 * itself, so its outcome says 'untrusted'.
 */
export function requireWorkspaceTrust(action: string, isTrusted = () => vscode.workspace.isTrusted): Promise<boolean> {
  if (isTrusted()) return Promise.resolve(true);
  refuseUntrusted(action);
  return Promise.resolve(false);
}

/** The refusal is immediate; the notification stays for the user to act on later. */
export function refuseUntrusted(action: string): void {
  const manage = 'Manage Workspace Trust';
  void vscode.window.showWarningMessage(`Incident Desk: ${action} needs a trusted workspace. Nothing was run.`, manage).then((choice) => {
    if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
  });
}
