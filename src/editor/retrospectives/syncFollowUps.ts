import * as vscode from 'vscode';
import { syncFollowUpStatus, type SyncFollowUpsResult } from '../../github/syncFollowUps';
import { CommandIds } from '../commandIds';
import { defineCommand, type Command } from '../platform/commandManager';
import type { Settings } from '../platform/settings';
import type { GitHubAuth } from './gitHubAuth';
import { repositoryFolder } from './repositoryFolder';
import { configuredApiBaseUrl, submitArg, type SubmitArgument } from './submitRetrospective';
import { UserFacingError } from './userMessages';

export interface SyncFollowUpsDeps {
  settings: Settings;
  log: vscode.LogOutputChannel;
  auth: GitHubAuth;
}

/**
 * "Update Follow-up Status from GitHub": ticks the follow-ups whose issue is closed, as
 * an ordinary (undoable) edit of those lines, then saves. Boxes ticked while the issue
 * is still open are pointed out, never unticked. Argument as for submit.
 */
export function syncFollowUpsCommand(deps: SyncFollowUpsDeps): Command {
  // Trust: it runs git in the workspace and sends its token to the configured GitHub.
  return defineCommand({ id: CommandIds.syncFollowUps, title: 'Update Follow-up Status', args: [submitArg], trust: { action: 'Updating follow-up status' } }, (given) => sync(deps, given));
}

async function sync(deps: SyncFollowUpsDeps, given: SubmitArgument): Promise<SyncFollowUpsResult | undefined> {
  const uri = given.uri ?? vscode.window.activeTextEditor?.document.uri;
  if (uri === undefined) throw new UserFacingError('Open the retrospective first.');
  const document = await vscode.workspace.openTextDocument(uri);
  if (uri.scheme !== 'file') throw new UserFacingError('Save the retrospective in the repository first.');
  if (document.isDirty && !(await document.save())) throw new UserFacingError('The retrospective could not be saved, so its follow-ups were not updated.');
  const folder = await repositoryFolder(uri);
  if (folder === undefined) return undefined;

  const apiBaseUrl = given.apiBaseUrl ?? configuredApiBaseUrl(deps.settings);
  const credentials = deps.auth.forSubmit(apiBaseUrl ?? deps.settings.gitHubApiUrl, given.token);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Reading follow-up issues from GitHub' }, () =>
    syncFollowUpStatus({
      repoDir: folder.uri.fsPath,
      file: uri.fsPath,
      tokenProvider: credentials.tokenProvider,
      onUnauthorized: () => void credentials.onUnauthorized(),
      log: deps.log,
      ...(apiBaseUrl !== undefined ? { apiBaseUrl } : {}),
    }),
  );
  if (result.ticked.length > 0) {
    const newLines = result.markdown.split(/\r?\n/);
    const edit = new vscode.WorkspaceEdit();
    for (const followUp of result.ticked) {
      const line = followUp.line - 1;
      edit.replace(uri, document.lineAt(line).range, newLines[line] ?? document.lineAt(line).text);
    }
    if (!(await vscode.workspace.applyEdit(edit)) || !(await document.save())) throw new UserFacingError('The follow-up lines could not be updated; the file was left as it was.');
  }
  announce(result);
  return result;
}

function announce(result: SyncFollowUpsResult): void {
  const parts = [result.ticked.length === 0 ? 'No follow-up was newly closed on GitHub.' : `${result.ticked.length} follow-up(s) done: ${result.ticked.map((f) => f.title).join('; ')}.`];
  if (result.doneButOpen.length > 0) parts.push(`Ticked here but still open on GitHub: ${result.doneButOpen.map((f) => f.title).join('; ')}.`);
  if (result.unknown.length > 0) parts.push(`Issue not found for: ${result.unknown.map((f) => f.title).join('; ')}.`);
  const show = result.doneButOpen.length > 0 || result.unknown.length > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(`Incident Desk: ${parts.join(' ')}`);
}
