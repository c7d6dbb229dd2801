import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { adminRoutes } from './admin-routes.ts';
import type { OutcomeSettings } from './appointment-outcomes.ts';
import { appointmentRoutes } from './appointment-routes.ts';
import { attachmentRoutes } from './attachment-routes.ts';
import { createAuthorizationCodeStore } from './authorization-codes.ts';
import { authorizeRoutes } from './authorize-routes.ts';
import { createBearerAuth } from './bearer-auth.ts';
import { directoryAdminRoutes } from './directory-admin-routes.ts';
import { directoryRoutes } from './directory-routes.ts';
import { createDirectoryServices, type DirectoryServices } from './directory-services.ts';
import { errorResult } from './envelopes.ts';
import { facilityRoutes } from './facility-routes.ts';
import { createFaultInjector, type FaultInjector } from './fault-injection.ts';
import { DEFAULT_PUBLIC_CLIENT, type SandboxPublicClient } from './oauth-clients.ts';
import { oauthRoutes } from './oauth-routes.ts';
import { createRefreshTokenStore } from './refresh-tokens.ts';
import { createSandboxClock, type SandboxClock } from './sandbox-clock.ts';
import { SandboxError } from './sandbox-errors.ts';
import { createSandboxStore, type SandboxStore } from './sandbox-store.ts';
import { defaultSandboxUsers, type SandboxUser } from './sandbox-users.ts';
import { createTimeslotStore } from './timeslot-store.ts';
import { createTokenStore } from './token-store.ts';
import { createWebhookDispatcher, type WebhookDispatcher } from './webhook-dispatcher.ts';
import { webhookRoutes } from './webhook-routes.ts';

/**
 * The built-in Zocdoc sandbox: a fastify app that simulates the Zocdoc Developer API
 * (see README.md in this folder and /work/shared/zocdoc-api.md). Routes:
 *   POST /oauth/token               client credentials, authorization code, refresh token (oauth-routes.ts)
 *   GET|POST /authorize             sign-in page of the code + PKCE flow (authorize-routes.ts)
 *   /v1/…                           the API, bearer-authenticated (directory-, appointment-routes.ts)
 *   /v1-beta/facilities             facilities, bearer-authenticated (facility-routes.ts)
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
  /** How long an accepted insurance-mapping update (§5.9) takes to apply, by the clock; default 2000. */
  insuranceMappingDelayMs?: number;
  /** Public (SPA) clients of the authorization-code flow; default one, `apptflow-sandbox-spa`. */
  publicClients?: SandboxPublicClient[];
  /** Who can sign in on /authorize; default two sandbox patients (see README.md). */
  users?: SandboxUser[];
  /** Largest attachment upload in bytes; default 100 MB (§5.19). */
  attachmentMaxBytes?: number;
  /** Server-driven outcomes of bookings and reschedules (§10); default on, after 10 minutes. */
  outcomes?: Partial<OutcomeSettings>;
  /** How often (real ms) a listening server applies due outcomes without a request (webhooks); 0 = never. Default 1000. */
  outcomeSweepMs?: number;
  /** Webhook delivery: no response within this is a timeout (default 5000, §11). */
  webhookTimeoutMs?: number;
  /** Webhook delivery: waits before each retry after a connection failure or timeout. */
  webhookRetryDelaysMs?: number[];
  /** Seed of the fault-injection PRNG (default 1); PUT /_sandbox/faults may set another. */
  faultSeed?: number;
}

export interface Sandbox {
  app: FastifyInstance;
  store: SandboxStore;
  /** Insurance plans and mappings, facilities, calendar timeslots, the schedulable-entity feed. */
  directory: DirectoryServices;
  /** The effective clock (injected clock + the operator's offset). */
  clock: SandboxClock;
  webhooks: WebhookDispatcher;
  faults: FaultInjector;
}

const DEFAULT_TOKEN_TTL_SECONDS = 3600;
const BODY_LIMIT_BYTES = 1024 * 1024;

export function buildSandbox(options: SandboxOptions): Sandbox {
  // Everything reads the effective clock: the injected one plus PUT /_sandbox/clock's offset.
  const sandboxClock = createSandboxClock(options.clock ?? (() => new Date()));
  const clock = sandboxClock.now;
  // Availability reads the calendar, so it exists before the store; the rest of the
  // directory state needs the store's directory, so it comes after (the closures below
  // only run once both exist).
  const calendar = createTimeslotStore({ clock });
  const store = createSandboxStore({
    clock,
    calendar,
    isInNetwork: (providerLocationId, planId) => directory.mappings.accepts(providerLocationId, planId),
    onReset: () => directory.reset(),
    outcomes: options.outcomes,
    ...(options.seedFixtureAppointments === undefined
      ? {}
      : { seedFixtureAppointments: options.seedFixtureAppointments }),
  });
  const directory = createDirectoryServices({
    clock,
    store,
    calendar,
    insuranceMappingDelayMs: options.insuranceMappingDelayMs,
  });
  const tokens = createTokenStore({
    clock,
    ttlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
  });
  const auth = createBearerAuth(tokens);
  const publicClients = options.publicClients ?? [DEFAULT_PUBLIC_CLIENT];
  const users = options.users ?? [...defaultSandboxUsers];
  const codes = createAuthorizationCodeStore(clock);
  const refreshTokens = createRefreshTokenStore(clock);
  const machineClients = new Set(options.clients.map((c) => c.clientId));
  const webhooks = createWebhookDispatcher({
    clock,
    isMachineClient: (clientId) => machineClients.has(clientId),
    ...(options.webhookTimeoutMs === undefined ? {} : { timeoutMs: options.webhookTimeoutMs }),
    ...(options.webhookRetryDelaysMs === undefined ? {} : { retryDelaysMs: options.webhookRetryDelaysMs }),
  });
  store.subscribe(webhooks.onChange);
  const faults = createFaultInjector({
    clock,
    clientOf: (request) => {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
      return token === undefined ? undefined : tokens.verify(token)?.clientId;
    },
    ...(options.faultSeed === undefined ? {} : { seed: options.faultSeed }),
  });

  const app = Fastify({
    logger: options.logger ?? false,
    genReqId: () => randomUUID(),
    bodyLimit: BODY_LIMIT_BYTES,
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Operator-set faults (fault-injection.ts): before authentication, on /v1 and /oauth only.
  app.addHook('onRequest', faults.onRequest);
  app.addHook('onSend', faults.onSend);

  // Due outcomes also apply without a request, so their webhooks go out on time. Reads
  // settle lazily anyway; this timer only adds liveness to a listening server (inject()
  // tests need none), and stops with the app.
  let sweep: NodeJS.Timeout | undefined;
  const sweepMs = options.outcomeSweepMs ?? 1000;
  app.addHook('onListen', async () => {
    if (sweepMs > 0 && !sweep) sweep = setInterval(() => store.settleOutcomes(), sweepMs).unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    webhooks.close();
    faults.close();
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

  app.register(oauthRoutes, {
    clients: options.clients,
    publicClients,
    users,
    tokens,
    codes,
    refreshTokens,
    clock,
  });
  app.register(authorizeRoutes, { publicClients, users, codes });
  app.register(
    async (v1) => {
      v1.addHook('onRequest', auth.authenticate);
      await v1.register(directoryRoutes, { store, auth, services: directory });
      await v1.register(appointmentRoutes, { store, auth });
      await v1.register(attachmentRoutes, { store, auth, maxBytes: options.attachmentMaxBytes });
      await v1.register(webhookRoutes, { webhooks });
    },
    { prefix: '/v1' },
  );
  app.register(
    async (beta) => {
      beta.addHook('onRequest', auth.authenticate);
      await beta.register(facilityRoutes, { store, services: directory });
    },
    { prefix: '/v1-beta' },
  );
  app.register(adminRoutes, {
    prefix: '/_sandbox',
    store,
    clock: sandboxClock,
    webhooks,
    faults,
    users,
    clientIds: [...machineClients, ...publicClients.map((c) => c.clientId)],
  });
  app.register(directoryAdminRoutes, { prefix: '/_sandbox', services: directory });

  return { app, store, directory, clock: sandboxClock, webhooks, faults };
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
