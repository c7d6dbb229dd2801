import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { BearerAuth } from './bearer-auth.ts';
import type { DirectoryServices } from './directory-services.ts';
import { requestOrigin } from './envelopes.ts';
import { booleanParam, nextPageUrl, pagedObjectEnvelope, pageSlice, unboundedIntParam } from './paging.ts';
import { commaList, intParam, parseOr400, queryParam } from './request-validation.ts';
import type { SandboxStore } from './sandbox-store.ts';
import { schedulableEntityView } from './schedulable-entities.ts';

/** GET /v1/schedulable_entities (§5.2), scope external.schedulable_entity.read. */

/** 1.176's limits (1.22 had a default and maximum of 60000). */
export const MAX_ENTITY_PAGE_SIZE = 10_000;
export const DEFAULT_ENTITY_PAGE_SIZE = 5_000;

const entitiesQuerySchema = z.object({
  page: queryParam(unboundedIntParam(0).optional()),
  page_size: queryParam(intParam(1, MAX_ENTITY_PAGE_SIZE).optional()),
  schedule_types: queryParam(commaList().optional()),
  recent_changes_72hrs: queryParam(booleanParam.optional()),
});

export async function schedulableEntityRoutes(
  app: FastifyInstance,
  options: { store: SandboxStore; auth: BearerAuth; services: DirectoryServices },
) {
  const { store, services } = options;

  app.get(
    '/schedulable_entities',
    { onRequest: options.auth.requireScope('external.schedulable_entity.read') },
    async (request) => {
      const query = parseOr400(entitiesQuerySchema, request.query);
      // Insurance updates that fell due are profile updates the feed must already show.
      services.mappings.applyDue();
      const registry = services.entities;
      const entities = registry
        .live()
        // The docs leave schedule_types' values open; the only type here is provider_location.
        .filter(() => !query.schedule_types || query.schedule_types.includes('provider_location'))
        .filter((pl) => !query.recent_changes_72hrs || registry.isRecentlyChanged(pl.provider_location_id));
      const page = { page: query.page ?? 0, pageSize: query.page_size ?? DEFAULT_ENTITY_PAGE_SIZE };
      const origin = requestOrigin(request);
      return pagedObjectEnvelope(
        request,
        page,
        entities.length,
        nextPageUrl(request, page, entities.length),
        {
          recent_change_summary: registry.recentChanges(),
          schedulable_entities: pageSlice(entities, page).map((pl) =>
            schedulableEntityView(store, registry, pl, origin),
          ),
        },
      );
    },
  );
}
