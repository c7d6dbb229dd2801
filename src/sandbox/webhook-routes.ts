import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  type AppointmentUpdateType,
  appointmentUpdateTypes,
  type ChangedAttribute,
} from './appointment-events.ts';
import { orRequired, parseOr400 } from './request-validation.ts';
import { invalid } from './sandbox-errors.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';
import { isBase64Key } from './webhook-signing.ts';

/**
 * POST /v1/webhook/mock-request (zocdoc-api.md §5.21, sandbox only): posts one signed sample
 * event to `webhook_url` and answers with that same event. Any valid token (no scope is
 * declared). The sample is about the confirmed fixture appointment.
 */

/** The confirmed fixture appointment (§12 `d2ee5bd8-…`), the subject of every sample event. */
export const SAMPLE_APPOINTMENT_ID = 'd2ee5bd8-643a-42c8-8c5a-be450e903430';

const sampleChanges: Readonly<Record<AppointmentUpdateType, ChangedAttribute[]>> = {
  updated: [{ attribute_path: 'appointment.start_time' }],
  cancelled: [{ attribute_path: 'appointment.status' }],
  created: [],
};

const mockRequestSchema = z.object(
  {
    webhook_url: z.url({
      protocol: /^https?$/,
      error: (issue) => (issue.input === undefined ? 'is required' : 'must be an http(s) URL'),
    }),
    webhook_key: z
      .string(orRequired('must be a string'))
      .refine(isBase64Key, { error: 'must be a base64-encoded key' }),
    appointment_update_type: z
      .enum(appointmentUpdateTypes, orRequired(`must be one of ${appointmentUpdateTypes.join(', ')}`))
      .nullish(),
  },
  orRequired('must be a JSON object'),
);

export async function webhookRoutes(app: FastifyInstance, options: { webhooks: WebhookDispatcher }) {
  app.post('/webhook/mock-request', async (request) => {
    const body = parseOr400(mockRequestSchema, request.body);
    const updateType = body.appointment_update_type ?? 'updated';
    const record = await options.webhooks.sendMock({
      url: body.webhook_url,
      key: body.webhook_key,
      appointmentId: SAMPLE_APPOINTMENT_ID,
      updateType,
      changedAttributes: sampleChanges[updateType],
    });
    const attempt = record.attempts[0];
    if (attempt?.outcome !== 'response') {
      // The docs say nothing; a test tool that hides an unreachable URL helps no one.
      throw invalid(
        'webhook_url',
        `webhook_url could not be reached: ${attempt?.error ?? 'not attempted'} (the event was not delivered)`,
      );
    }
    // §5.21: the 200 body is the event itself, whatever the receiver answered, with the
    // request_id every body carries (§3.1) in front: {request_id, event_type, webhook_timestamp, data}.
    return { request_id: request.id, ...record.event };
  });
}
