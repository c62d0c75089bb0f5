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
 * The stored token whose digest `presented` hashes to, or undefined. Every stored
 * digest is compared in constant time and the loop never exits early, so response
 * timing says nothing about how close a guess came.
 */
export function findToken<T extends { hash: string }>(presented: string, stored: readonly T[]): T | undefined {
  const candidate = Buffer.from(hashToken(presented), 'hex');
  let found: T | undefined;
  for (const token of stored) {
    const known = Buffer.from(token.hash, 'hex');
    if (known.length === candidate.length && timingSafeEqual(known, candidate)) found = token;
  }
  return found;
}

/** The token in an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(header);
  return match?.[1];
}
