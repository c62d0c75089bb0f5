import { parseRemoteUrl, repoWebUrl } from '../core/retrospectives/remoteUrl';
import type { CommitInfo } from '../core/retrospectives/timeline';
import { RetroGit } from './git';
import type { Logger } from './logger';

/** Reads the repository's commits between two instants (asynchronously: git runs in a child process). */
export type CommitReader = (repoDir: string, range: { since: Date; until: Date }) => Promise<CommitInfo[]>;

/**
 * Reads commits with the same git code the submit flow uses, so the extension host
 * never blocks. Commits link to their page when `origin` is a GitHub repository.
 */
export function createCommitReader(log: Logger): CommitReader {
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
