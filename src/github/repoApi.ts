import type { IssueDraft } from '../core/retrospectives/pullRequest';
import { SubmitError } from './errors';
import type { Logger } from './logger';
import type { GitHubClient } from './octokit';

/**
 * The handful of GitHub REST calls a retrospective needs, on one repository, with the
 * documented failure shapes turned into decisions (reuse the existing PR, drop an
 * assignee GitHub will not accept) or into a SubmitError that says what to do.
 */

export interface PullRequestInfo {
  number: number;
  url: string;
  body: string;
  labels: string[];
}

export interface IssueInfo {
  number: number;
  url: string;
  title: string;
  state: 'open' | 'closed';
}

export class RepoApi {
  constructor(
    private readonly octokit: GitHubClient,
    readonly owner: string,
    readonly repo: string,
    private readonly log: Logger,
    private readonly redact: (text: string) => string,
  ) {}

  async defaultBranch(): Promise<string> {
    const response = await this.call('reading the repository', () => this.octokit.rest.repos.get({ owner: this.owner, repo: this.repo }));
    return response.data.default_branch;
  }

  /** The open pull request whose head is this repository's `branch`, if any. */
  async findOpenPull(branch: string): Promise<PullRequestInfo | undefined> {
    const response = await this.call('looking for an open pull request', () =>
      this.octokit.rest.pulls.list({ owner: this.owner, repo: this.repo, head: `${this.owner}:${branch}`, state: 'open', per_page: 10 }),
    );
    const pull = response.data[0];
    return pull ? toPull(pull) : undefined;
  }

  /** Opens the pull request; when GitHub says one already exists for the branch, returns that one instead. */
  async openPull(request: { title: string; head: string; base: string; body: string }): Promise<{ pull: PullRequestInfo; reused: boolean }> {
    try {
      const response = await this.octokit.rest.pulls.create({
        owner: this.owner,
        repo: this.repo,
        ...request,
        // A retried POST could open a second pull request; the 422 below covers a resubmit instead.
        request: { retries: 0 },
      });
      return { pull: toPull(response.data), reused: false };
    } catch (error) {
      if (statusOf(error) === 422 && /pull request already exists/i.test(validationText(error))) {
        this.log.info(`A pull request for ${request.head} already exists; linking it.`);
        const existing = await this.findOpenPull(request.head);
        if (existing) return { pull: existing, reused: true };
      }
      throw this.toError(error, 'opening the pull request');
    }
  }

  async addLabels(issueNumber: number, labels: readonly string[]): Promise<void> {
    if (labels.length === 0) return;
    await this.call('labelling the pull request', () =>
      this.octokit.rest.issues.addLabels({ owner: this.owner, repo: this.repo, issue_number: issueNumber, labels: [...labels] }),
    );
  }

  async updatePullBody(pullNumber: number, body: string): Promise<void> {
    await this.call('updating the pull request description', () =>
      this.octokit.rest.pulls.update({ owner: this.owner, repo: this.repo, pull_number: pullNumber, body }),
    );
  }

  /** Issues (not pull requests) carrying all these labels, open or closed. */
  async issuesWithLabels(labels: readonly string[]): Promise<IssueInfo[]> {
    const issues = await this.call('looking for existing follow-up issues', () =>
      this.octokit.paginate(this.octokit.rest.issues.listForRepo, { owner: this.owner, repo: this.repo, labels: labels.join(','), state: 'all', per_page: 100 }),
    );
    return issues.filter((issue) => !issue.pull_request).map((issue) => ({ number: issue.number, url: issue.html_url, title: issue.title, state: issue.state === 'closed' ? 'closed' : 'open' }));
  }

  /** One issue's state; undefined when it does not exist here (deleted, transferred, a typo). */
  async issueState(issueNumber: number): Promise<'open' | 'closed' | undefined> {
    try {
      const { data } = await this.octokit.rest.issues.get({ owner: this.owner, repo: this.repo, issue_number: issueNumber });
      return data.state === 'closed' ? 'closed' : 'open';
    } catch (error) {
      if ((error as { status?: number }).status === 404 || (error as { status?: number }).status === 410) return undefined;
      throw this.toError(error, `reading issue #${issueNumber}`);
    }
  }

  /**
   * Creates the issue. GitHub answers 422 when an assignee cannot be assigned in this
   * repository; the issue still matters more than the assignee, so it is created without.
   */
  async createIssue(draft: IssueDraft): Promise<IssueInfo> {
    const create = (assignees: string[]) =>
      this.octokit.rest.issues.create({
        owner: this.owner,
        repo: this.repo,
        title: draft.title,
        body: draft.body,
        labels: draft.labels,
        assignees,
        request: { retries: 0 },
      });
    try {
      const response = await create(draft.assignees);
      return { number: response.data.number, url: response.data.html_url, title: response.data.title, state: 'open' };
    } catch (error) {
      if (draft.assignees.length > 0 && statusOf(error) === 422 && /assignee/i.test(validationText(error))) {
        this.log.warn(`GitHub cannot assign ${draft.assignees.join(', ')} in ${this.owner}/${this.repo}; creating '${draft.title}' without an assignee.`);
        try {
          const response = await create([]);
          return { number: response.data.number, url: response.data.html_url, title: response.data.title, state: 'open' };
        } catch (retryError) {
          throw this.toError(retryError, `creating the issue '${draft.title}'`);
        }
      }
      throw this.toError(error, `creating the issue '${draft.title}'`);
    }
  }

  private async call<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw this.toError(error, doing);
    }
  }

  toError(error: unknown, doing: string): SubmitError {
    return toSubmitError(error, doing, `${this.owner}/${this.repo}`, this.redact);
  }
}

export function toSubmitError(error: unknown, doing: string, repo: string, redact: (text: string) => string): SubmitError {
  if (error instanceof SubmitError) return error;
  const status = statusOf(error);
  const detail = redact(githubMessage(error));
  const headers = (error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ?? {};
  if (status === 401) {
    return new SubmitError('unauthorized', `GitHub rejected the credentials while ${doing} (401 ${detail}). Sign in to GitHub again (or set a new token) and submit again.`);
  }
  if (status === 403 || status === 429) {
    if (headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(detail) || status === 429) {
      const reset = Number(headers['x-ratelimit-reset']);
      const when = Number.isFinite(reset) && reset > 0 ? ` It resets at ${new Date(reset * 1000).toISOString().slice(11, 16)} UTC.` : ' Wait a few minutes.';
      return new SubmitError('rate_limited', `GitHub's rate limit stopped ${doing} (${status} ${detail}).${when} Submitting again then continues where this stopped.`);
    }
    return new SubmitError('forbidden', `GitHub refused ${doing} in ${repo} (403 ${detail}). The token needs write access to the repository (the 'repo' scope).`);
  }
  if (status === 404) {
    return new SubmitError('not_found', `GitHub could not find ${repo} while ${doing} (404). Check the remote and that the token can see the repository.`);
  }
  if (status === 422) return new SubmitError('validation', `GitHub did not accept ${doing} (422 ${detail}${validationDetail(error, redact)}).`);
  if (status !== undefined && status >= 500) return new SubmitError('server', `GitHub had a server error while ${doing} (${status} ${detail}). Try again shortly.`);
  const message = redact(error instanceof Error ? error.message : String(error));
  return new SubmitError('network', `Could not reach GitHub while ${doing}: ${message}.`);
}

function toPull(pull: { number: number; html_url: string; body?: string | null; labels?: ({ name?: string } | string)[] }): PullRequestInfo {
  return {
    number: pull.number,
    url: pull.html_url,
    body: pull.body ?? '',
    labels: (pull.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== ''),
  };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status > 0 ? status : undefined;
}

interface GitHubErrorBody {
  message?: string;
  errors?: ({ message?: string; field?: string; code?: string; resource?: string } | string)[];
}

function body(error: unknown): GitHubErrorBody {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data;
  return typeof data === 'object' && data !== null ? (data as GitHubErrorBody) : {};
}

function githubMessage(error: unknown): string {
  return body(error).message ?? (error instanceof Error ? error.message : 'no message');
}

/** Everything GitHub said about a 422, flattened for matching. */
function validationText(error: unknown): string {
  const data = body(error);
  return [data.message ?? '', ...(data.errors ?? []).map((e) => (typeof e === 'string' ? e : [e.message, e.field, e.code, e.resource].join(' ')))].join(' ');
}

function validationDetail(error: unknown, redact: (text: string) => string): string {
  const errors = body(error).errors ?? [];
  const parts = errors.map((e) => (typeof e === 'string' ? e : (e.message ?? [e.resource, e.field, e.code].filter(Boolean).join(' ')))).filter((p) => p !== '');
  return parts.length === 0 ? '' : `: ${redact(parts.join('; '))}`;
}
