import * as vscode from 'vscode';

/**
 * Every command that runs something or sends workspace content somewhere calls this
 * first, inside its handler: a `when` clause hides a button but does not stop a
 * keybinding, a URI handler or another extension from invoking the command.
 */
export async function requireWorkspaceTrust(action: string, isTrusted = () => vscode.workspace.isTrusted): Promise<boolean> {
  if (isTrusted()) return true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(
    `Incident Desk: ${action} needs a trusted workspace. Nothing was run.`,
    manage,
  );
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
