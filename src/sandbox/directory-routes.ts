import type { FastifyInstance } from 'fastify';
import type { BearerAuth } from './bearer-auth.ts';
import type { DirectoryServices } from './directory-services.ts';
import { insuranceRoutes } from './insurance-routes.ts';
import { providerLocationRoutes } from './provider-location-routes.ts';
import { providerRoutes } from './provider-routes.ts';
import { referenceRoutes } from './reference-routes.ts';
import type { SandboxStore } from './sandbox-store.ts';
import { schedulableEntityRoutes } from './schedulable-entity-routes.ts';
import { timeslotRoutes } from './timeslot-routes.ts';

/**
 * Every directory resource under /v1 (§5.1–§5.9, §5.11, §5.22), registered as one plugin so
 * the app wires them with one line. (Facilities live under /v1-beta: facility-routes.ts.)
 */
export async function directoryRoutes(
  app: FastifyInstance,
  options: { store: SandboxStore; auth: BearerAuth; services: DirectoryServices },
) {
  await app.register(referenceRoutes, options);
  await app.register(schedulableEntityRoutes, options);
  await app.register(insuranceRoutes, options);
  await app.register(providerRoutes, options);
  await app.register(providerLocationRoutes, options);
  await app.register(timeslotRoutes, options);
}
