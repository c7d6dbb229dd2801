import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DirectoryServices } from './directory-services.ts';
import { dataEnvelope, pagedEnvelope } from './envelopes.ts';
import {
  careCategories,
  insuranceNetworkTypes,
  insuranceProgramTypes,
  insuranceStatuses,
} from './insurance-plans.ts';
import { nextPageUrl, pageSlice } from './paging.ts';
import { usStateCodes } from './patient-validation.ts';
import { intParam, orRequired, parseOr400, queryParam } from './request-validation.ts';
import { invalid, notFound } from './sandbox-errors.ts';

/** GET /v1/insurance_plans and /v1/insurance_plans/{id} (§5.3–§5.4). Any valid token. */

export const MAX_PLAN_PAGE = 200;
export const MAX_PLAN_PAGE_SIZE = 500;
export const DEFAULT_PLAN_PAGE_SIZE = 100;

const oneOf = (values: readonly string[]) => orRequired(`must be one of ${values.join(', ')}`);
const networkType = z.enum(insuranceNetworkTypes, oneOf(insuranceNetworkTypes)).optional();

export const INSURANCE_PLAN_ID = /^ip_[A-Za-z0-9_-]+$/;

const plansQuerySchema = z.object({
  page: queryParam(intParam(0, MAX_PLAN_PAGE).optional()),
  page_size: queryParam(intParam(1, MAX_PLAN_PAGE_SIZE).optional()),
  status: queryParam(z.enum(insuranceStatuses, oneOf(insuranceStatuses)).optional()),
  state: queryParam(
    z
      .string()
      .transform((s) => s.trim().toUpperCase())
      .refine((s) => usStateCodes.has(s), { error: 'must be a two-letter USPS state code, e.g. NY' })
      .optional(),
  ),
  network_type: queryParam(networkType),
  // 1.22's name for network_type, still sent by some clients (§5.3).
  plan_type: queryParam(networkType),
  program_type: queryParam(z.enum(insuranceProgramTypes, oneOf(insuranceProgramTypes)).optional()),
  care_category: queryParam(z.enum(careCategories, oneOf(careCategories)).optional()),
});

export async function insuranceRoutes(app: FastifyInstance, options: { services: DirectoryServices }) {
  const { catalog } = options.services;

  app.get('/insurance_plans', async (request) => {
    const query = parseOr400(plansQuerySchema, request.query);
    if (query.network_type && query.plan_type && query.network_type !== query.plan_type) {
      throw invalid(
        'plan_type',
        'plan_type is the old name of network_type; give one of them, or the same value',
      );
    }
    const plans = catalog.query({
      status: query.status,
      state: query.state,
      network_type: query.network_type ?? query.plan_type,
      program_type: query.program_type,
      care_category: query.care_category,
    });
    const page = { page: query.page ?? 0, pageSize: query.page_size ?? DEFAULT_PLAN_PAGE_SIZE };
    return pagedEnvelope(request, {
      page: page.page,
      pageSize: page.pageSize,
      totalCount: plans.length,
      nextUrl: nextPageUrl(request, page, plans.length, MAX_PLAN_PAGE),
      data: pageSlice(plans, page),
    });
  });

  // Any status is found by id (inactive and deleted plans too): clients resolve old mappings.
  app.get<{ Params: { insurance_plan_id: string } }>(
    '/insurance_plans/:insurance_plan_id',
    async (request) => {
      const id = request.params.insurance_plan_id;
      if (!INSURANCE_PLAN_ID.test(id)) {
        throw invalid('insurance_plan_id', `insurance_plan_id ${id} is not an insurance plan id (ip_…)`);
      }
      const plan = catalog.get(id);
      if (!plan) throw notFound('insurance_plan_id', `Insurance plan ${id} was not found`);
      return dataEnvelope(request, plan);
    },
  );
}
