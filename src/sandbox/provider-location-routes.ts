import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { BearerAuth } from './bearer-auth.ts';
import { type ProviderLocation, patientTypes } from './directory.ts';
import type { DirectoryServices } from './directory-services.ts';
import { dataEnvelope } from './envelopes.ts';
import { insuranceMappingOperations } from './insurance-mapping-store.ts';
import { requireSearchPlan } from './insurance-plans.ts';
import { EMPTY_ZIP_CODE, ERROR_PROVIDER_LOCATION_ID, ERROR_ZIP_CODE } from './magic-values.ts';
import { alwaysCheck, given, nextPageUrl, pagedObjectEnvelope, pageSlice } from './paging.ts';
import { searchProviderLocations, visitTypes } from './provider-location-search.ts';
import { providerLocationView } from './provider-views.ts';
import { commaList, intParam, orRequired, parseOr400, queryParam } from './request-validation.ts';
import { invalid, notFound, SandboxError } from './sandbox-errors.ts';
import type { SandboxStore } from './sandbox-store.ts';
import { placeOfZip } from './zip-geography.ts';

/**
 * Provider-location resources under /v1 (zocdoc-api.md §5.6–§5.9): search, one by id,
 * availability and insurance mappings. Any valid token, except that changing insurance
 * mappings needs external.provider_insurance.write.
 */

export const MAX_AVAILABILITY_LOCATIONS = 50;
/** §5.6 as the 1.22 page shows it. */
export const MAX_SEARCH_PAGE = 10;
export const MAX_SEARCH_PAGE_SIZE = 50;
export const DEFAULT_SEARCH_PAGE_SIZE = 10;
/** Default 50 (§5.6); the range is the facility search's (§5.10), the docs give none here. */
export const MAX_DISTANCE_MI = 50;
/** Not documented; bounds a request that could otherwise be arbitrarily large. */
export const MAX_MAPPING_PLAN_IDS = 10_000;

const PROVIDER_LOCATION_ID = /^pr_[^|]+\|lo_[^|]+$/;

export const zipCodeParam = z.string().regex(/^\d{5}$/, { error: 'must be a 5-digit zip code' });

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

const searchQuerySchema = z
  .object({
    zip_code: queryParam(zipCodeParam),
    specialty_id: queryParam(z.string().trim().min(1).optional()),
    visit_reason_id: queryParam(z.string().trim().min(1).optional()),
    page: queryParam(intParam(0, MAX_SEARCH_PAGE).optional()),
    page_size: queryParam(intParam(1, MAX_SEARCH_PAGE_SIZE).optional()),
    insurance_plan_id: queryParam(z.string().trim().min(1).optional()),
    visit_type: queryParam(
      z.enum(visitTypes, orRequired(`must be one of ${visitTypes.join(', ')}`)).optional(),
    ),
    max_distance_to_patient_mi: queryParam(intParam(1, MAX_DISTANCE_MI).optional()),
  })
  .superRefine((query, ctx) => {
    if (!given(query.specialty_id) && !given(query.visit_reason_id)) {
      ctx.addIssue({ code: 'custom', path: ['specialty_id'], message: 'or visit_reason_id is required' });
    }
  }, alwaysCheck);

const byIdQuerySchema = z.object({
  insurance_plan_id: queryParam(z.string().trim().min(1).optional()),
});

const mappingUpdateSchema = z
  .object(
    {
      operation: z.enum(insuranceMappingOperations, orRequired('must be Add, Remove or Replace')),
      insurance_plan_ids: z
        .array(
          z.string().trim().min(1, { error: 'must not be empty' }),
          orRequired('must be a list of plan ids'),
        )
        .max(MAX_MAPPING_PLAN_IDS, { error: `must list at most ${MAX_MAPPING_PLAN_IDS} plan ids` }),
    },
    orRequired('must be a JSON object'),
  )
  .superRefine((body, ctx) => {
    // Replace with [] clears the mappings; Add or Remove with [] would do nothing at all.
    if (body.operation !== 'Replace' && body.insurance_plan_ids.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['insurance_plan_ids'],
        message: `must list at least one plan id for ${body.operation}`,
      });
    }
  });

const simulatedFault = () =>
  new SandboxError(500, { message: 'Internal error (sandbox test value pr_error|lo_error)' });

export async function providerLocationRoutes(
  app: FastifyInstance,
  options: { store: SandboxStore; auth: BearerAuth; services: DirectoryServices },
) {
  const { store, services } = options;
  const directory = store.directory;
  const ctx = { store, mappings: services.mappings };

  /** The provider location of a path parameter: 500 / 400 / 404 as §12 and §3.3 say. */
  const requireProviderLocation = (id: string): ProviderLocation => {
    if (id === ERROR_PROVIDER_LOCATION_ID) throw simulatedFault();
    if (!PROVIDER_LOCATION_ID.test(id)) {
      throw invalid('provider_location_id', `provider_location_id ${id} is not of the form pr_…|lo_…`);
    }
    const pl = directory.providerLocation(id);
    if (!pl) throw notFound('provider_location_id', `Provider location ${id} was not found`);
    return pl;
  };

  // §5.8.
  app.get('/provider_locations/availability', async (request) => {
    const query = parseOr400(availabilityQuerySchema, request.query);
    if (query.provider_location_ids.includes(ERROR_PROVIDER_LOCATION_ID)) throw simulatedFault();
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

  // §5.6 search.
  app.get('/provider_locations', async (request) => {
    const query = parseOr400(searchQuerySchema, request.query);
    const specialty = query.specialty_id === undefined ? undefined : directory.specialty(query.specialty_id);
    if (query.specialty_id !== undefined && !specialty) {
      throw invalid('specialty_id', `specialty_id ${query.specialty_id} is not a known specialty`);
    }
    const reason =
      query.visit_reason_id === undefined ? undefined : directory.visitReason(query.visit_reason_id);
    if (query.visit_reason_id !== undefined && !reason) {
      throw invalid(
        'visit_reason_id',
        `visit_reason_id ${query.visit_reason_id} is not a known visit reason`,
      );
    }
    if (specialty && reason && reason.specialty_id !== specialty.specialty_id) {
      throw invalid(
        'visit_reason_id',
        `visit_reason_id ${reason.visit_reason_id} does not belong to specialty ${specialty.specialty_id}`,
      );
    }
    if (query.insurance_plan_id !== undefined) requireSearchPlan(services.catalog, query.insurance_plan_id);
    if (query.zip_code === ERROR_ZIP_CODE) {
      throw new SandboxError(500, {
        message: `Internal error (sandbox test value zip_code ${ERROR_ZIP_CODE})`,
      });
    }
    const searchParameters = {
      specialty_id: specialty?.specialty_id ?? reason!.specialty_id,
      visit_reason_id: reason?.visit_reason_id ?? specialty!.default_visit_reason_id,
    };
    const hits =
      query.zip_code === EMPTY_ZIP_CODE
        ? []
        : searchProviderLocations(directory, {
            place: placeOfZip(query.zip_code),
            visitReasonId: searchParameters.visit_reason_id,
            visitType: query.visit_type ?? 'in_person',
            maxDistanceMi: query.max_distance_to_patient_mi ?? MAX_DISTANCE_MI,
          });
    const page = { page: query.page ?? 0, pageSize: query.page_size ?? DEFAULT_SEARCH_PAGE_SIZE };
    return pagedObjectEnvelope(
      request,
      page,
      hits.length,
      nextPageUrl(request, page, hits.length, MAX_SEARCH_PAGE),
      {
        search_parameters: searchParameters,
        provider_locations: pageSlice(hits, page).map((hit) =>
          providerLocationView(ctx, hit.pl, {
            insurancePlanId: query.insurance_plan_id,
            distance: hit.distance,
          }),
        ),
      },
    );
  });

  // §5.7.
  app.get<{ Params: { provider_location_id: string } }>(
    '/provider_locations/:provider_location_id',
    async (request) => {
      const pl = requireProviderLocation(request.params.provider_location_id);
      const query = parseOr400(byIdQuerySchema, request.query);
      if (query.insurance_plan_id !== undefined) requireSearchPlan(services.catalog, query.insurance_plan_id);
      return dataEnvelope(
        request,
        providerLocationView(ctx, pl, { insurancePlanId: query.insurance_plan_id }),
      );
    },
  );

  // §5.9 read: what the location takes now (updates whose delay has passed included).
  app.get<{ Params: { provider_location_id: string } }>(
    '/provider_locations/:provider_location_id/insurance_mappings',
    async (request) => {
      const pl = requireProviderLocation(request.params.provider_location_id);
      return dataEnvelope(request, services.mappings.mappings(pl));
    },
  );

  // §5.9 update: 202 at once; the change shows after the configured delay (by the clock).
  app.post<{ Params: { provider_location_id: string } }>(
    '/provider_locations/:provider_location_id/insurance_mappings',
    { onRequest: options.auth.requireScope('external.provider_insurance.write') },
    async (request, reply) => {
      const pl = requireProviderLocation(request.params.provider_location_id);
      const body = parseOr400(mappingUpdateSchema, request.body);
      services.mappings.requestUpdate(pl, body.operation, body.insurance_plan_ids);
      return reply.code(202).send({ request_id: request.id });
    },
  );
}
