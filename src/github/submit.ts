import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidBranchNameError, retroBranchName } from '../core/retrospectives/naming';
import { hasErrors, linkFollowUpIssues, parseRetrospective, syncFrontMatter, type IssueLink, type ParsedRetrospective } from '../core/retrospectives/parse';
import { FOLLOW_UP_LABEL, followUpIssue, pullRequestBody, pullRequestLabels, pullRequestTitle } from '../core/retrospectives/pullRequest';
import { defaultApiBaseUrl, parseRemoteUrl } from '../core/retrospectives/remoteUrl';
import type { RetroFrontMatter } from '../core/retrospectives/frontMatter';
import { SubmitError } from './errors';
import { writeFileAtomic } from '../shared/atomicFile';
import { RetroGit } from './git';
import { gitAuthEnv } from './gitEnv';
import { Redactor, silentLogger, type Logger } from './logger';
import { createGitHubClient } from './octokit';
import { once } from './once';
import { RepoApi, type PullRequestInfo } from './repoApi';

/**
 * "Submit retrospective": the file goes to GitHub as a pull request on `retro/<id>`, its
 * open follow-ups become issues, and the issue numbers come back into the file in a second
 * commit — so submitting again finds everything and creates nothing twice.
 *
 * Git: the commit is built with plumbing (a temporary index + commit-tree + a
 * compare-and-swap update-ref), so the user's index, working tree, stash and checked-out
 * branch are never touched; only this one file is committed.
 */

export type SubmitStep = 'prepare' | 'commit' | 'push' | 'pull_request' | 'issues' | 'write_back' | 'done';

export interface SubmitProgress {
  step: SubmitStep;
  message: string;
}

export interface SubmitOptions {
  /** Any folder inside the repository's work tree. */
  repoDir: string;
  /** The retrospective, absolute or relative to repoDir. */
  file: string;
  /** Resolves to a GitHub token (already signed in); rejecting means "no token". */
  tokenProvider: () => Promise<string>;
  /** GitHub's REST base; by default derived from the remote (api.github.com, or HOST/api/v3). */
  apiBaseUrl?: string;
  onProgress?: (progress: SubmitProgress) => void;
  /** Called once per submit when GitHub or the git remote refuses the credentials. */
  onUnauthorized?: () => void;
  log?: Logger;
  /** See GitHubClientOptions.pacing: 'none' only for local test servers. */
  pacing?: 'github' | 'none';
}

export interface CreatedIssue {
  title: string;
  number: number;
  url: string;
}

export interface SubmitResult {
  prUrl: string;
  prNumber: number;
  reusedPr: boolean;
  /** Issues created by this submit (not ones found from an earlier one). */
  createdIssues: CreatedIssue[];
  /** Commits made by this submit, oldest first. */
  commits: string[];
  branch: string;
}

export async function submitRetrospective(options: SubmitOptions): Promise<SubmitResult> {
  const redactor = new Redactor();
  const log = redactor.logger(options.log ?? silentLogger);
  const reportUnauthorized = once(options.onUnauthorized);
  const submit = new Submit(options, redactor, log, reportUnauthorized);
  try {
    return await submit.run();
  } catch (error) {
    const failure =
      error instanceof SubmitError
        ? new SubmitError(error.kind, redactor.redact(error.message), submit.partial())
        : new SubmitError('git', redactor.redact(error instanceof Error ? error.message : String(error)), submit.partial());
    if (failure.kind === 'unauthorized') reportUnauthorized();
    log.error(failure.message);
    throw failure;
  }
}

class Submit {
  private readonly commits: string[] = [];
  private readonly createdIssues: CreatedIssue[] = [];
  private prUrl: string | undefined;

  constructor(
    private readonly options: SubmitOptions,
    private readonly redactor: Redactor,
    private readonly log: Logger,
    private readonly reportUnauthorized: () => void,
  ) {}

  partial(): { commits: string[]; prUrl?: string; createdIssues: number[] } {
    return { commits: [...this.commits], createdIssues: this.createdIssues.map((i) => i.number), ...(this.prUrl ? { prUrl: this.prUrl } : {}) };
  }

  async run(): Promise<SubmitResult> {
    this.progress('prepare', 'Reading the retrospective…');
    const git = await RetroGit.open(this.options.repoDir, this.log, (t) => this.redactor.redact(t));
    const relPath = git.relativePath(resolve(this.options.repoDir, this.options.file));
    const absPath = join(git.toplevel, relPath);
    let markdown = readFileSync(absPath, 'utf8');
    const frontMatter = readable(parseRetrospective(markdown), relPath);
    const branch = branchFor(frontMatter.id);

    const remote = await git.remoteFor(branch);
    const remoteUrl = await git.remoteUrl(remote);
    const repoRef = parseRemoteUrl(remoteUrl);
    if (!repoRef) {
      throw new SubmitError('no_remote', `The remote '${remote}' (${withoutCredentials(remoteUrl)}) is not a GitHub repository URL (https://HOST/OWNER/REPO or git@HOST:OWNER/REPO).`);
    }
    const tokenProvider = async (): Promise<string> => {
      let token: string;
      try {
        token = (await this.options.tokenProvider()).trim();
      } catch (error) {
        throw new SubmitError('unauthorized', `No GitHub credentials: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (token === '') throw new SubmitError('unauthorized', 'No GitHub credentials: the token is empty.');
      this.redactor.add(token);
      return token;
    };
    const authEnv = gitAuthEnv(repoRef, await tokenProvider());
    const octokit = await createGitHubClient({
      baseUrl: this.options.apiBaseUrl ?? defaultApiBaseUrl(repoRef),
      tokenProvider,
      log: this.log,
      onUnauthorized: this.reportUnauthorized,
      ...(this.options.pacing ? { pacing: this.options.pacing } : {}),
    });
    const api = new RepoApi(octokit, repoRef.owner, repoRef.repo, this.log, (t) => this.redactor.redact(t));

    // Submitting moves a draft into review; the task list is copied into the front matter.
    const synced = syncFrontMatter(markdown, frontMatter.status === 'draft' ? { status: 'in-review' } : {});
    if (synced.markdown !== markdown) {
      await writeFileAtomic(absPath, synced.markdown);
      markdown = synced.markdown;
    }

    this.progress('commit', `Committing ${relPath} on ${branch}…`);
    const remoteState = await git.lsRemote(remote, branch, authEnv);
    const base = remoteState.defaultBranch ?? (await api.defaultBranch());
    await git.fetchBranches(remote, remoteState.branchSha ? [base, branch] : [base], authEnv);
    const local = await git.resolveRef(`refs/heads/${branch}`);
    const parent = await this.parentFor(git, { branch, local, remoteTip: remoteState.branchSha, remoteBase: `refs/remotes/${remote}/${base}` });
    await this.commit(git, { branch, relPath, parent, expectedOld: local, message: `Retrospective: ${frontMatter.id} ${frontMatter.title}` });
    await this.pushIfNeeded(git, remote, branch, remoteState.branchSha, authEnv);

    this.progress('pull_request', `Finding or opening the pull request for ${branch}…`);
    const parsed = parseRetrospective(markdown);
    const bodyBefore = pullRequestBody(parsed, relPath);
    let pull: PullRequestInfo;
    let reusedPr: boolean;
    const existing = await api.findOpenPull(branch);
    if (existing) {
      pull = existing;
      reusedPr = true;
      this.log.info(`Reusing the open pull request #${pull.number}.`);
    } else {
      ({ pull, reused: reusedPr } = await api.openPull({ title: pullRequestTitle(frontMatter), head: branch, base, body: bodyBefore }));
    }
    this.prUrl = pull.url;
    const missingLabels = pullRequestLabels(frontMatter).filter((l) => !pull.labels.includes(l));
    await api.addLabels(pull.number, missingLabels);

    const { links, failure } = await this.fileIssues(api, parsed, frontMatter, pull.url);

    if (links.length > 0) {
      this.progress('write_back', 'Writing the issue numbers into the retrospective…');
      markdown = linkFollowUpIssues(readFileSync(absPath, 'utf8'), links);
      await writeFileAtomic(absPath, markdown);
      const tip = await git.resolveRef(`refs/heads/${branch}`);
      const numbers = links.map((l) => `#${l.issueNumber}`).join(', ');
      await this.commit(git, { branch, relPath, parent: tip, expectedOld: tip, message: `Retrospective ${frontMatter.id}: link follow-up issues ${numbers}` });
      await this.pushIfNeeded(git, remote, branch, undefined, authEnv);
      // Keep the description current, unless someone has edited it since we wrote it.
      if (!reusedPr || pull.body === bodyBefore) {
        const bodyAfter = pullRequestBody(parseRetrospective(markdown), relPath);
        if (bodyAfter !== pull.body) await api.updatePullBody(pull.number, bodyAfter);
      }
    }
    if (failure) throw failure;

    this.progress('done', `Pull request #${pull.number} is ready: ${pull.url}`);
    return { prUrl: pull.url, prNumber: pull.number, reusedPr, createdIssues: [...this.createdIssues], commits: [...this.commits], branch };
  }

  /**
   * Where the next commit goes: on the local branch; fast-forwarded to the remote branch
   * when that is strictly ahead (a reviewer committed a suggestion) and the branch is not
   * checked out; on the remote branch when there is no local one; else on the default branch.
   */
  private async parentFor(git: RetroGit, at: { branch: string; local: string | undefined; remoteTip: string | undefined; remoteBase: string }): Promise<string> {
    if (at.local) {
      if (at.remoteTip && at.remoteTip !== at.local && (await git.headRef()) !== `refs/heads/${at.branch}` && (await git.isAncestor(at.local, at.remoteTip))) {
        return at.remoteTip;
      }
      return at.local;
    }
    if (at.remoteTip) return at.remoteTip;
    const base = await git.resolveRef(at.remoteBase);
    if (!base) throw new SubmitError('no_remote', `The remote has no default branch to start ${at.branch} from (${at.remoteBase}). Push the main branch first.`);
    return base;
  }

  private async commit(git: RetroGit, request: Parameters<RetroGit['commitFile']>[0]): Promise<void> {
    const commit = await git.commitFile(request);
    if (commit) {
      this.commits.push(commit);
      this.log.info(`Committed ${commit.slice(0, 7)} on ${request.branch}.`);
    } else {
      this.log.info(`${request.relPath} is already committed on ${request.branch}.`);
    }
  }

  private async pushIfNeeded(git: RetroGit, remote: string, branch: string, remoteTip: string | undefined, authEnv: Record<string, string>): Promise<void> {
    const local = await git.resolveRef(`refs/heads/${branch}`);
    if (local === undefined || local === remoteTip) return;
    this.progress('push', `Pushing ${branch} to ${remote}…`);
    await git.push(remote, branch, authEnv);
  }

  /**
   * One issue per open follow-up without one. An issue from an earlier, interrupted submit
   * (same title, same labels) is linked instead of created again. Stops at the first
   * failure but returns what it linked, so those numbers are still written back.
   */
  private async fileIssues(api: RepoApi, parsed: ParsedRetrospective, frontMatter: RetroFrontMatter, prUrl: string): Promise<{ links: IssueLink[]; failure?: SubmitError }> {
    const pending = parsed.followUps.filter((f) => f.issue === null && !f.done);
    const links: IssueLink[] = [];
    if (pending.length === 0) return { links };
    this.progress('issues', `Filing ${pending.length} follow-up${pending.length === 1 ? '' : 's'} as GitHub issues…`);
    try {
      const drafts = pending.map((followUp) => ({ followUp, draft: followUpIssue(frontMatter, followUp, prUrl) }));
      const labels = drafts[0]?.draft.labels ?? [FOLLOW_UP_LABEL];
      const earlier = await api.issuesWithLabels(labels);
      for (const { followUp, draft } of drafts) {
        const found = earlier.find((issue) => issue.title === draft.title && !links.some((l) => l.issueNumber === issue.number));
        if (found) {
          this.log.info(`Linking existing issue #${found.number} for '${followUp.title}'.`);
          links.push({ line: followUp.line, title: followUp.title, issueNumber: found.number });
          continue;
        }
        const issue = await api.createIssue(draft);
        this.createdIssues.push({ title: followUp.title, number: issue.number, url: issue.url });
        links.push({ line: followUp.line, title: followUp.title, issueNumber: issue.number });
        this.log.info(`Created issue #${issue.number} for '${followUp.title}'.`);
      }
      return { links };
    } catch (error) {
      const failure = error instanceof SubmitError ? error : api.toError(error, 'creating follow-up issues');
      return { links, failure };
    }
  }

  private progress(step: SubmitStep, message: string): void {
    this.log.info(message);
    this.options.onProgress?.({ step, message });
  }
}

function readable(parsed: ParsedRetrospective, relPath: string): RetroFrontMatter {
  if (hasErrors(parsed) || !parsed.frontMatter) {
    const problems = parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => `  line ${d.line}: ${d.message}`);
    throw new SubmitError('invalid_file', `${relPath} has problems to fix before it can be submitted:\n${problems.join('\n')}`);
  }
  return parsed.frontMatter;
}

function branchFor(id: string): string {
  try {
    return retroBranchName(id);
  } catch (error) {
    if (error instanceof InvalidBranchNameError) throw new SubmitError('invalid_file', error.message);
    throw error;
  }
}

function withoutCredentials(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//');
}
