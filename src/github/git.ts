import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { assertValidBranchName } from '../core/retrospectives/naming';
import type { CommitInfo } from '../core/retrospectives/timeline';
import { SubmitError } from './errors';
import { GIT_ENV_KEYS, baseGitEnv } from './gitEnv';
import type { Logger } from './logger';

/**
 * The git side of a retrospective, with simple-git. Every name that reaches argv is
 * validated first (branch, remote) or placed after `--`; messages go through a file;
 * the token only ever travels in the environment given by the caller.
 */

const ZERO_OID = '0000000000000000000000000000000000000000';
const NETWORK_TIMEOUT_MS = 120_000;
const REMOTE_NAME = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

export class RetroGit {
  private constructor(
    readonly toplevel: string,
    private readonly log: Logger,
    private readonly redact: (text: string) => string,
  ) {}

  static async open(repoDir: string, log: Logger, redact: (text: string) => string = (t) => t): Promise<RetroGit> {
    let toplevel: string;
    try {
      toplevel = (await simpleGit(gitOptions(resolve(repoDir))).env(baseGitEnv()).raw(['rev-parse', '--show-toplevel'])).trim();
    } catch (error) {
      throw new SubmitError('not_a_repository', `${repoDir} is not inside a git repository (${firstLine(error)}).`);
    }
    if (toplevel === '') throw new SubmitError('not_a_repository', `${repoDir} is a bare repository or has no work tree.`);
    return new RetroGit(realpathSync(toplevel), log, redact);
  }

  /** The file's path inside the repository, forward slashes; refuses anything outside it. */
  relativePath(file: string): string {
    let real: string;
    try {
      real = realpathSync(resolve(this.toplevel, file));
    } catch {
      throw new SubmitError('invalid_file', `The retrospective ${file} does not exist.`);
    }
    const rel = relative(this.toplevel, real);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('.git')) {
      throw new SubmitError('invalid_file', `The retrospective ${file} is not inside the repository at ${this.toplevel}.`);
    }
    return rel.split(sep).join('/');
  }

  /** The branch's upstream remote when it has one, else `origin`. */
  async remoteFor(branch: string): Promise<string> {
    assertValidBranchName(branch);
    const configured = (await this.tryRaw(['config', '--get', `branch.${branch}.remote`]))?.trim();
    const remote = configured && configured !== '.' ? configured : 'origin';
    if (!REMOTE_NAME.test(remote)) throw new SubmitError('no_remote', `The remote name '${remote}' cannot be used.`);
    return remote;
  }

  async remoteUrl(remote: string): Promise<string> {
    const url = (await this.tryRaw(['remote', 'get-url', '--', remote]))?.trim();
    if (!url) throw new SubmitError('no_remote', `The repository has no remote '${remote}'. Add the GitHub repository as '${remote}' and submit again.`);
    return url;
  }

  /** The remote's default branch and the retrospective branch's tip there, in one round trip. */
  async lsRemote(remote: string, branch: string, authEnv: Record<string, string>): Promise<{ defaultBranch?: string; branchSha?: string }> {
    const out = await this.network(['ls-remote', '--symref', remote, 'HEAD', `refs/heads/${branch}`], authEnv, `reading the branches of '${remote}'`);
    let defaultBranch: string | undefined;
    let branchSha: string | undefined;
    for (const line of out.split('\n')) {
      const symref = /^ref: refs\/heads\/(\S+)\tHEAD$/.exec(line);
      if (symref) defaultBranch = symref[1];
      const ref = /^([0-9a-f]{40,64})\trefs\/heads\/(\S+)$/.exec(line);
      if (ref && ref[2] === branch) branchSha = ref[1];
    }
    if (defaultBranch !== undefined) assertValidBranchName(defaultBranch);
    return { defaultBranch, branchSha };
  }

  /** Fetches the named branches into `refs/remotes/<remote>/…`. */
  async fetchBranches(remote: string, branches: readonly string[], authEnv: Record<string, string>): Promise<void> {
    if (branches.length === 0) return;
    const refspecs = branches.map((b) => `+refs/heads/${assertValidBranchName(b)}:refs/remotes/${remote}/${b}`);
    await this.network(['fetch', '--no-tags', '--quiet', remote, ...refspecs], authEnv, `fetching from '${remote}'`);
  }

  async resolveRef(ref: string): Promise<string | undefined> {
    return (await this.tryRaw(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]))?.trim() || undefined;
  }

  /**
   * Read from output, not the exit code: simple-git resolves a command that exits non-zero
   * without writing to stderr, so `merge-base --is-ancestor` would always look true.
   */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const base = (await this.tryRaw(['merge-base', ancestor, descendant]))?.trim();
    return base !== undefined && base !== '' && base === (await this.resolveRef(ancestor));
  }

  /** `refs/heads/<name>` of the checked-out branch, or undefined when HEAD is detached. */
  async headRef(): Promise<string | undefined> {
    return (await this.tryRaw(['symbolic-ref', '--quiet', 'HEAD']))?.trim() || undefined;
  }

  /**
   * Commits the current content of ONE file onto `branch`, on top of `parent`, without
   * touching the user's index, working tree or checked-out branch: the tree is built in a
   * temporary index and the commit made with `commit-tree`, then the branch ref moves
   * with a compare-and-swap. Returns undefined when the file is already committed as is.
   */
  async commitFile(options: { branch: string; relPath: string; parent: string | undefined; expectedOld: string | undefined; message: string }): Promise<string | undefined> {
    const branch = assertValidBranchName(options.branch);
    const scratch = mkdtempSync(join(tmpdir(), 'incident-desk-commit-'));
    try {
      const blob = (await this.raw(['hash-object', '-w', '--', options.relPath])).trim();
      const indexEnv = { GIT_INDEX_FILE: join(scratch, 'index') };
      if (options.parent) await this.raw(['read-tree', options.parent], indexEnv);
      else await this.raw(['read-tree', '--empty'], indexEnv);
      await this.raw(['update-index', '--add', '--cacheinfo', `100644,${blob},${options.relPath}`], indexEnv);
      const tree = (await this.raw(['write-tree'], indexEnv)).trim();
      if (options.parent && tree === (await this.raw(['rev-parse', `${options.parent}^{tree}`])).trim()) {
        if (options.parent !== options.expectedOld) await this.moveBranch(branch, options.parent, options.expectedOld);
        return undefined;
      }
      const messageFile = join(scratch, 'message');
      writeFileSync(messageFile, options.message.endsWith('\n') ? options.message : `${options.message}\n`);
      const parentArgs = options.parent ? ['-p', options.parent] : [];
      const commit = (await this.raw(['commit-tree', tree, ...parentArgs, '-F', messageFile])).trim();
      await this.moveBranch(branch, commit, options.expectedOld);
      if ((await this.headRef()) === `refs/heads/${branch}`) {
        // The branch is checked out: its index entry for this one file must match the new commit,
        // or git would show the commit as a staged revert. Nothing else in the index changes.
        await this.raw(['update-index', '--add', '--cacheinfo', `100644,${blob},${options.relPath}`]);
      }
      return commit;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  /** Pushes the branch (never forced). A refusal is a SubmitError of kind push_rejected; the local commit stays. */
  async push(remote: string, branch: string, authEnv: Record<string, string>): Promise<void> {
    assertValidBranchName(branch);
    try {
      await this.git({ ...authEnv }).raw(['push', '--porcelain', '--set-upstream', remote, `refs/heads/${branch}:refs/heads/${branch}`]);
    } catch (error) {
      const text = this.redact(errorText(error));
      const reason = pushRefusal(text);
      if (reason) {
        throw new SubmitError(
          reason.kind,
          `The push of ${branch} to '${remote}' was rejected: ${reason.text}. Your commit is kept on the local branch ${branch}; ${reason.advice}, then submit again.`,
        );
      }
      throw new SubmitError('git', `Could not push ${branch} to '${remote}': ${lastLines(text)}. Your commit is kept on the local branch ${branch}.`);
    }
  }

  /** Commits on any local or remote-tracking branch whose committer date is in the window. */
  async commitsBetween(from: Date, to: Date, commitUrl?: (sha: string) => string): Promise<CommitInfo[]> {
    const out = await this.tryRaw([
      'log', '--branches', '--remotes', `--since=${from.toISOString()}`, `--until=${to.toISOString()}`,
      '--max-count=10000', '--format=%H%x1f%cI%x1f%an%x1f%s%x1e',
    ]);
    if (out === undefined) return []; // e.g. a repository with no commits yet
    return out
      .split('\x1e')
      .map((record) => record.replace(/^\n/, ''))
      .filter((record) => record !== '')
      .map((record) => {
        const [sha = '', at = '', author = '', subject = ''] = record.split('\x1f');
        const url = commitUrl?.(sha);
        return { sha, at: new Date(at).toISOString(), author, subject, ...(url ? { url } : {}) };
      });
  }

  private async moveBranch(branch: string, to: string, expectedOld: string | undefined): Promise<void> {
    try {
      await this.raw(['update-ref', '-m', 'incident-desk: retrospective', `refs/heads/${branch}`, to, expectedOld ?? ZERO_OID]);
    } catch (error) {
      throw new SubmitError('git', `The branch ${branch} changed while the retrospective was being committed (${firstLine(error)}); submit again.`);
    }
  }

  private git(extraEnv: Record<string, string> = {}): SimpleGit {
    return simpleGit(gitOptions(this.toplevel)).env({ ...baseGitEnv(), ...extraEnv });
  }

  private async raw(args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
    try {
      return await this.git(extraEnv).raw(args);
    } catch (error) {
      throw new SubmitError('git', `git ${args[0] ?? ''} failed: ${this.redact(lastLines(errorText(error)))}`);
    }
  }

  private async tryRaw(args: string[]): Promise<string | undefined> {
    try {
      return await this.git().raw(args);
    } catch {
      return undefined;
    }
  }

  private async network(args: string[], authEnv: Record<string, string>, doing: string): Promise<string> {
    try {
      return await this.git(authEnv).raw(args);
    } catch (error) {
      const text = this.redact(errorText(error));
      this.log.debug(`git ${args[0] ?? ''} failed: ${text}`);
      if (/\b401\b|Authentication failed|could not read Username|terminal prompts disabled/i.test(text)) {
        throw new SubmitError('unauthorized', `The remote refused the credentials while ${doing}. Sign in to GitHub again (or set a new token) and submit again.`);
      }
      throw new SubmitError('git', `Failed ${doing}: ${lastLines(text)}`);
    }
  }
}

function gitOptions(baseDir: string) {
  return {
    baseDir,
    allowEnvironment: [...GIT_ENV_KEYS],
    // Our own GIT_CONFIG_* carries only the auth header (see gitEnv.ts).
    unsafe: { allowUnsafeConfigEnvCount: true },
    timeout: { block: NETWORK_TIMEOUT_MS },
    maxConcurrentProcesses: 2,
  };
}

function pushRefusal(text: string): { kind: 'push_rejected' | 'unauthorized'; text: string; advice: string } | undefined {
  if (/non-fast-forward|fetch first|\[rejected\]/i.test(text)) {
    return { kind: 'push_rejected', text: 'the remote branch has commits that the local one does not (non-fast-forward)', advice: 'merge or rebase the remote branch into it' };
  }
  if (/protected branch|GH006|pre-receive hook declined|\[remote rejected\]/i.test(text)) {
    const detail = /\[remote rejected\][^\n]*\(([^)\n]+)\)/.exec(text)?.[1];
    return { kind: 'push_rejected', text: `the remote refused it${detail ? ` (${detail})` : ''} — branch protection or a server-side rule`, advice: 'ask a maintainer to allow pushing retro/ branches' };
  }
  if (/\b403\b|permission|denied|not allowed|forbidden/i.test(text)) {
    return { kind: 'push_rejected', text: 'you do not have permission to push to this repository', advice: 'ask for write access (or use a token with the repo scope)' };
  }
  if (/\b401\b|Authentication failed|could not read Username|terminal prompts disabled/i.test(text)) {
    return { kind: 'unauthorized', text: 'the credentials were refused', advice: 'sign in to GitHub again' };
  }
  return undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(error: unknown): string {
  return errorText(error).trim().split('\n')[0] ?? '';
}

function lastLines(text: string): string {
  return text.trim().split('\n').filter((l) => l.trim() !== '').slice(-3).join(' / ');
}
