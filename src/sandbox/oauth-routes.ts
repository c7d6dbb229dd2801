import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { requestOrigin } from './envelopes.ts';
import type { SandboxClient } from './sandbox-app.ts';
import { knownScopes, type TokenStore } from './token-store.ts';

/**
 * POST /oauth/token: the client-credentials grant (zocdoc-api.md §2.1), Auth0-style.
 * Bodies are JSON (what Zocdoc documents) or form-encoded (what Auth0 also takes).
 * Errors are Auth0's `{error, error_description}` (no request_id: this is the auth
 * server, not the API). Accepted audiences: the real sandbox audience and this
 * server's own origin with a trailing slash, e.g. `http://127.0.0.1:3100/`.
 */

export const ZOCDOC_SANDBOX_AUDIENCE = 'https://api-developer-sandbox.zocdoc.com/';

export interface OAuthRouteOptions {
  clients: readonly SandboxClient[];
  tokens: TokenStore;
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

    const grantType = requireField('grant_type');
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

    return reply
      .header('cache-control', 'no-store')
      .header('pragma', 'no-cache')
      .send(options.tokens.issue(clientId, scopes));
  });
}
