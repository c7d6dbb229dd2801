import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ActionContext, ActionDefinition } from '../actions/action-definition.ts';
import { ActionError, actionErrorKinds } from '../actions/action-error.ts';
import { executeAction } from '../actions/execute-action.ts';
import type { OptionSource } from '../actions/option-sources.ts';
import type { ConnectionClient } from '../connections/connection-client.ts';
import type { ConnectionStore } from '../connections/connection-store.ts';
import { workspaceIdOf } from './authenticate.ts';
import { badRequest, issuesToFieldErrors, notFound, ProblemError, problemResponses } from './problem.ts';

export interface ConnectionActionsDeps {
  connections: ConnectionStore;
  client: ConnectionClient;
  actionContext: ActionContext;
  findAction: (key: string) => ActionDefinition | undefined;
  findOptionSource: (key: string) => OptionSource | undefined;
}

const actionErrorSchema = z.object({
  kind: z.enum(actionErrorKinds).describe('What kind of failure; see the actions README'),
  message: z.string(),
  status: z.number().int().optional().describe('The upstream HTTP status'),
  request_id: z.string().optional().describe('The upstream request_id, for Zocdoc support'),
  details: z.array(z.object({ field: z.string().optional(), message: z.string() })).optional(),
  may_have_reached_server: z.boolean().optional(),
});

const testResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), output: z.unknown(), duration_ms: z.number() }),
  z.object({ ok: z.literal(false), error: actionErrorSchema, duration_ms: z.number() }),
]);

const optionSchema = z.object({ value: z.string(), label: z.string() });

/**
 * "Test this step" and dropdown options: both run a catalog action once through a
 * connection of the caller's workspace, without a workflow or a run record.
 */
export function connectionActionsRoutes(deps: ConnectionActionsDeps): FastifyPluginAsyncZod {
  const runWith = { client: deps.client, context: deps.actionContext };
  const connectionOf = async (workspaceId: string, id: string) => {
    const connection = await deps.connections.get(workspaceId, id);
    if (!connection) throw notFound(`No connection ${id}`);
    return connection;
  };

  return async (app) => {
    app.post(
      '/connections/:id/actions/:key/test',
      {
        schema: {
          tags: ['catalog'],
          summary: 'Run one action once with the given input ("test this step")',
          description:
            'Input that fails the action’s schema is a 400 naming body.input.<field>, and nothing is sent. ' +
            'Otherwise the answer is 200 with ok true and the output, or ok false and the classified upstream error.',
          params: z.object({
            id: z.uuid().describe('Connection id'),
            key: z.string().min(1).describe('Action key, e.g. zocdoc.get_appointment'),
          }),
          body: z.strictObject({ input: z.record(z.string(), z.unknown()).describe('The action’s input') }),
          response: { 200: testResult, ...problemResponses },
        },
      },
      async (request) => {
        const connection = await connectionOf(workspaceIdOf(request), request.params.id);
        const action = deps.findAction(request.params.key);
        if (!action)
          throw notFound(`No action "${request.params.key}"; see GET /v1/connectors/${connection.connector}`);
        if (action.connector !== connection.connector) {
          throw badRequest(
            `${action.key} is a ${action.connector} action; this connection is ${connection.connector}`,
          );
        }
        const parsed = action.input.safeParse(request.body.input);
        if (!parsed.success) {
          throw badRequest(
            `The input does not fit ${action.key}`,
            issuesToFieldErrors('body.input', parsed.error.issues),
          );
        }
        const started = performance.now();
        try {
          const output = await executeAction(runWith, action, connection.id, request.body.input);
          return { ok: true as const, output, duration_ms: Math.round(performance.now() - started) };
        } catch (error) {
          if (!(error instanceof ActionError)) throw error;
          return {
            ok: false as const,
            error: error.toJSON(),
            duration_ms: Math.round(performance.now() - started),
          };
        }
      },
    );

    app.get(
      '/connections/:id/options/:source',
      {
        schema: {
          tags: ['catalog'],
          summary: 'Choices for a field marked x-options in an action’s input schema',
          description:
            'Sources: provider_locations (zip_code, specialty_id or visit_reason_id), visit_reasons ' +
            '(provider_location_id), insurance_plans (state, care_category). Queries the connection live.',
          params: z.object({
            id: z.uuid().describe('Connection id'),
            source: z.string().min(1).describe('Option source, the x-options value'),
          }),
          querystring: z.record(z.string(), z.string()).describe('The source’s parameters'),
          response: { 200: z.object({ data: z.array(optionSchema) }), ...problemResponses },
        },
      },
      async (request) => {
        const connection = await connectionOf(workspaceIdOf(request), request.params.id);
        const source = deps.findOptionSource(request.params.source);
        if (!source || source.connector !== connection.connector) {
          throw notFound(`No option source "${request.params.source}" for ${connection.connector}`);
        }
        const params = source.params.safeParse(request.query);
        if (!params.success) {
          throw badRequest(
            `The parameters do not fit ${source.key}`,
            issuesToFieldErrors('query', params.error.issues),
          );
        }
        const action = deps.findAction(source.action);
        if (!action) throw new Error(`Option source ${source.key} names a missing action ${source.action}`);
        try {
          const output = await executeAction(
            runWith,
            action,
            connection.id,
            source.input(params.data as never),
          );
          return { data: source.options(output) };
        } catch (error) {
          if (!(error instanceof ActionError)) throw error;
          if (error.kind === 'validation' && error.extra.status === undefined) {
            throw badRequest(
              error.message,
              (error.extra.details ?? []).map((d) => ({
                path: `query.${d.field ?? ''}`,
                message: d.message,
              })),
            );
          }
          throw new ProblemError(
            502,
            `The ${connection.connector} API failed (${error.kind}): ${error.message}`,
          );
        }
      },
    );
  };
}
