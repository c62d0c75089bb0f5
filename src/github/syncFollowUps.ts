import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { applyIssueStates, linkedIssueNumber, type FollowUpStatusResult, type IssueState } from '../core/retrospectives/followUpStatus';
import { parseRetrospective } from '../core/retrospectives/parse';
import { FOLLOW_UP_LABEL } from '../core/retrospectives/pullRequest';
import { defaultApiBaseUrl, parseRemoteUrl } from '../core/retrospectives/remoteUrl';
import { writeFileAtomic } from '../shared/atomicFile';
import { SubmitError } from './errors';
import { RetroGit } from './git';
import { Redactor, silentLogger, type Logger } from './logger';
import { createGitHubClient } from './octokit';
import { once } from './once';
import { RepoApi } from './repoApi';

export interface SyncFollowUpsOptions {
  repoDir: string;
  /** The retrospective, absolute or relative to repoDir. */
  file: string;
  tokenProvider: () => Promise<string>;
  apiBaseUrl?: string;
  onUnauthorized?: () => void;
  log?: Logger;
  /** Write the result to the file (the CLI); the editor applies it as an undoable edit instead. */
  write?: boolean;
}

export interface SyncFollowUpsResult extends FollowUpStatusResult {
  path: string;
  changed: boolean;
}

/**
 * "Tracked to done": reads the state of every follow-up's GitHub issue and ticks the
 * follow-ups whose issue is closed. One listing call finds the follow-up issues of the
 * incident (labels `follow-up` + its id); an issue linked by hand is looked up alone.
 * Reads only: nothing is committed or pushed.
 */
export async function syncFollowUpStatus(options: SyncFollowUpsOptions): Promise<SyncFollowUpsResult> {
  const redactor = new Redactor();
  const log = redactor.logger(options.log ?? silentLogger);
  const onUnauthorized = once(options.onUnauthorized);
  try {
    const git = await RetroGit.open(options.repoDir, log, (t) => redactor.redact(t));
    const path = join(git.toplevel, git.relativePath(resolve(options.repoDir, options.file)));
    const markdown = await readFile(path, 'utf8');
    const parsed = parseRetrospective(markdown);
    if (!parsed.frontMatter) throw new SubmitError('invalid_file', `${path} has no retrospective front matter.`);
    const wanted = new Set(parsed.followUps.map(linkedIssueNumber).filter((n): n is number => n !== undefined));
    if (wanted.size === 0) return { path, changed: false, markdown, ticked: [], doneButOpen: [], unknown: [] };

    const remoteUrl = await git.remoteUrl(await git.remoteFor(`retro/${parsed.frontMatter.id}`));
    const repoRef = parseRemoteUrl(remoteUrl);
    if (!repoRef) throw new SubmitError('no_remote', 'The remote is not a GitHub repository URL.');
    const tokenProvider = async () => {
      const token = (await options.tokenProvider()).trim();
      if (token === '') throw new SubmitError('unauthorized', 'No GitHub credentials: the token is empty.');
      redactor.add(token);
      return token;
    };
    const octokit = await createGitHubClient({ baseUrl: options.apiBaseUrl ?? defaultApiBaseUrl(repoRef), tokenProvider, log, onUnauthorized });
    const api = new RepoApi(octokit, repoRef.owner, repoRef.repo, log, (t) => redactor.redact(t));

    const states = new Map<number, IssueState>();
    for (const issue of await api.issuesWithLabels([FOLLOW_UP_LABEL, parsed.frontMatter.id])) if (wanted.has(issue.number)) states.set(issue.number, issue.state);
    for (const number of wanted) {
      if (states.has(number)) continue;
      const state = await api.issueState(number);
      if (state) states.set(number, state);
    }
    const result = applyIssueStates(markdown, states);
    const changed = result.markdown !== markdown;
    if (changed && options.write) await writeFileAtomic(path, result.markdown);
    log.info(`follow-ups of ${parsed.frontMatter.id}: ${result.ticked.length} newly done, ${result.doneButOpen.length} ticked while open, ${result.unknown.length} not found`);
    return { ...result, path, changed };
  } catch (error) {
    const failure = error instanceof SubmitError ? new SubmitError(error.kind, redactor.redact(error.message)) : new SubmitError('git', redactor.redact(error instanceof Error ? error.message : String(error)));
    if (failure.kind === 'unauthorized') onUnauthorized();
    throw failure;
  }
}
