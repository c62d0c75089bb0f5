import * as vscode from 'vscode';
import { UserFacingError } from './userMessages';

/**
 * The workspace folder that holds the repository: the one a file is in, the only one
 * open, or the one the user picks. Retrospectives run git, so it must be on disk.
 */
export async function repositoryFolder(forFile?: vscode.Uri): Promise<vscode.WorkspaceFolder | undefined> {
  const folder = forFile ? vscode.workspace.getWorkspaceFolder(forFile) : await onlyOrPicked();
  if (forFile && !folder) throw new UserFacingError(`${forFile.fsPath} is not inside an open workspace folder.`);
  if (folder && folder.uri.scheme !== 'file') {
    throw new UserFacingError(`The workspace folder ${folder.name} is not on this machine's disk, and retrospectives need its git repository.`);
  }
  return folder;
}

async function onlyOrPicked(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new UserFacingError('Open the repository the retrospective belongs in first (File > Open Folder).');
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which repository does the retrospective belong in?' });
}
