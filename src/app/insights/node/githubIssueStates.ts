import { FOLLOW_UP_LABEL } from '../../../core/retrospectives/pullRequest';
import { defaultApiBaseUrl, parseRemoteUrl } from '../../../core/retrospectives/remoteUrl';
import { RetroGit } from '../../../github/git';
import { Redactor, silentLogger } from '../../../github/logger';
import { createGitHubClient } from '../../../github/octokit';
import { RepoApi } from '../../../github/repoApi';

/**
 * Follow-up issue states from GitHub, as `retro sync` reads them: one listing of the
 * issues labelled `follow-up` (every incident's), then the linked issues it did not
 * return, one by one. Only with a token; the repository's `origin` must be on GitHub.
 */
export function githubIssueStates(options: { repoDir: string; token: string; apiBaseUrl?: string }): (numbers: readonly number[]) => Promise<ReadonlyMap<number, 'open' | 'closed'>> {
  return async (numbers) => {
    const redactor = new Redactor();
    redactor.add(options.token);
    const log = redactor.logger(silentLogger);
    const git = await RetroGit.open(options.repoDir, log, (t) => redactor.redact(t));
    const ref = parseRemoteUrl(await git.remoteUrl('origin'));
    if (!ref) throw new Error('the origin remote is not a GitHub repository');
    const octokit = await createGitHubClient({ baseUrl: options.apiBaseUrl ?? defaultApiBaseUrl(ref), tokenProvider: async () => options.token, log });
    const api = new RepoApi(octokit, ref.owner, ref.repo, log, (t) => redactor.redact(t));
    const wanted = new Set(numbers);
    const states = new Map<number, 'open' | 'closed'>();
    for (const issue of await api.issuesWithLabels([FOLLOW_UP_LABEL])) if (wanted.has(issue.number)) states.set(issue.number, issue.state);
    for (const number of wanted) {
      if (states.has(number)) continue;
      const state = await api.issueState(number);
      if (state) states.set(number, state);
    }
    return states;
  };
}
