import { randomBytes } from 'node:crypto';
import { DAY_MS } from './local-time.ts';

/**
 * Refresh tokens of the authorization-code flow (zocdoc-api.md §2.2): issued only when
 * `offline_access` was granted; rotated on every use (the old one dies, a new one is
 * issued); each valid 15 days from its issue (idle limit) and never past 30 days from the
 * original sign-in (absolute limit), by the sandbox clock. Presenting a rotated token again
 * is treated as theft (Auth0's reuse detection): the whole family is revoked.
 */

export const REFRESH_IDLE_MS = 15 * DAY_MS;
export const REFRESH_MAX_MS = 30 * DAY_MS;

export interface RefreshFamily {
  /** The authorization the family belongs to (shared with its access tokens). */
  authorizationId: string;
  clientId: string;
  userId: string;
  scopes: string[];
  audience: string;
  /** When the user signed in: the absolute limit counts from here. */
  startedMs: number;
}

export type RefreshResult =
  | { ok: true; family: RefreshFamily; refreshToken: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'client_mismatch' }
  | { ok: false; reason: 'reused'; authorizationId: string };

export interface RefreshTokenStore {
  issue(family: RefreshFamily): string;
  /** Rotates: the presented token is spent, a new one returned. */
  rotate(token: string, clientId: string): RefreshResult;
  /** Kills every refresh token of an authorization (its code was replayed). */
  revokeAuthorization(authorizationId: string): void;
}

interface TokenState {
  family: RefreshFamily;
  expiresAtMs: number;
  spent: boolean;
}

export function createRefreshTokenStore(clock: () => Date): RefreshTokenStore {
  const tokens = new Map<string, TokenState>();
  const revoked = new Set<string>();
  const now = () => clock().getTime();

  const mint = (family: RefreshFamily) => {
    const token = randomBytes(32).toString('base64url');
    tokens.set(token, {
      family,
      expiresAtMs: Math.min(now() + REFRESH_IDLE_MS, family.startedMs + REFRESH_MAX_MS),
      spent: false,
    });
    return token;
  };

  return {
    issue: mint,
    rotate(token, clientId) {
      const state = tokens.get(token);
      if (!state || revoked.has(state.family.authorizationId)) return { ok: false, reason: 'unknown' };
      if (state.family.clientId !== clientId) return { ok: false, reason: 'client_mismatch' };
      if (state.spent) {
        revoked.add(state.family.authorizationId);
        return { ok: false, reason: 'reused', authorizationId: state.family.authorizationId };
      }
      if (state.expiresAtMs <= now()) return { ok: false, reason: 'expired' };
      state.spent = true;
      return { ok: true, family: state.family, refreshToken: mint(state.family) };
    },
    revokeAuthorization(authorizationId) {
      revoked.add(authorizationId);
    },
  };
}
