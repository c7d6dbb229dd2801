import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Authorization codes of the code + PKCE flow: one-time, short-lived (60 s, Auth0's
 * lifetime), bound to the client, the redirect URI, the PKCE challenge, the user, the
 * scopes and the audience. A code presented twice is refused, and what its first use
 * issued is revoked (RFC 6749 §4.1.2), so a stolen code is worth nothing.
 */

export const AUTHORIZATION_CODE_TTL_MS = 60_000;

export interface AuthorizationCode {
  /** Names the authorization: its access tokens and refresh-token family carry it. */
  authorizationId: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  userId: string;
  scopes: string[];
  audience: string;
  expiresAtMs: number;
}

export type Redemption =
  | { ok: true; code: AuthorizationCode }
  | { ok: false; reason: 'unknown' | 'expired' }
  | { ok: false; reason: 'reused'; authorizationId: string };

export interface AuthorizationCodeStore {
  issue(input: Omit<AuthorizationCode, 'authorizationId' | 'expiresAtMs'>): string;
  /** Consumes the code: a second call with the same code answers `reused`. */
  redeem(code: string): Redemption;
}

export function createAuthorizationCodeStore(clock: () => Date): AuthorizationCodeStore {
  const live = new Map<string, AuthorizationCode>();
  /** Redeemed codes, remembered to detect replays (until they would have expired twice over). */
  const used = new Map<string, { authorizationId: string; forgetAtMs: number }>();
  const now = () => clock().getTime();

  const prune = () => {
    const at = now();
    for (const [code, entry] of live) if (entry.expiresAtMs <= at) live.delete(code);
    for (const [code, entry] of used) if (entry.forgetAtMs <= at) used.delete(code);
  };

  return {
    issue(input) {
      if (live.size + used.size > 10_000) prune();
      const code = randomBytes(24).toString('base64url');
      live.set(code, {
        ...input,
        authorizationId: randomUUID(),
        expiresAtMs: now() + AUTHORIZATION_CODE_TTL_MS,
      });
      return code;
    },
    redeem(code) {
      const entry = live.get(code);
      if (!entry) {
        const reuse = used.get(code);
        return reuse
          ? { ok: false, reason: 'reused', authorizationId: reuse.authorizationId }
          : { ok: false, reason: 'unknown' };
      }
      live.delete(code);
      if (entry.expiresAtMs <= now()) return { ok: false, reason: 'expired' };
      used.set(code, {
        authorizationId: entry.authorizationId,
        forgetAtMs: now() + 10 * AUTHORIZATION_CODE_TTL_MS,
      });
      return { ok: true, code: entry };
    },
  };
}
