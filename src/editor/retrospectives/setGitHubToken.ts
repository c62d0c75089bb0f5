import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import { defineCommand, type Command } from '../platform/commandManager';
import { reportError } from '../platform/errorReport';
import { SecretKeys, type Secrets } from '../platform/secrets';

/**
 * "Set GitHub Token": a password box, and the token goes to SecretStorage only. It takes
 * no argument on purpose: a token in a command argument would end up in keybindings.json.
 * When SecretStorage fails nothing is written anywhere else, and the user is told.
 */
export function setGitHubTokenCommand(deps: { secrets: Secrets; log: vscode.LogOutputChannel }): Command {
  return defineCommand({ id: CommandIds.setGitHubToken, title: 'Set GitHub Token', args: [] }, async (): Promise<boolean> => {
      const token = await vscode.window.showInputBox({
        title: 'Incident Desk: GitHub Token',
        prompt: 'A personal access token that can push branches and open pull requests and issues (classic: the repo scope). Kept only in VS Code secret storage.',
        password: true,
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? 'Paste a token, or press Escape to cancel.' : /\s/.test(value.trim()) ? 'A token has no spaces in it.' : undefined),
      });
      if (token === undefined) return false;
      try {
        await deps.secrets.set(SecretKeys.gitHubToken, token.trim());
      } catch (error) {
        reportError(deps.log, 'Saving the GitHub token', error);
        return false;
      }
      deps.log.info('GitHub token saved in secret storage.');
      void vscode.window.showInformationMessage('Incident Desk: GitHub token saved in secret storage.');
      return true;
  });
}
