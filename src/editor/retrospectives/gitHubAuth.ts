import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import { SecretKeys, type Secrets } from '../platform/secrets';
import { UserFacingError } from './userMessages';
import { errorText } from '../platform/errorText';

/** The `repo` scope covers what submitting does: push a branch, open a pull request, open issues. */
const SCOPES = ['repo'];
/**
 * A silent lookup answers at once where a GitHub sign-in exists; where none is installed
 * (code-server, some forks) it may wait for one to register, so it gets a deadline.
 */
const SILENT_LOOKUP_MS = 5_000;

type GetSession = (
  providerId: string,
  scopes: readonly string[],
  options: vscode.AuthenticationGetSessionOptions,
) => Thenable<vscode.AuthenticationSession | undefined>;

/** Where a token came from; it decides what "sign in again" means after a 401. */
type TokenOrigin = 'session' | 'stored' | 'given';

/** The token and the 401 hook of one submit, in the shape the GitHub submit flow takes. */
export interface SubmitCredentials {
  tokenProvider(): Promise<string>;
  onUnauthorized(): Promise<void>;
}

/**
 * GitHub credentials for a user action: a VS Code GitHub sign-in when there is one,
 * else the token saved with "Set GitHub Token", else — this being a user action — an
 * interactive sign-in. Tokens stay in memory; nothing here logs or stores them.
 */
export class GitHubAuth {
  /** Shared by every 401 that arrives while it is open: one prompt, however many calls failed. */
  private reauthentication: Promise<void> | undefined;

  constructor(
    private readonly secrets: Secrets,
    private readonly log: vscode.LogOutputChannel,
    private readonly getSession: GetSession = (id, scopes, options) => vscode.authentication.getSession(id, scopes, options),
  ) {}

  /** Credentials for one submit. A `givenToken` (tests, keybindings) is used as is and never stored. */
  forSubmit(apiBaseUrl: string, givenToken?: string): SubmitCredentials {
    const provider = providerFor(apiBaseUrl);
    let resolved: Promise<{ token: string; origin: TokenOrigin }> | undefined;
    const current = (): Promise<{ token: string; origin: TokenOrigin }> => {
      if (resolved) return resolved;
      const attempt = givenToken !== undefined ? Promise.resolve({ token: givenToken, origin: 'given' as const }) : this.resolve(provider);
      // A failed lookup is not remembered: the next call (after a sign-in) tries again.
      attempt.catch(() => {
        if (resolved === attempt) resolved = undefined;
      });
      resolved = attempt;
      return attempt;
    };
    return {
      tokenProvider: async () => (await current()).token,
      onUnauthorized: async () => {
        const origin = resolved ? await resolved.then((r) => r.origin, () => undefined) : undefined;
        resolved = undefined;
        await this.reauthenticate(provider, origin);
      },
    };
  }

  private async resolve(provider: string): Promise<{ token: string; origin: TokenOrigin }> {
    const silent = await this.silentSession(provider);
    if (silent) return { token: silent.accessToken, origin: 'session' };
    const stored = await this.secrets.get(SecretKeys.gitHubToken);
    if (stored) return { token: stored, origin: 'stored' };
    const interactive = await this.interactiveSession(provider, { createIfNone: true });
    return { token: interactive.accessToken, origin: 'session' };
  }

  private reauthenticate(provider: string, origin: TokenOrigin | undefined): Promise<void> {
    this.reauthentication ??= this.promptOnce(provider, origin).finally(() => (this.reauthentication = undefined));
    return this.reauthentication;
  }

  private async promptOnce(provider: string, origin: TokenOrigin | undefined): Promise<void> {
    this.log.warn('GitHub answered 401 (bad credentials).');
    // A given token is not ours to renew; with no token at all the user just declined or has none to sign in with.
    if (origin === 'given' || origin === undefined) return;
    if (origin === 'session') {
      await this.interactiveSession(provider, {
        forceNewSession: { detail: 'GitHub rejected the current sign-in. Sign in again, then submit the retrospective again.' },
      }).catch((error: unknown) => this.log.warn(`GitHub sign-in did not complete: ${errorText(error)}`));
      return;
    }
    const setToken = 'Set GitHub Token…';
    const signIn = 'Sign in to GitHub';
    const choice = await vscode.window.showWarningMessage(
      'Incident Desk: GitHub rejected the saved GitHub token (401). Save a new one or sign in, then submit again.',
      setToken,
      signIn,
    );
    if (choice === setToken) await vscode.commands.executeCommand(CommandIds.setGitHubToken);
    if (choice === signIn) await this.interactiveSession(provider, { createIfNone: true }).catch(() => undefined);
  }

  private async silentSession(provider: string): Promise<vscode.AuthenticationSession | undefined> {
    try {
      return await withDeadline(Promise.resolve(this.getSession(provider, SCOPES, { silent: true })), SILENT_LOOKUP_MS);
    } catch (error) {
      // No GitHub sign-in in this editor: the saved token is the way in.
      this.log.debug(`No silent GitHub session: ${errorText(error)}`);
      return undefined;
    }
  }

  private async interactiveSession(provider: string, options: vscode.AuthenticationGetSessionOptions): Promise<vscode.AuthenticationSession> {
    let session: vscode.AuthenticationSession | undefined;
    try {
      session = await this.getSession(provider, SCOPES, options);
    } catch (error) {
      throw new UserFacingError(
        `Could not sign in to GitHub (${errorText(error)}). Run "Incident Desk: Set GitHub Token" to use a personal access token instead.`,
      );
    }
    if (!session) throw new UserFacingError('Not signed in to GitHub. Sign in, or run "Incident Desk: Set GitHub Token", then submit again.');
    return session;
  }
}

/**
 * VS Code's GitHub sign-in serves github.com; GitHub Enterprise Server has its own
 * provider, so an Enterprise API URL must not be handed a github.com token.
 */
export function providerFor(apiBaseUrl: string): 'github' | 'github-enterprise' {
  let host: string;
  try {
    host = new URL(apiBaseUrl).hostname.toLowerCase();
  } catch {
    return 'github';
  }
  return host === 'api.github.com' || host === 'github.com' ? 'github' : 'github-enterprise';
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
