import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DirectoryServices } from './directory-services.ts';
import { dataEnvelope } from './envelopes.ts';
import { orRequired, parseOr400 } from './request-validation.ts';
import { entityEvents } from './schedulable-entities.ts';

/**
 * The directory's part of the admin surface /_sandbox/ (not Zocdoc; no auth, strict bodies
 * like the rest of it): drive the schedulable-entity feed's change history, and look at the
 * insurance-mapping queue.
 */

const eventSchema = z.strictObject(
  { event: z.enum(entityEvents, orRequired(`must be one of ${entityEvents.join(', ')}`)) },
  orRequired('must be a JSON object'),
);

export async function directoryAdminRoutes(app: FastifyInstance, options: { services: DirectoryServices }) {
  const { services } = options;

  // Records an add / removal / profile update of a provider location now, by the clock.
  app.post<{ Params: { provider_location_id: string } }>(
    '/schedulable-entities/:provider_location_id/events',
    async (request) => {
      const { event } = parseOr400(eventSchema, request.body);
      const id = request.params.provider_location_id;
      services.entities.record(id, event);
      return dataEnvelope(request, {
        provider_location_id: id,
        event,
        live: services.entities.isLive(id),
      });
    },
  );

  app.get('/insurance-mappings/pending', async (request) => {
    services.mappings.applyDue();
    return dataEnvelope(request, { pending: services.mappings.pendingCount() });
  });
}
