import type { Store, TokenScope } from '../store/store';
import { hashToken } from '../tokens';
import { MIN_PROVISIONED_SECRET_LENGTH, type ProvisionedToken } from './schema';
import { resolveSecret, SecretError } from './secretReference';

/** A token from the config file with its secret read. */
export interface ResolvedToken {
  name: string;
  scope: TokenScope;
  secret: string;
}

/** Reads every token's secret before anything starts, so a missing variable or a 0644 file stops the start. */
export function resolveTokenSecrets(tokens: readonly ProvisionedToken[], env: NodeJS.ProcessEnv): ResolvedToken[] {
  return tokens.map((token) => {
    let secret: string;
    try {
      secret = resolveSecret(token.secret, env);
    } catch (error) {
      throw new SecretError(`token '${token.name}': ${(error as Error).message}`);
    }
    if (secret.length < MIN_PROVISIONED_SECRET_LENGTH) {
      throw new SecretError(
        `token '${token.name}': the secret has ${secret.length} characters; use at least ${MIN_PROVISIONED_SECRET_LENGTH} random ones (e.g. openssl rand -base64 33).`,
      );
    }
    return { name: token.name, scope: token.scope, secret };
  });
}

/**
 * Makes the store hold exactly these secrets and scopes under these names. The file
 * is the source of truth for its names: a rotated secret replaces the old one (which
 * is revoked with it), and a token deleted by hand comes back at the next start while
 * the file lists it. A secret that was ever revoked never comes back: the start stops
 * and says which token needs a new secret, because a hand revoke means it leaked.
 */
export async function provisionTokens(store: Store, tokens: readonly ResolvedToken[], now = new Date()): Promise<void> {
  const existing = new Map((await store.tokens()).map((token) => [token.name, token]));
  const wanted = tokens.map((token) => ({ ...token, hash: hashToken(token.secret) }));
  const refused: string[] = [];
  for (const token of wanted) {
    const revoked = await store.revokedToken(token.hash);
    if (revoked) refused.push(`token '${token.name}': its secret was revoked (as '${revoked.name}', ${revoked.revokedAt}); put a new secret in the config file (e.g. openssl rand -base64 33).`);
  }
  if (refused.length > 0) throw new SecretError(refused.join('\n'));
  for (const token of wanted) {
    const current = existing.get(token.name);
    if (current?.hash === token.hash && current.scope === token.scope) continue;
    // A new secret revokes the old one; the same secret under a new scope stays usable.
    if (current) await store.revokeToken(token.name, { at: now.toISOString(), remember: current.hash !== token.hash });
    await store.addToken({ name: token.name, scope: token.scope, hash: token.hash, createdAt: now.toISOString() });
  }
}
