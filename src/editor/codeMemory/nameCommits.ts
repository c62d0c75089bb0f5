import * as vscode from 'vscode';
import { fullCommitSha } from '../../app/insights/node/gitBlame';
import { repositoryRoot } from '../../app/insights/node/repositoryRoot';
import { readFrontMatter, updateFrontMatter } from '../../core/retrospectives/frontMatter';
import { timelineCommits } from '../../core/retrospectives/timelineCommits';
import { CommandIds } from '../commandIds';
import { defineCommand, type Command } from '../platform/commandCenter';

/**
 * "Name Trigger and Fix Commits…" on the open retrospective: pick commits from its
 * timeline, say whether they triggered or fixed the incident, and the front matter's
 * `trigger_commits` or `fix_commits` is set (full shas, resolved with git) as an
 * undoable edit. Change failure rate and the memory in the code read these lists.
 */
export function nameCommitsCommand(): Command {
  return defineCommand(
    { id: CommandIds.nameRetrospectiveCommits, title: 'Name Trigger and Fix Commits', args: [], trust: { action: 'Naming trigger and fix commits (runs git in the workspace)', refused: false } },
    async (): Promise<boolean> => {
      const editor = vscode.window.activeTextEditor;
      const document = editor?.document;
      if (!document || document.languageId !== 'markdown' || !readFrontMatter(document.getText().split(/\r?\n/)).frontMatter) {
        void vscode.window.showInformationMessage('Incident Desk: open a retrospective first.');
        return false;
      }
      const commits = timelineCommits(document.getText());
      if (commits.length === 0) {
        void vscode.window.showInformationMessage('Incident Desk: the retrospective’s timeline lists no commits. Refresh the timeline first.');
        return false;
      }
      const role = await vscode.window.showQuickPick(
        [
          { label: 'Triggered the incident', key: 'trigger_commits' as const },
          { label: 'Fixed the incident', key: 'fix_commits' as const },
        ],
        { placeHolder: 'The commits you pick next…' },
      );
      if (!role) return false;
      const current = readFrontMatter(document.getText().split(/\r?\n/)).frontMatter?.[role.key] ?? [];
      const picked = await vscode.window.showQuickPick(
        commits.map((c) => ({ label: c.sha, description: c.line, picked: current.some((s) => s.startsWith(c.sha) || c.sha.startsWith(s)), sha: c.sha })),
        { canPickMany: true, placeHolder: role.label },
      );
      if (!picked) return false;
      const folder = vscode.workspace.getWorkspaceFolder(document.uri);
      const root = folder && folder.uri.scheme === 'file' ? await repositoryRoot(folder.uri.fsPath) : undefined;
      const shas = await Promise.all(picked.map(async (p) => (root ? ((await fullCommitSha(root, p.sha)) ?? p.sha) : p.sha)));
      const updated = updateFrontMatter(document.getText(), { [role.key]: shas });
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), updated);
      return vscode.workspace.applyEdit(edit);
    },
  );
}
