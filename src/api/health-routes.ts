import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export type CheckHealth = () => Promise<Record<string, boolean>>;

const healthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.boolean()).describe('Each dependency and whether it answered'),
});

/** A check that hangs must not hang the probe: past this, the dependency counts as down. */
const CHECK_TIMEOUT_MS = 3_000;

export function healthRoutes(deps: { checkHealth: CheckHealth }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          tags: ['health'],
          summary: 'Liveness of the API and its dependencies',
          security: [],
          response: { 200: healthSchema, 503: healthSchema },
        },
      },
      async (request, reply) => {
        let checks: Record<string, boolean>;
        try {
          checks = await withTimeout(deps.checkHealth(), CHECK_TIMEOUT_MS);
        } catch (error) {
          request.log.error({ err: error }, 'health check failed');
          checks = { health_check: false };
        }
        const ok = Object.values(checks).every(Boolean);
        return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
      },
    );
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
