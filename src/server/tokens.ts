import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Bearer tokens: 32 random bytes, shown once, stored only as a SHA-256 digest.
 * A slow password hash is unnecessary because the secret has 256 bits of entropy;
 * nobody brute-forces that from a digest.
 */
const TOKEN_PREFIX = 'idt_';

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * True when `presented` hashes to one of `storedHashes`. Every stored hash is
 * compared in constant time and the loop never exits early, so response timing
 * says nothing about how close a guess came.
 */
export function tokenMatches(presented: string, storedHashes: readonly string[]): boolean {
  const candidate = Buffer.from(hashToken(presented), 'hex');
  let matched = false;
  for (const stored of storedHashes) {
    const known = Buffer.from(stored, 'hex');
    if (known.length === candidate.length && timingSafeEqual(known, candidate)) matched = true;
  }
  return matched;
}

/** The token in an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(header);
  return match?.[1];
}
