import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { patientTypes } from './directory.ts';
import { dataEnvelope } from './envelopes.ts';
import { commaList, orRequired, parseOr400, queryParam } from './request-validation.ts';
import type { SandboxStore } from './sandbox-store.ts';

/** Provider-location resources under /v1 (zocdoc-api.md §5.6–§5.9). For now: availability. */

export const MAX_AVAILABILITY_LOCATIONS = 50;

const availabilityQuerySchema = z.object({
  provider_location_ids: queryParam(commaList({ max: MAX_AVAILABILITY_LOCATIONS })),
  visit_reason_id: queryParam(z.string().trim().min(1)),
  patient_type: queryParam(z.enum(patientTypes, orRequired('must be new or existing'))),
  start_date_in_provider_local_time: queryParam(z.string().optional()),
  end_date_in_provider_local_time: queryParam(z.string().optional()),
  published_context: queryParam(
    z
      .enum(['direct_listing', 'condition_driven_search'], {
        error: 'must be direct_listing or condition_driven_search',
      })
      .optional(),
  ),
  insurance_plan_id: queryParam(z.string().optional()),
  insurance_carrier_id: queryParam(z.string().optional()),
});

export async function providerLocationRoutes(app: FastifyInstance, options: { store: SandboxStore }) {
  const { store } = options;

  // §5.8. Any valid token (no specific scope).
  app.get('/provider_locations/availability', async (request) => {
    const query = parseOr400(availabilityQuerySchema, request.query);
    const data = store.availability({
      providerLocationIds: query.provider_location_ids,
      visitReasonId: query.visit_reason_id,
      patientType: query.patient_type,
      startDate: query.start_date_in_provider_local_time,
      endDate: query.end_date_in_provider_local_time,
      insurancePlanId: query.insurance_plan_id,
      insuranceCarrierId: query.insurance_carrier_id,
    });
    return dataEnvelope(request, data);
  });
}
