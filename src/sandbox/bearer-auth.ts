import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Viewer } from './appointment-visibility.ts';
import { SandboxError } from './sandbox-errors.ts';
import type { Scope, TokenGrant, TokenStore } from './token-store.ts';

/**
 * Bearer authentication of /v1 resource calls. A missing, unknown or expired token is a
 * 401 with no body (zocdoc-api.md §3.3) and a `WWW-Authenticate: Bearer` header. A token
 * without the operation's scope is a 403; the sandbox gives that 403 an ErrorResult body
 * naming the scope (the docs declare most 403s without a body; a client must accept both).
 */

export interface BearerAuth {
  /** Plugin-wide onRequest hook: authenticates, remembers the grant for `requireScope`. */
  authenticate: onRequestHookHandler;
  /** Route-level hook: 403 unless the token carries `scope`. */
  requireScope(scope: Scope): onRequestHookHandler;
  grantOf(request: FastifyRequest): TokenGrant | undefined;
  /** Whose appointments the caller sees: its client, and the user for user tokens. */
  viewerOf(request: FastifyRequest): Viewer;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function createBearerAuth(tokens: TokenStore): BearerAuth {
  const grants = new WeakMap<FastifyRequest, TokenGrant>();

  const reject = (reply: FastifyReply, description: string) =>
    reply
      .code(401)
      .header('www-authenticate', `Bearer error="invalid_token", error_description="${description}"`)
      .send();

  return {
    async authenticate(request, reply) {
      const header = request.headers.authorization;
      if (!header) return reject(reply, 'missing bearer token');
      const token = BEARER.exec(header)?.[1];
      const grant = token === undefined ? undefined : tokens.verify(token);
      if (!grant) return reject(reply, 'invalid or expired token');
      grants.set(request, grant);
    },
    requireScope(scope) {
      return async (request) => {
        if (!grants.get(request)?.scopes.has(scope)) {
          throw new SandboxError(403, { message: `The access token lacks the required scope ${scope}` });
        }
      };
    },
    grantOf: (request) => grants.get(request),
    viewerOf(request) {
      const grant = grants.get(request);
      // Only reachable on authenticated routes; an empty client id would see nothing of users.
      if (!grant) return { clientId: '' };
      return { clientId: grant.clientId, userId: grant.userId, userEmail: grant.userEmail };
    },
  };
}
