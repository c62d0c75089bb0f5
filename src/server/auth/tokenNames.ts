import { TOKEN_SCOPES, type TokenScope } from '../store/store';

/**
 * A token's name is who acts on the timeline, so it looks like a handle, an email
 * address or a bot name: `maya.chen`, `maya@example.com`, `alertmanager`.
 */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$/;
/** Tokens from before names existed are called legacy-N; a new token must not pose as one. */
const LEGACY = /^legacy-[0-9]+$/;

/** Why `name` cannot name a new token, or undefined when it can. */
export function tokenNameProblem(name: string): string | undefined {
  if (!NAME.test(name)) {
    return `'${name}' is not a token name: use 1–100 letters, digits and . _ @ + -, starting with a letter or digit (e.g. maya.chen).`;
  }
  if (LEGACY.test(name)) return `'${name}' is reserved for tokens created before tokens had names.`;
  return undefined;
}

export function isTokenScope(value: string): value is TokenScope {
  return (TOKEN_SCOPES as readonly string[]).includes(value);
}
