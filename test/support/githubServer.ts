import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A local stand-in for GitHub on 127.0.0.1: the REST endpoints the retrospective submit
 * uses, with their documented shapes and errors, and git's smart HTTP protocol (served by
 * the real `git http-backend`) at `/<owner>/<repo>.git`, so clones and pushes are real and
 * need the token just like on github.com. Every request is recorded for assertions.
 *
 * It runs in the test's own process: talk to it with asynchronous calls only (a blocking
 * `execFileSync('git', ['push', …])` would wait forever for a server that cannot answer).
 */

export interface RecordedRequest {
  kind: 'api' | 'git';
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** UTF-8 body of API requests ('' for git pack data). */
  body: string;
}

export interface FakeLabel {
  name: string;
}

export interface FakeIssue {
  owner: string;
  repo: string;
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  assignees: string[];
  /** Set when this "issue" is a pull request (they share GitHub's numbering). */
  pull?: { head: string; base: string };
}

export interface FakeGitHubOptions {
  token: string;
  /** Logins that may be assigned; others get GitHub's 422. Undefined: anyone. */
  assignable?: string[];
}

const BAD_CREDENTIALS = { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' };
const SECONDARY_LIMIT = {
  message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
};

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly issues: FakeIssue[] = [];
  /** When true every request (API and git) is answered 401 Bad credentials. */
  unauthorized = false;
  /** The next `count` API requests matching `method` get a secondary rate limit 403 with `retry-after`. */
  secondaryRateLimit: { count: number; retryAfterSeconds: number; method?: string } | undefined;
  /** Pushes to these repositories (`owner/repo`) get 403, as without write access. */
  readonly pushForbidden = new Set<string>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly root: string,
    private readonly options: FakeGitHubOptions,
  ) {}

  static async start(options: FakeGitHubOptions): Promise<FakeGitHub> {
    const root = mkdtempSync(join(tmpdir(), 'fake-github-'));
    // The request handler needs the instance, which needs the listening server.
    const ready: { instance?: FakeGitHub } = {};
    const server = createServer((req, res) => {
      if (!ready.instance) return void res.writeHead(503).end();
      ready.instance.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(error) }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    ready.instance = new FakeGitHub(server, `http://127.0.0.1:${port}`, root, options);
    return ready.instance;
  }

  get apiUrl(): string {
    return `${this.url}/api/v3`;
  }

  /** Creates an empty bare repository; returns its folder (for hooks and inspection). */
  createRepo(owner: string, repo: string, defaultBranch = 'main'): string {
    const dir = this.gitDir(owner, repo);
    mkdirSync(dir, { recursive: true });
    execFileSync('git', ['init', '--quiet', '--bare', `--initial-branch=${defaultBranch}`, dir]);
    return dir;
  }

  gitDir(owner: string, repo: string): string {
    return join(this.root, owner, `${repo}.git`);
  }

  remoteUrl(owner: string, repo: string): string {
    return `${this.url}/${owner}/${repo}.git`;
  }

  pulls(): FakeIssue[] {
    return this.issues.filter((i) => i.pull);
  }

  plainIssues(): FakeIssue[] {
    return this.issues.filter((i) => !i.pull);
  }

  /** Closes an issue as a teammate would on github.com. */
  closeIssue(issueNumber: number): void {
    const issue = this.issues.find((i) => i.number === issueNumber && !i.pull);
    if (!issue) throw new Error(`no issue #${issueNumber}`);
    issue.state = 'closed';
  }

  apiRequests(method?: string): RecordedRequest[] {
    return this.requests.filter((r) => r.kind === 'api' && (method === undefined || r.method === method));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.root, { recursive: true, force: true });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const isApi = url.pathname.startsWith('/api/v3/');
    const raw = await readBody(req);
    this.requests.push({
      kind: isApi ? 'api' : 'git',
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: isApi ? raw.toString('utf8') : '',
    });
    if (isApi) return this.api(req, res, url, raw.toString('utf8'));
    return this.git(req, res, url, raw);
  }

  // ---- REST -------------------------------------------------------------------------------

  private api(req: IncomingMessage, res: ServerResponse, url: URL, text: string): void {
    const method = req.method ?? 'GET';
    const auth = req.headers.authorization ?? '';
    if (this.unauthorized || !(auth === `token ${this.options.token}` || auth === `Bearer ${this.options.token}`)) {
      return json(res, 401, BAD_CREDENTIALS);
    }
    const limit = this.secondaryRateLimit;
    if (limit && limit.count > 0 && (limit.method === undefined || limit.method === method)) {
      limit.count -= 1;
      return json(res, 403, SECONDARY_LIMIT, { 'retry-after': String(limit.retryAfterSeconds), 'x-ratelimit-remaining': '4000' });
    }
    let body: Record<string, unknown> = {};
    if (text !== '') {
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return json(res, 400, { message: 'Problems parsing JSON' });
      }
    }
    const m = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!m) return json(res, 404, { message: 'Not Found' });
    const [owner = '', repo = '', rest = ''] = [m[1], m[2], m[3]];
    if (!this.repoExists(owner, repo)) return json(res, 404, { message: 'Not Found' });

    if (method === 'GET' && rest === '') {
      return json(res, 200, { name: repo, full_name: `${owner}/${repo}`, default_branch: this.defaultBranch(owner, repo), html_url: `${this.url}/${owner}/${repo}` });
    }
    if (method === 'GET' && rest === '/pulls') {
      const state = url.searchParams.get('state') ?? 'open';
      const head = url.searchParams.get('head');
      const found = this.repoIssues(owner, repo).filter(
        (i) => i.pull && (state === 'all' || i.state === state) && (head === null || `${owner}:${i.pull.head}` === head),
      );
      return json(res, 200, found.map((p) => this.pullJson(p)));
    }
    if (method === 'POST' && rest === '/pulls') return this.createPull(res, owner, repo, body);
    const pullPatch = /^\/pulls\/(\d+)$/.exec(rest);
    if (method === 'PATCH' && pullPatch) {
      const pull = this.repoIssues(owner, repo).find((i) => i.pull && i.number === Number(pullPatch[1]));
      if (!pull) return json(res, 404, { message: 'Not Found' });
      if (typeof body.body === 'string') pull.body = body.body;
      if (typeof body.title === 'string') pull.title = body.title;
      return json(res, 200, this.pullJson(pull));
    }
    if (method === 'GET' && rest === '/issues') return this.listIssues(res, url, owner, repo);
    const single = /^\/issues\/(\d+)$/.exec(rest);
    if (method === 'GET' && single) {
      const issue = this.repoIssues(owner, repo).find((i) => i.number === Number(single[1]));
      return issue ? json(res, 200, this.issueJson(issue)) : json(res, 404, { message: 'Not Found' });
    }
    if (method === 'POST' && rest === '/issues') return this.createIssue(res, owner, repo, body);
    const labels = /^\/issues\/(\d+)\/labels$/.exec(rest);
    if (method === 'POST' && labels) {
      const issue = this.repoIssues(owner, repo).find((i) => i.number === Number(labels[1]));
      if (!issue) return json(res, 404, { message: 'Not Found' });
      const names = Array.isArray(body.labels) ? body.labels.map(String) : [];
      for (const name of names) if (!issue.labels.includes(name)) issue.labels.push(name);
      return json(res, 200, issue.labels.map(labelJson));
    }
    return json(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }

  private createPull(res: ServerResponse, owner: string, repo: string, body: Record<string, unknown>): void {
    const { title, head, base } = body;
    if (typeof title !== 'string' || typeof head !== 'string' || typeof base !== 'string') {
      return json(res, 422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'missing_field', field: 'title' }] });
    }
    const headRef = head.includes(':') ? head.slice(head.indexOf(':') + 1) : head;
    if (this.repoIssues(owner, repo).some((i) => i.pull?.head === headRef && i.state === 'open')) {
      return json(res, 422, {
        message: 'Validation Failed',
        errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${owner}:${headRef}.` }],
        documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
      });
    }
    for (const [field, ref] of [['head', headRef], ['base', base]] as const) {
      if (!this.branchExists(owner, repo, ref)) {
        return json(res, 422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', field, code: 'invalid' }] });
      }
    }
    const pull: FakeIssue = {
      owner, repo, number: this.nextNumber(owner, repo), title, body: typeof body.body === 'string' ? body.body : '',
      state: 'open', labels: [], assignees: [], pull: { head: headRef, base },
    };
    this.issues.push(pull);
    return json(res, 201, this.pullJson(pull));
  }

  private createIssue(res: ServerResponse, owner: string, repo: string, body: Record<string, unknown>): void {
    if (typeof body.title !== 'string' || body.title === '') {
      return json(res, 422, { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }] });
    }
    const assignees = Array.isArray(body.assignees) ? body.assignees.map(String) : [];
    const invalid = this.options.assignable ? assignees.filter((a) => !this.options.assignable?.includes(a)) : [];
    if (invalid.length > 0) {
      return json(res, 422, { message: 'Validation Failed', errors: invalid.map((value) => ({ value, resource: 'Issue', field: 'assignees', code: 'invalid' })) });
    }
    const issue: FakeIssue = {
      owner, repo, number: this.nextNumber(owner, repo), title: body.title, body: typeof body.body === 'string' ? body.body : '',
      state: 'open', labels: Array.isArray(body.labels) ? body.labels.map(String) : [], assignees,
    };
    this.issues.push(issue);
    return json(res, 201, this.issueJson(issue));
  }

  private listIssues(res: ServerResponse, url: URL, owner: string, repo: string): void {
    const state = url.searchParams.get('state') ?? 'open';
    const wanted = (url.searchParams.get('labels') ?? '').split(',').filter((l) => l !== '');
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? '30'));
    const page = Number(url.searchParams.get('page') ?? '1');
    const all = this.repoIssues(owner, repo)
      .filter((i) => (state === 'all' || i.state === state) && wanted.every((l) => i.labels.includes(l)))
      .sort((a, b) => b.number - a.number);
    const slice = all.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < all.length) {
      const next = new URL(url.href);
      next.searchParams.set('page', String(page + 1));
      headers.link = `<${next.href}>; rel="next"`;
    }
    return json(res, 200, slice.map((i) => this.issueJson(i)), headers);
  }

  private pullJson(pull: FakeIssue): Record<string, unknown> {
    return {
      id: 1000 + pull.number,
      number: pull.number,
      state: pull.state,
      title: pull.title,
      body: pull.body,
      html_url: `${this.url}/${pull.owner}/${pull.repo}/pull/${pull.number}`,
      url: `${this.apiUrl}/repos/${pull.owner}/${pull.repo}/pulls/${pull.number}`,
      head: { ref: pull.pull?.head, label: `${pull.owner}:${pull.pull?.head}` },
      base: { ref: pull.pull?.base, label: `${pull.owner}:${pull.pull?.base}` },
      labels: pull.labels.map(labelJson),
    };
  }

  private issueJson(issue: FakeIssue): Record<string, unknown> {
    return {
      id: 2000 + issue.number,
      number: issue.number,
      state: issue.state,
      title: issue.title,
      body: issue.body,
      html_url: `${this.url}/${issue.owner}/${issue.repo}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`,
      labels: issue.labels.map(labelJson),
      assignees: issue.assignees.map((login) => ({ login })),
      ...(issue.pull ? { pull_request: { url: `${this.apiUrl}/repos/${issue.owner}/${issue.repo}/pulls/${issue.number}` } } : {}),
    };
  }

  private repoIssues(owner: string, repo: string): FakeIssue[] {
    return this.issues.filter((i) => i.owner === owner && i.repo === repo);
  }

  private nextNumber(owner: string, repo: string): number {
    return this.repoIssues(owner, repo).length + 1;
  }

  private repoExists(owner: string, repo: string): boolean {
    try {
      execFileSync('git', ['rev-parse', '--git-dir'], { cwd: this.gitDir(owner, repo), stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }

  private branchExists(owner: string, repo: string, branch: string): boolean {
    try {
      execFileSync('git', ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], { cwd: this.gitDir(owner, repo), stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }

  private defaultBranch(owner: string, repo: string): string {
    return execFileSync('git', ['symbolic-ref', '--short', 'HEAD'], { cwd: this.gitDir(owner, repo) }).toString().trim();
  }

  // ---- git smart HTTP ---------------------------------------------------------------------

  private async git(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
    const m = /^\/([^/]+)\/([^/]+)\.git(\/.*)$/.exec(url.pathname);
    if (!m) return json(res, 404, { message: 'Not Found' });
    const [owner = '', repo = '', rest = ''] = [m[1], m[2], m[3]];
    // HTTP auth schemes are case-insensitive ("basic" and "Basic" are the same).
    const [scheme = '', credentials = ''] = (req.headers.authorization ?? '').split(' ');
    const password = Buffer.from(credentials, 'base64').toString('utf8').split(':').slice(1).join(':');
    if (this.unauthorized || scheme.toLowerCase() !== 'basic' || password !== this.options.token) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="GitHub"', 'content-type': 'text/plain' });
      return void res.end('Authentication failed\n');
    }
    const pushing = rest === '/git-receive-pack' || url.searchParams.get('service') === 'git-receive-pack';
    if (pushing && this.pushForbidden.has(`${owner}/${repo}`)) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      return void res.end(`Permission to ${owner}/${repo}.git denied to x-access-token.\n`);
    }
    if (!this.repoExists(owner, repo)) return json(res, 404, { message: 'Repository not found.' });
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH ?? '',
        GIT_PROJECT_ROOT: this.root,
        GIT_HTTP_EXPORT_ALL: '1',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.replace(/^\?/, ''),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        CONTENT_LENGTH: String(body.length),
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        REMOTE_USER: 'x-access-token',
        REMOTE_ADDR: '127.0.0.1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.resume();
    // git may finish (and close its stdin) before reading all of a request it refuses.
    child.stdin.on('error', () => {});
    child.stdin.end(body);
    await new Promise<void>((resolve) => {
      child.on('close', () => resolve());
      child.on('error', () => resolve());
    });
    const output = Buffer.concat(chunks);
    const split = output.indexOf('\r\n\r\n');
    const headerText = output.subarray(0, split).toString('latin1');
    const headers: Record<string, string> = {};
    let status = 200;
    for (const line of headerText.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'status') status = Number(value.split(' ')[0]);
      else headers[name] = value;
    }
    res.writeHead(status, headers);
    res.end(output.subarray(split + 4));
  }
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(value));
}

function labelJson(name: string): FakeLabel & { id: number; color: string } {
  return { id: name.length, name, color: 'ededed' };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
