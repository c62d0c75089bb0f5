import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SecretKeys, Secrets } from '../../../src/editor/platform/secrets';
import { GitHubAuth } from '../../../src/editor/retrospectives/gitHubAuth';

/** SecretStorage kept in memory: the narrow interface Secrets is built on, not a mock of `vscode`. */
class MemorySecretStorage implements vscode.SecretStorage {
  private readonly values = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.emitter.event;
  async keys(): Promise<string[]> {
    return [...this.values.keys()];
  }
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.emitter.fire({ key });
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.emitter.fire({ key });
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

interface SessionCall {
  provider: string;
  scopes: readonly string[];
  options: vscode.AuthenticationGetSessionOptions;
}

const session = (token: string): vscode.AuthenticationSession => ({ id: token, accessToken: token, account: { id: '1', label: 'octocat' }, scopes: ['repo'] });

/**
 * The sign-in seam (`getSession`) answered in memory, as VS Code's would: the GitHub
 * sign-in itself cannot run in a headless test window.
 */
function sessions(answer: (call: SessionCall) => Promise<vscode.AuthenticationSession | undefined>) {
  const calls: SessionCall[] = [];
  const getSession = (provider: string, scopes: readonly string[], options: vscode.AuthenticationGetSessionOptions) => {
    const call = { provider, scopes, options };
    calls.push(call);
    return answer(call);
  };
  return { calls, getSession };
}

describe('retrospectives GitHub sign-in', () => {
  let log: vscode.LogOutputChannel;
  let storage: MemorySecretStorage;

  beforeEach(() => {
    log = vscode.window.createOutputChannel('Incident Desk retrospectives auth test', { log: true });
    storage = new MemorySecretStorage();
  });

  afterEach(() => {
    log.dispose();
    storage.dispose();
  });

  it('uses a silent session first, and several 401s at once lead to exactly one sign-in prompt', async () => {
    let token = 'expired-session-token';
    const { calls, getSession } = sessions(async (call) => {
      if (call.options.forceNewSession) {
        await new Promise((resolve) => setTimeout(resolve, 50)); // the user takes a moment to sign in
        token = 'fresh-session-token';
      }
      return session(token);
    });
    const auth = new GitHubAuth(new Secrets(storage), log, getSession);
    const first = auth.forSubmit('https://api.github.com');
    const second = auth.forSubmit('https://api.github.com');
    assert.equal(await first.tokenProvider(), 'expired-session-token');
    assert.equal(await second.tokenProvider(), 'expired-session-token');
    assert.ok(calls.every((c) => c.options.silent === true && c.provider === 'github' && c.scopes.includes('repo')), 'silent lookups only');

    await Promise.all([first.onUnauthorized(), first.onUnauthorized(), second.onUnauthorized(), second.onUnauthorized()]);
    const prompts = calls.filter((c) => c.options.forceNewSession);
    assert.equal(prompts.length, 1, 'one sign-in prompt for the whole wave of 401s');
    assert.equal(await first.tokenProvider(), 'fresh-session-token', 'the next request uses the new sign-in');
    assert.equal(await second.tokenProvider(), 'fresh-session-token');
  });

  it('falls back to the token saved with "Set GitHub Token" without asking to sign in', async () => {
    await storage.store(SecretKeys.gitHubToken, 'saved-token');
    const { calls, getSession } = sessions(async () => undefined);
    const auth = new GitHubAuth(new Secrets(storage), log, getSession);
    assert.equal(await auth.forSubmit('https://api.github.com').tokenProvider(), 'saved-token');
    assert.deepEqual(
      calls.map((c) => c.options),
      [{ silent: true }],
      'no interactive sign-in while a saved token exists',
    );
  });

  it('signs in interactively only when there is neither a session nor a saved token, and only after the silent lookup', async () => {
    const { calls, getSession } = sessions(async (call) => (call.options.createIfNone ? session('interactive-token') : undefined));
    const auth = new GitHubAuth(new Secrets(storage), log, getSession);
    assert.equal(await auth.forSubmit('https://api.github.com').tokenProvider(), 'interactive-token');
    assert.deepEqual(
      calls.map((c) => c.options),
      [{ silent: true }, { createIfNone: true }],
    );
  });

  it('a declined sign-in is a clear error that points at "Set GitHub Token", and is asked again next time', async () => {
    const { calls, getSession } = sessions(async () => undefined);
    const credentials = new GitHubAuth(new Secrets(storage), log, getSession).forSubmit('https://api.github.com');
    await assert.rejects(credentials.tokenProvider(), /Set GitHub Token/);
    await assert.rejects(credentials.tokenProvider(), /Set GitHub Token/);
    assert.equal(calls.filter((c) => c.options.createIfNone).length, 2, 'a failed lookup is not cached');
  });

  it('uses the GitHub Enterprise sign-in for an Enterprise API URL, never a github.com token', async () => {
    const { calls, getSession } = sessions(async (call) => session(`${call.provider}-token`));
    const auth = new GitHubAuth(new Secrets(storage), log, getSession);
    assert.equal(await auth.forSubmit('https://ghe.example.com/api/v3').tokenProvider(), 'github-enterprise-token');
    assert.deepEqual(calls.map((c) => c.provider), ['github-enterprise']);
  });

  it('a token passed with the command is used as given: no lookup, nothing stored, no prompt on 401', async () => {
    const { calls, getSession } = sessions(async () => session('session-token'));
    const credentials = new GitHubAuth(new Secrets(storage), log, getSession).forSubmit('https://api.github.com', 'given-token');
    assert.equal(await credentials.tokenProvider(), 'given-token');
    await credentials.onUnauthorized();
    assert.equal(calls.length, 0);
    assert.deepEqual(await storage.keys(), []);
  });
});
