import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { adminRoutes } from './admin-routes.ts';
import { appointmentRoutes } from './appointment-routes.ts';
import { createBearerAuth } from './bearer-auth.ts';
import { errorResult } from './envelopes.ts';
import { oauthRoutes } from './oauth-routes.ts';
import { providerLocationRoutes } from './provider-location-routes.ts';
import { SandboxError } from './sandbox-errors.ts';
import { createSandboxStore, type SandboxStore } from './sandbox-store.ts';
import { createTokenStore } from './token-store.ts';

/**
 * The built-in Zocdoc sandbox: a fastify app that simulates the Zocdoc Developer API
 * (see README.md in this folder and /work/shared/zocdoc-api.md). Routes:
 *   POST /oauth/token               client credentials (oauth-routes.ts)
 *   /v1/…                           the API, bearer-authenticated (provider-location-, appointment-routes.ts)
 *   /_sandbox/…                     admin surface, no auth (admin-routes.ts)
 */

export interface SandboxClient {
  clientId: string;
  clientSecret: string;
}

export interface SandboxOptions {
  /** Default () => new Date(). All time logic (tokens, availability, timestamps) uses it. */
  clock?: () => Date;
  /** Seeded machine-to-machine clients. */
  clients: SandboxClient[];
  /** Access-token lifetime; default 3600 (Zocdoc's 60 minutes). */
  tokenTtlSeconds?: number;
  /** fastify logger; default false. */
  logger?: boolean;
  /** Seed Zocdoc's documented fixed-status appointment ids (§12); default true. */
  seedFixtureAppointments?: boolean;
}

export interface Sandbox {
  app: FastifyInstance;
  store: SandboxStore;
}

const DEFAULT_TOKEN_TTL_SECONDS = 3600;
const BODY_LIMIT_BYTES = 1024 * 1024;

export function buildSandbox(options: SandboxOptions): Sandbox {
  const clock = options.clock ?? (() => new Date());
  const store = createSandboxStore({
    clock,
    ...(options.seedFixtureAppointments === undefined
      ? {}
      : { seedFixtureAppointments: options.seedFixtureAppointments }),
  });
  const tokens = createTokenStore({
    clock,
    ttlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
  });
  const auth = createBearerAuth(tokens);

  const app = Fastify({
    logger: options.logger ?? false,
    genReqId: () => randomUUID(),
    bodyLimit: BODY_LIMIT_BYTES,
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // JSON bodies: an empty body is "no body" (so a bodiless POST with a JSON content type
  // reaches validation and gets a field-level message); malformed JSON is a 400, never a 500.
  // JSON only (the token endpoint adds form bodies in its own scope): anything else is a 415.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(new SandboxError(400, { message: `Malformed JSON body: ${(error as Error).message}` }), undefined);
    }
  });

  app.setErrorHandler((error: FastifyError | SandboxError, request, reply) => {
    if (error instanceof SandboxError) {
      return reply.code(error.statusCode).send(errorResult(request.id, error.errors, error.errorType));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send(errorResult(request.id, [{ message: error.message }]));
    }
    request.log.error({ err: error }, 'sandbox request failed');
    return reply.code(500).send(errorResult(request.id, [{ message: 'Internal error' }], 'api_error'));
  });

  app.setNotFoundHandler((request: FastifyRequest, reply) =>
    reply
      .code(404)
      .send(
        errorResult(request.id, [
          { message: `No such endpoint: ${request.method} ${request.url.split('?')[0]}` },
        ]),
      ),
  );

  app.register(oauthRoutes, { clients: options.clients, tokens });
  app.register(
    async (v1) => {
      v1.addHook('onRequest', auth.authenticate);
      await v1.register(providerLocationRoutes, { store });
      await v1.register(appointmentRoutes, { store, auth });
    },
    { prefix: '/v1' },
  );
  app.register(adminRoutes, { prefix: '/_sandbox', store });

  return { app, store };
}

/** Builds the sandbox and listens (default host 127.0.0.1; port 0 picks a free port). */
export async function startSandbox(
  options: SandboxOptions & { host?: string; port: number },
): Promise<{ url: string; store: SandboxStore; close(): Promise<void> }> {
  const { app, store } = buildSandbox(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port });
  const address = app.server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    store,
    close: () => app.close(),
  };
}
