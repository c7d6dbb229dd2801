import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actions } from '../actions/catalog.ts';
import { connectors, describeAction, jsonSchemaOf } from '../actions/connectors.ts';
import { triggers } from '../triggers/catalog.ts';
import { notFound, problemResponses } from './problem.ts';

const jsonSchema = z.record(z.string(), z.unknown()).describe('JSON Schema, draft 2020-12');

const connectorSummary = z.object({
  key: z.string(),
  title: z.string(),
  description: z.string(),
  trigger_count: z.number().int(),
  action_count: z.number().int(),
});

const connectorDetail = z.object({
  key: z.string(),
  title: z.string(),
  description: z.string(),
  triggers: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      description: z.string(),
      payload_schema: jsonSchema,
    }),
  ),
  actions: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      description: z.string(),
      group: z.string(),
      safe_to_retry: z.boolean().describe('Whether the action may be sent again after an ambiguous failure'),
      paginated: z.boolean().describe('Whether max_pages can follow pages'),
      input_schema: jsonSchema,
      output_schema: jsonSchema,
    }),
  ),
});

/**
 * The machine-readable catalog a no-code builder renders forms from. It is computed
 * once: the catalog is code, so it cannot change while the process runs.
 */
export function catalogRoutes(): FastifyPluginAsyncZod {
  const details = new Map(
    connectors.map((connector) => [
      connector.key,
      {
        ...connector,
        triggers: triggers
          .filter((t) => t.connector === connector.key)
          .map((t) => ({
            key: t.key,
            title: t.title,
            description: t.description,
            payload_schema: jsonSchemaOf(t.payload, 'output'),
          })),
        actions: actions.filter((a) => a.connector === connector.key).map(describeAction),
      },
    ]),
  );
  const summaries = [...details.values()].map((d) => ({
    key: d.key,
    title: d.title,
    description: d.description,
    trigger_count: d.triggers.length,
    action_count: d.actions.length,
  }));

  return async (app) => {
    app.get(
      '/connectors',
      {
        schema: {
          tags: ['catalog'],
          summary: 'List connectors',
          response: { 200: z.object({ data: z.array(connectorSummary) }), ...problemResponses },
        },
      },
      async () => ({ data: summaries }),
    );

    app.get(
      '/connectors/:connector',
      {
        schema: {
          tags: ['catalog'],
          summary: 'Describe a connector: its triggers and actions with JSON Schemas',
          params: z.object({ connector: z.string().min(1).describe('Connector key, e.g. zocdoc') }),
          response: { 200: connectorDetail, ...problemResponses },
        },
      },
      async (request) => {
        const detail = details.get(request.params.connector);
        if (!detail) {
          throw notFound(`No connector "${request.params.connector}"; see GET /v1/connectors`);
        }
        return detail;
      },
    );
  };
}
