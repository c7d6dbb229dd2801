import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConnectionStore } from '../connections/connection-store.ts';
import { verifyWebhookSignature } from '../triggers/zocdoc/webhook-signature.ts';
import { badRequest, issuesToFieldErrors, notFound, ProblemError, problemResponses } from './problem.ts';

/** Called once a signed webhook is accepted; the caller fetches and diffs in the background. */
export type OnAppointmentWebhook = (connectionId: string, appointmentId: string) => void;

const eventSchema = z.looseObject({
  event_type: z.literal('appointment_updated'),
  data: z.looseObject({
    data_type: z.literal('appointment_data'),
    appointment_data: z.looseObject({ appointment_id: z.string().min(1).max(100) }),
  }),
});

/**
 * Zocdoc's webhooks (zocdoc-api.md §11), one URL per connection, authenticated by the
 * connection's signing key instead of an API key. The answer is immediate: Zocdoc does
 * not retry on a status code, and the appointment is read and diffed in the background,
 * with polling as the safety net for any webhook lost on the way.
 */
export function webhookRoutes(deps: {
  connections: ConnectionStore;
  onAppointmentWebhook: OnAppointmentWebhook;
  now?: () => Date;
}): FastifyPluginAsyncZod {
  return async (app) => {
    // The signature covers the exact bytes sent, so the body must reach us unparsed.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );

    app.post(
      '/webhooks/zocdoc/:connection_id',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Receive a signed Zocdoc webhook for a connection',
          description:
            'Set the connection’s webhook_key to Zocdoc’s shared key and give Zocdoc this URL. A valid ' +
            'appointment_updated event makes apptflow read that appointment at once (202); a bad signature or ' +
            'a timestamp more than 5 minutes off is a 401.',
          security: [],
          params: z.object({ connection_id: z.uuid().describe('The connection the webhook is for') }),
          response: { 202: z.object({ accepted: z.literal(true) }), ...problemResponses },
        },
      },
      async (request, reply) => {
        const connectionId = request.params.connection_id;
        const key = await deps.connections.webhookKey(connectionId);
        if (!key) throw notFound(`No connection ${connectionId} accepts webhooks`);
        const rawBody = typeof request.body === 'string' ? request.body : '';
        const header = (name: string) => {
          const value = request.headers[name];
          return Array.isArray(value) ? value.join(';') : value;
        };
        const check = verifyWebhookSignature({
          key,
          timestamp: header('webhook-timestamp'),
          signature: header('webhook-signature'),
          rawBody,
          now: (deps.now ?? (() => new Date()))(),
        });
        if (!check.ok) throw new ProblemError(401, `Webhook refused: ${check.reason}`);

        let json: unknown;
        try {
          json = JSON.parse(rawBody);
        } catch {
          throw badRequest('The webhook body is not JSON');
        }
        const event = eventSchema.safeParse(json);
        if (!event.success) {
          throw badRequest(
            'Not an appointment_updated event',
            issuesToFieldErrors('body', event.error.issues),
          );
        }
        deps.onAppointmentWebhook(connectionId, event.data.data.appointment_data.appointment_id);
        return reply.code(202).send({ accepted: true as const });
      },
    );
  };
}
