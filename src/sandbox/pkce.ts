import { createHash, timingSafeEqual } from 'node:crypto';

/** PKCE (RFC 7636) with S256 only (zocdoc-api.md §2.2: `plain` is not accepted). */

/** RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~]. */
export const isValidCodeVerifier = (value: string) => /^[A-Za-z0-9._~-]{43,128}$/.test(value);

/** An S256 challenge is a base64url SHA-256: 43 characters, no padding. */
export const isValidCodeChallenge = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);

export const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export function verifierMatches(verifier: string, challenge: string): boolean {
  const expected = Buffer.from(challenge);
  const actual = Buffer.from(s256(verifier));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
