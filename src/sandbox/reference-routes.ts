import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { nextPageUrl, pagedObjectEnvelope, pageSlice, unboundedIntParam } from './paging.ts';
import { intParam, parseOr400, queryParam } from './request-validation.ts';
import type { SandboxStore } from './sandbox-store.ts';

/** GET /v1/reference/npi (§5.1): the NPIs of every provider in the directory. */

export const MAX_NPI_PAGE_SIZE = 60_000;
/** Undocumented (§14); the docs' examples always ask for 60000, so that is the default. */
export const DEFAULT_NPI_PAGE_SIZE = 60_000;

const npiQuerySchema = z.object({
  page: queryParam(unboundedIntParam(0).optional()),
  page_size: queryParam(intParam(1, MAX_NPI_PAGE_SIZE).optional()),
});

export async function referenceRoutes(app: FastifyInstance, options: { store: SandboxStore }) {
  // Distinct and sorted, so pages are stable. The directory is fixed once built.
  const npis = [...new Set(options.store.directory.providers.map((p) => p.npi))].sort();

  // Any valid token (no specific scope).
  app.get('/reference/npi', async (request) => {
    const query = parseOr400(npiQuerySchema, request.query);
    const page = { page: query.page ?? 0, pageSize: query.page_size ?? DEFAULT_NPI_PAGE_SIZE };
    return pagedObjectEnvelope(request, page, npis.length, nextPageUrl(request, page, npis.length), {
      npis: pageSlice(npis, page),
    });
  });
}
