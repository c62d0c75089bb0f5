import { tokenNameProblem } from './auth/tokenNames';
import { SqliteStore } from './store/sqliteStore';
import type { TokenRecord, TokenScope } from './store/store';
import { generateToken, hashToken } from './tokens';

/**
 * `incident-desk token create | list | revoke` against a data folder. Each opens the
 * store, does one thing and closes it, so it works while a server holds the same
 * file; the running server sees the change within its token cache time.
 */

export interface NewToken {
  name: string;
  scope?: TokenScope;
}

export class TokenAdminError extends Error {
  override name = 'TokenAdminError';
}

/** Creates a token and returns its secret, which exists nowhere else: only its SHA-256 digest is stored. */
export async function createToken(dataDir: string, token: NewToken): Promise<string> {
  const problem = tokenNameProblem(token.name);
  if (problem) throw new TokenAdminError(problem);
  return withStore(dataDir, async (store) => {
    const secret = generateToken();
    const outcome = await store.addToken({
      name: token.name,
      scope: token.scope ?? 'responder',
      hash: hashToken(secret),
      createdAt: new Date().toISOString(),
    });
    if (outcome === 'name_taken') {
      throw new TokenAdminError(`There is already a token named '${token.name}'; revoke it first or choose another name.`);
    }
    return secret;
  });
}

/** Names, scopes and creation times; never a secret or a digest. */
export async function listTokens(dataDir: string): Promise<TokenRecord[]> {
  return withStore(dataDir, async (store) =>
    (await store.tokens()).map(({ name, scope, createdAt }) => ({ name, scope, createdAt })),
  );
}

export async function revokeToken(dataDir: string, name: string): Promise<void> {
  const revoked = await withStore(dataDir, (store) => store.revokeToken(name));
  if (!revoked) throw new TokenAdminError(`There is no token named '${name}' (see \`incident-desk token list\`).`);
}

async function withStore<T>(dataDir: string, body: (store: SqliteStore) => Promise<T>): Promise<T> {
  const store = SqliteStore.open(dataDir);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}
