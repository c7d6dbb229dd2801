import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AdminRouteOptions } from './admin-routes.ts';
import { dataEnvelope } from './envelopes.ts';
import { errorFaultStatuses, type FaultConfig } from './fault-injection.ts';
import { formatUtc, parseOffsetDateTime } from './local-time.ts';
import { orRequired, parseOr400 } from './request-validation.ts';
import { invalid, notFound } from './sandbox-errors.ts';
import { isBase64Key } from './webhook-signing.ts';

/**
 * Operator controls under /_sandbox/ (not part of Zocdoc; see admin-routes.ts):
 *   GET|PUT /clock                     the effective clock's offset
 *   GET|PUT /lifecycle, POST /lifecycle/settle   server-driven outcomes (§10)
 *   GET|PUT /webhooks, DELETE /webhooks/:client_id, GET /webhooks/deliveries   (§11)
 *   GET|PUT|DELETE /faults             fault injection on /v1 and /oauth
 *   GET /users                         who can sign in on /authorize
 * Bodies strict, as everywhere on the admin surface.
 */

const MAX_LATENCY_MS = 60_000;

const rate = z
  .number(orRequired('must be a number from 0 to 1'))
  .min(0, { error: 'must be from 0 to 1' })
  .max(1, { error: 'must be from 0 to 1' });

const clockSchema = z
  .strictObject({
    offset_ms: z.number(orRequired('must be a number')).int({ error: 'must be an integer' }).optional(),
    now: z
      .string(orRequired('must be a string'))
      .refine((v) => parseOffsetDateTime(v) !== undefined, {
        error: 'must be an ISO-8601 date-time with an offset, e.g. 2026-11-23T09:00:00Z',
      })
      .optional(),
  })
  .refine((body) => (body.offset_ms === undefined) !== (body.now === undefined), {
    error: 'must give exactly one of offset_ms and now',
  });

const lifecycleSchema = z.strictObject({
  auto_outcomes: z.boolean(orRequired('must be true or false')).optional(),
  outcome_delay_ms: z
    .number(orRequired('must be a number'))
    .int({ error: 'must be an integer' })
    .min(0, { error: 'must be at least 0' })
    .optional(),
  booking_outcome: z
    .enum(['confirmed', 'booking_failed'], orRequired('must be confirmed or booking_failed'))
    .optional(),
  reschedule_outcome: z
    .enum(['rescheduled', 'reschedule_failed'], orRequired('must be rescheduled or reschedule_failed'))
    .optional(),
});

const webhookSchema = (clientIds: readonly string[]) =>
  z.strictObject({
    client_id: z.string(orRequired('must be a string')).refine((id) => clientIds.includes(id), {
      error: `must be a known client id (${clientIds.join(', ')})`,
    }),
    url: z.url({
      protocol: /^https?$/,
      error: (issue) => (issue.input === undefined ? 'is required' : 'must be an http(s) URL'),
    }),
    key: z
      .string(orRequired('must be a string'))
      .refine(isBase64Key, { error: 'must be a base64-encoded key' }),
  });

const faultRuleSchema = z.strictObject({
  path: z
    .string(orRequired('must be a string'))
    .regex(/^[/*]/, { error: 'must be a path pattern starting with / or *, e.g. /v1/appointments*' }),
  methods: z
    .array(
      z.enum(
        ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        orRequired('must be GET, POST, PUT, PATCH or DELETE'),
      ),
    )
    .min(1, { error: 'must list at least one method' })
    .optional(),
  latency_ms: z
    .number(orRequired('must be a number'))
    .int({ error: 'must be an integer' })
    .min(0, { error: 'must be at least 0' })
    .max(MAX_LATENCY_MS, { error: `must be at most ${MAX_LATENCY_MS}` })
    .optional(),
  error: z
    .strictObject({
      rate,
      status: z.union(
        errorFaultStatuses.map((s) => z.literal(s)),
        orRequired(`must be one of ${errorFaultStatuses.join(', ')}`),
      ),
      retry_after_seconds: z
        .number(orRequired('must be a number'))
        .int({ error: 'must be an integer' })
        .min(0, { error: 'must be at least 0' })
        .nullish(),
    })
    .optional(),
  drop: z
    .strictObject({
      rate,
      when: z
        .enum(
          ['before_processing', 'after_processing'],
          orRequired('must be before_processing or after_processing'),
        )
        .optional(),
    })
    .optional(),
  malformed: z.strictObject({ rate }).optional(),
  rate_limit: z
    .strictObject({
      requests_per_second: z.number(orRequired('must be a number')).positive({ error: 'must be positive' }),
      burst: z.number(orRequired('must be a number')).int({ error: 'must be an integer' }).min(1, {
        error: 'must be at least 1',
      }),
    })
    .optional(),
});

const faultsSchema = z.strictObject({
  seed: z.number(orRequired('must be a number')).int({ error: 'must be an integer' }).optional(),
  rules: z.array(faultRuleSchema, orRequired('must be an array of rules')),
});

export async function operatorRoutes(app: FastifyInstance, options: AdminRouteOptions) {
  const { store, clock, webhooks, faults } = options;

  const clockView = () => ({
    now: formatUtc(clock.now().getTime()),
    base_now: formatUtc(clock.base().getTime()),
    offset_ms: clock.offsetMs(),
  });

  app.get('/clock', async (request) => dataEnvelope(request, clockView()));

  // Moving the clock applies whatever became due at once (outcomes, with their webhooks).
  app.put('/clock', async (request) => {
    const body = parseOr400(clockSchema, request.body);
    if (body.offset_ms !== undefined) clock.setOffset(body.offset_ms);
    else clock.setNow(new Date(parseOffsetDateTime(body.now!)!));
    store.settleOutcomes();
    return dataEnvelope(request, clockView());
  });

  const lifecycleView = () => {
    const settings = store.outcomeSettings();
    return {
      auto_outcomes: settings.enabled,
      outcome_delay_ms: settings.delayMs,
      booking_outcome: settings.booking,
      reschedule_outcome: settings.reschedule,
    };
  };

  app.get('/lifecycle', async (request) => dataEnvelope(request, lifecycleView()));

  app.put('/lifecycle', async (request) => {
    const body = parseOr400(lifecycleSchema, request.body ?? {});
    store.configureOutcomes({
      ...(body.auto_outcomes === undefined ? {} : { enabled: body.auto_outcomes }),
      ...(body.outcome_delay_ms === undefined ? {} : { delayMs: body.outcome_delay_ms }),
      ...(body.booking_outcome === undefined ? {} : { booking: body.booking_outcome }),
      ...(body.reschedule_outcome === undefined ? {} : { reschedule: body.reschedule_outcome }),
    });
    return dataEnvelope(request, lifecycleView());
  });

  app.post('/lifecycle/settle', async (request) =>
    dataEnvelope(request, { applied: store.settleOutcomes() }),
  );

  app.get('/webhooks', async (request) => dataEnvelope(request, webhooks.registrations()));

  // One registration per client; a PUT replaces it.
  app.put('/webhooks', async (request) => {
    const body = parseOr400(webhookSchema(options.clientIds), request.body);
    return dataEnvelope(request, webhooks.register(body));
  });

  app.delete<{ Params: { client_id: string } }>('/webhooks/:client_id', async (request) => {
    if (!webhooks.unregister(request.params.client_id)) {
      throw notFound('client_id', `No webhook is registered for client ${request.params.client_id}`);
    }
    return dataEnvelope(request, { client_id: request.params.client_id, deleted: true });
  });

  app.get('/webhooks/deliveries', async (request) => dataEnvelope(request, webhooks.deliveries()));

  app.get('/faults', async (request) => dataEnvelope(request, faults.config()));

  // Replaces every rule (and reseeds the PRNG: the same PUT replays the same faults).
  app.put('/faults', async (request) => {
    const body = parseOr400(faultsSchema, request.body);
    const config: FaultConfig = { seed: body.seed ?? faults.config().seed, rules: body.rules };
    if (config.rules.some((rule) => rule.path.startsWith('/_sandbox'))) {
      throw invalid('rules', 'faults never apply to /_sandbox');
    }
    return dataEnvelope(request, faults.configure(config));
  });

  app.delete('/faults', async (request) => {
    faults.reset();
    return dataEnvelope(request, faults.config());
  });

  app.get('/users', async (request) => dataEnvelope(request, options.users));
}
