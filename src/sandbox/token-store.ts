import { randomBytes } from 'node:crypto';

/**
 * Issued access tokens: opaque random strings (32 bytes, base64url), each with its client,
 * granted scopes and expiry measured by the injected clock. Expired tokens are dropped
 * lazily. Tokens survive `store.reset()` (they are not part of the seeded data).
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

export interface TokenGrant {
  clientId: string;
  scopes: ReadonlySet<string>;
  expiresAtMs: number;
}

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

export interface TokenStore {
  issue(clientId: string, scopes: readonly string[]): IssuedToken;
  /** The live grant of a token, or undefined when unknown or expired. */
  verify(token: string): TokenGrant | undefined;
}

export function createTokenStore(options: { clock: () => Date; ttlSeconds: number }): TokenStore {
  const grants = new Map<string, TokenGrant>();
  const now = () => options.clock().getTime();

  const prune = () => {
    const at = now();
    for (const [token, grant] of grants) if (grant.expiresAtMs <= at) grants.delete(token);
  };

  return {
    issue(clientId, scopes) {
      if (grants.size >= 10_000) prune();
      const accessToken = randomBytes(32).toString('base64url');
      grants.set(accessToken, {
        clientId,
        scopes: new Set(scopes),
        expiresAtMs: now() + options.ttlSeconds * 1000,
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
  };
}
