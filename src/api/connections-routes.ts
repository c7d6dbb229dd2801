import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type ConnectionStore,
  connectionViewSchema,
  createConnectionInput,
} from '../connections/connection-store.ts';
import { workspaceIdOf } from './authenticate.ts';
import { notFound, problemResponses } from './problem.ts';

const idParams = z.object({ id: z.uuid().describe('Connection id') });

export function connectionsRoutes(deps: { connections: ConnectionStore }): FastifyPluginAsyncZod {
  const { connections } = deps;

  return async (app) => {
    app.post(
      '/connections',
      {
        schema: {
          tags: ['connections'],
          summary: 'Create a connection',
          description: 'Stores OAuth client credentials for an upstream API. The secret is never returned.',
          body: createConnectionInput,
          response: { 201: connectionViewSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const connection = await connections.create(workspaceIdOf(request), request.body);
        return reply.code(201).send(connection);
      },
    );

    app.get(
      '/connections',
      {
        schema: {
          tags: ['connections'],
          summary: 'List connections',
          response: { 200: z.object({ data: z.array(connectionViewSchema) }), ...problemResponses },
        },
      },
      async (request) => ({ data: await connections.list(workspaceIdOf(request)) }),
    );

    app.get(
      '/connections/:id',
      {
        schema: {
          tags: ['connections'],
          summary: 'Get a connection',
          params: idParams,
          response: { 200: connectionViewSchema, ...problemResponses },
        },
      },
      async (request) => {
        const connection = await connections.get(workspaceIdOf(request), request.params.id);
        if (!connection) throw notFound(`No connection ${request.params.id}`);
        return connection;
      },
    );
  };
}
