import { randomBytes } from 'node:crypto';

/**
 * Issued access tokens: opaque random strings (32 bytes, base64url), each with its client,
 * granted scopes, expiry measured by the sandbox clock and, for authorization-code tokens,
 * the signed-in user. Expired tokens are dropped lazily. Tokens survive `store.reset()`
 * (they are not part of the seeded data).
 */

/** Every scope the API knows (zocdoc-api.md §2.4). A client asking for none is granted all. */
export const knownScopes = [
  'external.appointment.read',
  'external.appointment.write',
  'external.schedulable_entity.read',
  'external.provider_insurance.write',
  'external.anonymous_token.write',
  'external.credential.rotate',
] as const;
export type Scope = (typeof knownScopes)[number];

/** The scopes a signed-in user's token may carry (§2.2). */
export const userScopes = [
  'external.appointment.read',
  'external.appointment.write',
  'external.schedulable_entity.read',
] as const;

export interface TokenGrant {
  clientId: string;
  scopes: ReadonlySet<string>;
  expiresAtMs: number;
  /** The signed-in user (authorization-code and refresh-token grants); absent for M2M. */
  userId?: string | undefined;
  userEmail?: string | undefined;
  /**
   * The authorization (code, then its refresh-token family) the token came from, so that
   * replaying a used code or a rotated refresh token can revoke everything it issued.
   */
  authorizationId?: string | undefined;
}

export type GrantExtras = Pick<TokenGrant, 'userId' | 'userEmail' | 'authorizationId'>;

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

export interface TokenStore {
  issue(clientId: string, scopes: readonly string[], extras?: GrantExtras): IssuedToken;
  /** The live grant of a token, or undefined when unknown or expired. */
  verify(token: string): TokenGrant | undefined;
  /** Revokes every access token issued under one authorization. */
  revokeAuthorization(authorizationId: string): void;
}

export function createTokenStore(options: { clock: () => Date; ttlSeconds: number }): TokenStore {
  const grants = new Map<string, TokenGrant>();
  const now = () => options.clock().getTime();

  const prune = () => {
    const at = now();
    for (const [token, grant] of grants) if (grant.expiresAtMs <= at) grants.delete(token);
  };

  return {
    issue(clientId, scopes, extras = {}) {
      if (grants.size >= 10_000) prune();
      const accessToken = randomBytes(32).toString('base64url');
      grants.set(accessToken, {
        clientId,
        scopes: new Set(scopes),
        expiresAtMs: now() + options.ttlSeconds * 1000,
        ...extras,
      });
      return {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: options.ttlSeconds,
        scope: scopes.join(' '),
      };
    },
    verify(token) {
      const grant = grants.get(token);
      if (!grant) return undefined;
      if (grant.expiresAtMs <= now()) {
        grants.delete(token);
        return undefined;
      }
      return grant;
    },
    revokeAuthorization(authorizationId) {
      for (const [token, grant] of grants)
        if (grant.authorizationId === authorizationId) grants.delete(token);
    },
  };
}
