import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DirectoryServices } from './directory-services.ts';
import { dataEnvelope } from './envelopes.ts';
import { requireSearchPlan } from './insurance-plans.ts';
import { ERROR_NPI } from './magic-values.ts';
import { alwaysCheck, given } from './paging.ts';
import { providerDetails } from './provider-views.ts';
import { commaList, parseOr400, queryParam } from './request-validation.ts';
import { providerReviews } from './reviews.ts';
import { invalid, notFound, SandboxError } from './sandbox-errors.ts';
import type { SandboxStore } from './sandbox-store.ts';
import { magicNpiProviders } from './seed-data.ts';

/** GET /v1/providers (§5.5) and GET /v1/providers/{provider_id}/reviews (§5.22). Any valid token. */

export const MAX_PROVIDER_NPIS = 50;
export const PROVIDER_ID = /^pr_[A-Za-z0-9_-]+$/;

const coordinate = (limit: number) =>
  z
    .string()
    .regex(/^[+-]?(\d+(\.\d*)?|\.\d+)$/, { error: `must be a number from -${limit} to ${limit}` })
    .transform(Number)
    .refine((n) => Math.abs(n) <= limit, { error: `must be a number from -${limit} to ${limit}` });

const providersQuerySchema = z
  .object({
    npis: queryParam(commaList({ max: MAX_PROVIDER_NPIS })),
    insurance_plan_id: queryParam(z.string().trim().min(1).optional()),
    latitude: queryParam(coordinate(90).optional()),
    longitude: queryParam(coordinate(180).optional()),
  })
  .superRefine((query, ctx) => {
    // §5.5: the two only make sense together.
    if (given(query.latitude) !== given(query.longitude)) {
      const missing = given(query.latitude) ? 'longitude' : 'latitude';
      const other = missing === 'latitude' ? 'longitude' : 'latitude';
      ctx.addIssue({ code: 'custom', path: [missing], message: `is required when ${other} is given` });
    }
  }, alwaysCheck);

export async function providerRoutes(
  app: FastifyInstance,
  options: { store: SandboxStore; services: DirectoryServices },
) {
  const { store, services } = options;
  const directory = store.directory;
  const ctx = { store, mappings: services.mappings };

  app.get('/providers', async (request) => {
    const query = parseOr400(providersQuerySchema, request.query);
    if (query.npis.includes(ERROR_NPI)) {
      throw new SandboxError(500, { message: 'Internal error (sandbox test value npi_error)' });
    }
    if (query.insurance_plan_id !== undefined) requireSearchPlan(services.catalog, query.insurance_plan_id);
    const point =
      query.latitude !== undefined && query.longitude !== undefined
        ? { latitude: query.latitude, longitude: query.longitude }
        : undefined;
    // One entry per requested NPI, in request order; an unknown NPI has no providers.
    const data = query.npis.map((npi) => {
      const magic = magicNpiProviders.get(npi);
      const providers = magic ? magic.map((id) => directory.provider(id)!) : directory.providersByNpi(npi);
      return {
        npi,
        providers: providers.map((provider) =>
          providerDetails(ctx, provider, { insurancePlanId: query.insurance_plan_id, point }),
        ),
      };
    });
    return dataEnvelope(request, data);
  });

  app.get<{ Params: { provider_id: string } }>('/providers/:provider_id/reviews', async (request) => {
    const id = request.params.provider_id;
    if (!PROVIDER_ID.test(id)) throw invalid('provider_id', `provider_id ${id} is not a provider id (pr_…)`);
    const provider = directory.provider(id);
    if (!provider) throw notFound('provider_id', `Provider ${id} was not found`);
    return dataEnvelope(request, providerReviews(provider));
  });
}
