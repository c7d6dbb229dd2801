import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import packageJson from '../../package.json' with { type: 'json' };

/**
 * OpenAPI generated from the routes' zod schemas, served at /openapi.json, with Swagger UI
 * at /docs. Must be registered before the routes: @fastify/swagger collects them as they are added.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'apptflow API',
        description:
          'Workflows over the Zocdoc API: connections, workflows (a trigger and ordered steps) and their run ' +
          'history. Every /v1 request needs `Authorization: Bearer <api key>`. Errors are ' +
          'application/problem+json (RFC 9457).',
        version: packageJson.version,
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'A workspace API key (apf_…)' },
        },
      },
      security: [{ apiKey: [] }],
      tags: [
        { name: 'connections', description: 'Authorised accounts at upstream APIs' },
        { name: 'workflows', description: 'Triggers and the steps they run' },
        { name: 'runs', description: 'What ran, with what input and output' },
        { name: 'health', description: 'Probes' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
