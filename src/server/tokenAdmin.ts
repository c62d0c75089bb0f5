import { tokenNameProblem } from './auth/tokenNames';
import { openStore, type StoreLocation } from './store/openStore';
import type { Store, TokenRecord, TokenScope } from './store/store';
import { generateToken, hashToken } from './tokens';

/**
 * `incident-desk token create | list | revoke` against a data folder or a PostgreSQL
 * database. Each opens the store, does one thing and closes it, so it works while
 * servers run on the same data; they see the change within their token cache time.
 */

export interface NewToken {
  name: string;
  scope?: TokenScope;
}

export class TokenAdminError extends Error {
  override name = 'TokenAdminError';
}

/** Creates a token and returns its secret, which exists nowhere else: only its SHA-256 digest is stored. */
export async function createToken(where: string | StoreLocation, token: NewToken): Promise<string> {
  const problem = tokenNameProblem(token.name);
  if (problem) throw new TokenAdminError(problem);
  return withStore(where, async (store) => {
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
export async function listTokens(where: string | StoreLocation): Promise<TokenRecord[]> {
  return withStore(where, async (store) =>
    (await store.tokens()).map(({ name, scope, createdAt }) => ({ name, scope, createdAt })),
  );
}

export async function revokeToken(where: string | StoreLocation, name: string): Promise<void> {
  const revoked = await withStore(where, (store) => store.revokeToken(name));
  if (!revoked) throw new TokenAdminError(`There is no token named '${name}' (see \`incident-desk token list\`).`);
}

/** A string is a SQLite data folder (how every caller named the store before PostgreSQL). */
async function withStore<T>(where: string | StoreLocation, body: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(typeof where === 'string' ? { dataDir: where } : where);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}
