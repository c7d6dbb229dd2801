import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { AuthorizationCodeStore } from './authorization-codes.ts';
import { identityScopes } from './authorize-routes.ts';
import { requestOrigin } from './envelopes.ts';
import type { SandboxPublicClient } from './oauth-clients.ts';
import { isValidCodeVerifier, verifierMatches } from './pkce.ts';
import type { RefreshTokenStore } from './refresh-tokens.ts';
import type { SandboxClient } from './sandbox-app.ts';
import type { SandboxUser } from './sandbox-users.ts';
import { knownScopes, type TokenStore } from './token-store.ts';

/**
 * POST /oauth/token (zocdoc-api.md §2.1, §2.2), Auth0-style, with three grants:
 *   client_credentials   machine-to-machine clients (secret); no refresh token
 *   authorization_code   public (SPA) clients: the code from /authorize + the PKCE verifier
 *   refresh_token        rotation of the refresh token issued with `offline_access`
 * Bodies are JSON (what Zocdoc documents) or form-encoded (what Auth0 also takes).
 * Errors are Auth0's `{error, error_description}` (no request_id: this is the auth
 * server, not the API); a bad code, verifier or refresh token is Auth0's 403 invalid_grant.
 * Accepted M2M audiences: the real sandbox audience and this server's own origin with a
 * trailing slash, e.g. `http://127.0.0.1:3100/`.
 */

export const ZOCDOC_SANDBOX_AUDIENCE = 'https://api-developer-sandbox.zocdoc.com/';

export interface OAuthRouteOptions {
  clients: readonly SandboxClient[];
  publicClients: readonly SandboxPublicClient[];
  users: readonly SandboxUser[];
  tokens: TokenStore;
  codes: AuthorizationCodeStore;
  refreshTokens: RefreshTokenStore;
  clock: () => Date;
}

class OAuthError extends Error {
  constructor(
    readonly statusCode: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();
const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

export async function oauthRoutes(app: FastifyInstance, options: OAuthRouteOptions) {
  const clients = new Map(options.clients.map((client) => [client.clientId, client]));
  const publicClients = new Map(options.publicClients.map((client) => [client.clientId, client]));
  const users = new Map(options.users.map((user) => [user.user_id, user]));
  const { tokens, codes, refreshTokens } = options;

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  const sendOAuthError = (reply: FastifyReply, error: OAuthError) =>
    reply
      .code(error.statusCode)
      .header('cache-control', 'no-store')
      .send({ error: error.error, error_description: error.description });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof OAuthError) return sendOAuthError(reply, error);
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'sandbox token endpoint failed');
    return sendOAuthError(
      reply,
      status >= 500
        ? new OAuthError(500, 'server_error', 'Internal error')
        : new OAuthError(status, 'invalid_request', error.message),
    );
  });

  app.post('/oauth/token', async (request, reply) => {
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new OAuthError(400, 'invalid_request', 'The request body must be a JSON object');
    }
    const field = (name: string): string | undefined => {
      const value = (body as Record<string, unknown>)[name];
      return typeof value === 'string' && value !== '' ? value : undefined;
    };
    const requireField = (name: string): string => {
      const value = field(name);
      if (value === undefined)
        throw new OAuthError(400, 'invalid_request', `Missing required parameter: ${name}`);
      return value;
    };

    const send = (issued: object) =>
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(issued);

    /** Tokens for a signed-in user: an access token and, with offline_access, a refresh token. */
    const userTokens = (grant: {
      authorizationId: string;
      clientId: string;
      userId: string;
      scopes: string[];
      refreshToken?: string;
    }) => {
      const user = users.get(grant.userId);
      const apiScopes = grant.scopes.filter((s) => !(identityScopes as readonly string[]).includes(s));
      const issued = tokens.issue(grant.clientId, apiScopes, {
        userId: grant.userId,
        userEmail: user?.email,
        authorizationId: grant.authorizationId,
      });
      return {
        ...issued,
        scope: grant.scopes.join(' '),
        ...(grant.refreshToken === undefined ? {} : { refresh_token: grant.refreshToken }),
      };
    };

    const grantType = requireField('grant_type');
    if (grantType === 'authorization_code') {
      const clientId = requireField('client_id');
      const code = requireField('code');
      const redirectUri = requireField('redirect_uri');
      const verifier = requireField('code_verifier');
      if (!publicClients.has(clientId)) throw new OAuthError(401, 'access_denied', 'Unauthorized');
      const redemption = codes.redeem(code);
      if (!redemption.ok) {
        if (redemption.reason === 'reused') {
          // RFC 6749 §4.1.2: a replayed code revokes what its first use issued.
          tokens.revokeAuthorization(redemption.authorizationId);
          refreshTokens.revokeAuthorization(redemption.authorizationId);
        }
        throw new OAuthError(403, 'invalid_grant', 'Invalid authorization code');
      }
      const granted = redemption.code;
      if (granted.clientId !== clientId)
        throw new OAuthError(403, 'invalid_grant', 'Invalid authorization code');
      if (granted.redirectUri !== redirectUri) {
        throw new OAuthError(
          403,
          'invalid_grant',
          'Invalid redirect_uri: it must match the authorization request',
        );
      }
      if (!isValidCodeVerifier(verifier) || !verifierMatches(verifier, granted.codeChallenge)) {
        throw new OAuthError(403, 'invalid_grant', 'Failed to verify code verifier');
      }
      const refreshToken = granted.scopes.includes('offline_access')
        ? refreshTokens.issue({
            authorizationId: granted.authorizationId,
            clientId,
            userId: granted.userId,
            scopes: granted.scopes,
            audience: granted.audience,
            startedMs: options.clock().getTime(),
          })
        : undefined;
      return send(userTokens({ ...granted, clientId, ...(refreshToken ? { refreshToken } : {}) }));
    }
    if (grantType === 'refresh_token') {
      const clientId = requireField('client_id');
      const presented = requireField('refresh_token');
      if (!publicClients.has(clientId)) throw new OAuthError(401, 'access_denied', 'Unauthorized');
      const rotated = refreshTokens.rotate(presented, clientId);
      if (!rotated.ok) {
        if (rotated.reason === 'reused') tokens.revokeAuthorization(rotated.authorizationId);
        throw new OAuthError(403, 'invalid_grant', 'Unknown or invalid refresh token.');
      }
      return send(userTokens({ ...rotated.family, refreshToken: rotated.refreshToken }));
    }
    if (grantType !== 'client_credentials') {
      throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
    }
    const clientId = requireField('client_id');
    const clientSecret = requireField('client_secret');
    const audience = requireField('audience');

    const client = clients.get(clientId);
    if (!client || !sameSecret(client.clientSecret, clientSecret)) {
      throw new OAuthError(401, 'access_denied', 'Unauthorized');
    }
    const ownAudience = `${requestOrigin(request)}/`;
    if (audience !== ZOCDOC_SANDBOX_AUDIENCE && audience !== ownAudience) {
      throw new OAuthError(403, 'access_denied', `Service not found: ${audience}`);
    }

    const requested = field('scope');
    const scopes =
      requested === undefined
        ? [...knownScopes]
        : [...new Set(requested.split(/\s+/))].filter((s) => (knownScopes as readonly string[]).includes(s));

    return send(tokens.issue(clientId, scopes));
  });
}
