import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import type { Command } from '../platform/commandManager';
import { SecretKeys, type Secrets } from '../platform/secrets';
import { reportFailure } from './userMessages';

/**
 * "Set GitHub Token": a password box, and the token goes to SecretStorage only. It takes
 * no argument on purpose: a token in a command argument would end up in keybindings.json.
 * When SecretStorage fails nothing is written anywhere else, and the user is told.
 */
export function setGitHubTokenCommand(deps: { secrets: Secrets; log: vscode.LogOutputChannel }): Command {
  return {
    id: CommandIds.setGitHubToken,
    execute: async (): Promise<boolean> => {
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
        reportFailure(deps.log, 'The GitHub token was not saved', error);
        return false;
      }
      deps.log.info('GitHub token saved in secret storage.');
      void vscode.window.showInformationMessage('Incident Desk: GitHub token saved in secret storage.');
      return true;
    },
  };
}
