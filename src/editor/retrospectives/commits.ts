import type * as vscode from 'vscode';
import { parseRemoteUrl, repoWebUrl } from '../../core/retrospectives';
import { RetroGit } from '../../github/git';
import type { CommitReader } from './timelineSources';

/**
 * Reads commits with the same git code the submit flow uses (git runs as a child
 * process, so the extension host never blocks). Commits link to their page when
 * `origin` is a GitHub repository.
 */
export function createCommitReader(log: vscode.LogOutputChannel): CommitReader {
  return async (repoDir, range) => {
    const git = await RetroGit.open(repoDir, log);
    const web = await git
      .remoteUrl('origin')
      .then((url) => parseRemoteUrl(url))
      .catch(() => undefined);
    const base = web ? repoWebUrl(web) : undefined;
    return git.commitsBetween(range.since, range.until, base ? (sha) => `${base}/commit/${sha}` : undefined);
  };
}
