import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ActionContext } from '../actions/action-definition.ts';
import { findAction, findOptionSource } from '../actions/catalog.ts';
import { createActionContext } from '../actions/file-download.ts';
import { type ConnectionClient, createConnectionClient } from '../connections/connection-client.ts';
import type { ConnectionStore } from '../connections/connection-store.ts';
import type { Db } from '../db/client.ts';
import { createRunHistory } from '../engine/run-history.ts';
import { replayRun } from '../engine/run-replay.ts';
import { createWorkflowStore } from '../engine/workflow-store.ts';
import { createAuthenticateHook } from './authenticate.ts';
import { catalogRoutes } from './catalog-routes.ts';
import { connectionActionsRoutes } from './connection-actions-routes.ts';
import { connectionsRoutes } from './connections-routes.ts';
import { type CheckHealth, healthRoutes } from './health-routes.ts';
import { registerOpenApi } from './openapi.ts';
import { handleFrameworkError, registerProblemHandling, validatorCompiler } from './problem.ts';
import { runsRoutes } from './runs-routes.ts';
import { rejectUnstorableInput } from './storable-input.ts';
import { type OnAppointmentWebhook, webhookRoutes } from './webhook-routes.ts';
import { type OnWorkflowChanged, workflowsRoutes } from './workflows-routes.ts';

export interface ApiDeps {
  db: Db;
  connections: ConnectionStore;
  /** Runs actions for "test this step" and dropdown options; by default a client over `connections`. */
  client?: ConnectionClient;
  actionContext?: ActionContext;
  /** Called after a workflow is created or changed (so pollers can be rescheduled). */
  onWorkflowChanged?: OnWorkflowChanged;
  /** Called for each accepted Zocdoc webhook; the runtime reads and diffs the appointment. */
  onAppointmentWebhook?: OnAppointmentWebhook;
  /** Liveness of dependencies for /healthz; by default, whether Postgres answers. */
  checkHealth?: CheckHealth;
  /** Fastify logger options, or a pino logger instance; default false. */
  logger?: boolean | object;
}

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const { db } = deps;
  const app = Fastify({
    ...loggerOptions(deps.logger),
    frameworkErrors: handleFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandling(app);
  // Only JSON bodies are accepted: a text/plain body is a 415, not a confusing type error.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('workspace', null);
  // NUL, lone surrogates, ±Infinity and absurd nesting anywhere in a request are a 400
  // naming the field, rather than a 500 from Postgres or a stack overflow further on.
  // Added on the root before any route, so every route has it; it runs after the
  // authenticate hook (onRequest), so unauthenticated callers learn nothing from it.
  app.addHook('preValidation', rejectUnstorableInput);

  await registerOpenApi(app);
  await app.register(
    healthRoutes({ checkHealth: deps.checkHealth ?? (async () => ({ postgres: await ping(db) })) }),
  );
  await app.register(
    webhookRoutes({
      connections: deps.connections,
      onAppointmentWebhook: deps.onAppointmentWebhook ?? (() => {}),
    }),
  );

  await app.register(
    async (v1) => {
      v1.addHook('onRequest', createAuthenticateHook(db));
      await v1.register(connectionsRoutes({ connections: deps.connections }));
      await v1.register(
        workflowsRoutes({
          workflows: createWorkflowStore({ db }),
          onWorkflowChanged: deps.onWorkflowChanged,
        }),
      );
      await v1.register(
        runsRoutes({ runs: createRunHistory({ db }), replay: (...args) => replayRun(db, ...args) }),
      );
      await v1.register(catalogRoutes());
      await v1.register(
        connectionActionsRoutes({
          connections: deps.connections,
          client: deps.client ?? createConnectionClient({ store: deps.connections }),
          actionContext: deps.actionContext ?? createActionContext(),
          findAction,
          findOptionSource,
        }),
      );
    },
    { prefix: '/v1' },
  );

  return app;
}

function loggerOptions(logger: ApiDeps['logger']): Pick<FastifyServerOptions, 'logger' | 'loggerInstance'> {
  // Fastify 5 takes a ready pino instance only as loggerInstance and rejects it as logger.
  if (logger && typeof logger === 'object' && typeof (logger as { child?: unknown }).child === 'function') {
    return { loggerInstance: logger as FastifyServerOptions['loggerInstance'] };
  }
  return { logger: (logger ?? false) as FastifyServerOptions['logger'] };
}

async function ping(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`SELECT 1`);
    return true;
  } catch {
    return false;
  }
}
