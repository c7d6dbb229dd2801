import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DirectoryServices } from './directory-services.ts';
import { dataEnvelope, pagedEnvelope } from './envelopes.ts';
import { buildingTypes } from './facilities.ts';
import { requireSearchPlan } from './insurance-plans.ts';
import { EMPTY_ZIP_CODE, ERROR_FACILITY_ID, ERROR_ZIP_CODE } from './magic-values.ts';
import { alwaysCheck, given, nextPageUrl, pageSlice } from './paging.ts';
import { MAX_DISTANCE_MI, zipCodeParam } from './provider-location-routes.ts';
import { commaList, intParam, orRequired, parseOr400, queryParam } from './request-validation.ts';
import { invalid, notFound, SandboxError } from './sandbox-errors.ts';
import type { SandboxStore } from './sandbox-store.ts';
import { placeOfZip } from './zip-geography.ts';

/** GET /v1-beta/facilities and /v1-beta/facilities/{facility_id} (§5.10). Any valid token. */

export const MAX_FACILITY_NPIS = 50;
export const MAX_FACILITY_PAGE = 10;
export const MAX_FACILITY_PAGE_SIZE = 50;
export const DEFAULT_FACILITY_PAGE_SIZE = 10;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const facilitiesQuerySchema = z
  .object({
    npis: queryParam(commaList({ max: MAX_FACILITY_NPIS }).optional()),
    zip_code: queryParam(zipCodeParam.optional()),
    building_type: queryParam(z.enum(buildingTypes, orRequired('must be clinic or hospital')).optional()),
    page: queryParam(intParam(0, MAX_FACILITY_PAGE).optional()),
    page_size: queryParam(intParam(1, MAX_FACILITY_PAGE_SIZE).optional()),
    visit_reason_id: queryParam(z.string().trim().min(1).optional()),
    insurance_plan_id: queryParam(z.string().trim().min(1).optional()),
    max_distance_to_patient_mi: queryParam(intParam(1, MAX_DISTANCE_MI).optional()),
  })
  .superRefine((query, ctx) => {
    if (!given(query.npis) && !given(query.zip_code)) {
      ctx.addIssue({ code: 'custom', path: ['npis'], message: 'or zip_code is required' });
    }
  }, alwaysCheck);

export async function facilityRoutes(
  app: FastifyInstance,
  options: { store: SandboxStore; services: DirectoryServices },
) {
  const { store, services } = options;

  app.get('/facilities', async (request) => {
    const query = parseOr400(facilitiesQuerySchema, request.query);
    if (query.visit_reason_id !== undefined && !store.directory.visitReason(query.visit_reason_id)) {
      throw invalid(
        'visit_reason_id',
        `visit_reason_id ${query.visit_reason_id} is not a known visit reason`,
      );
    }
    if (query.insurance_plan_id !== undefined) requireSearchPlan(services.catalog, query.insurance_plan_id);
    if (query.zip_code === ERROR_ZIP_CODE) {
      throw new SandboxError(500, {
        message: `Internal error (sandbox test value zip_code ${ERROR_ZIP_CODE})`,
      });
    }
    const facilities =
      query.zip_code === EMPTY_ZIP_CODE
        ? []
        : services.facilities.search({
            npis: query.npis,
            place: query.zip_code === undefined ? undefined : placeOfZip(query.zip_code),
            maxDistanceMi: query.max_distance_to_patient_mi ?? MAX_DISTANCE_MI,
            buildingType: query.building_type,
            visitReasonId: query.visit_reason_id,
            insurancePlanId: query.insurance_plan_id,
          });
    const page = { page: query.page ?? 0, pageSize: query.page_size ?? DEFAULT_FACILITY_PAGE_SIZE };
    return pagedEnvelope(request, {
      page: page.page,
      pageSize: page.pageSize,
      totalCount: facilities.length,
      nextUrl: nextPageUrl(request, page, facilities.length, MAX_FACILITY_PAGE),
      data: pageSlice(facilities, page),
    });
  });

  app.get<{ Params: { facility_id: string } }>('/facilities/:facility_id', async (request) => {
    const id = request.params.facility_id;
    if (id.toLowerCase() === ERROR_FACILITY_ID) {
      throw new SandboxError(500, { message: `Internal error (sandbox test facility ${ERROR_FACILITY_ID})` });
    }
    if (!UUID.test(id)) throw invalid('facility_id', `facility_id ${id} is not a facility id (a UUID)`);
    const facility = services.facilities.get(id.toLowerCase());
    if (!facility) throw notFound('facility_id', `Facility ${id} was not found`);
    return dataEnvelope(request, facility);
  });
}
