import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  InvalidCursorError,
  type RunHistory,
  runDetailSchema,
  runSummarySchema,
} from '../engine/run-history.ts';
import type { ReplayFrom, ReplayResult } from '../engine/run-replay.ts';
import { runStatuses } from '../engine/run-status.ts';
import { workspaceIdOf } from './authenticate.ts';
import { badRequest, notFound, ProblemError, problemResponses, problemSchema } from './problem.ts';

const listRunsQuery = z.strictObject({
  workflow_id: z.uuid().optional().describe('Only runs of this workflow'),
  status: z.enum(runStatuses).optional().describe('Only runs in this status'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size, 1–100'),
  cursor: z.string().min(1).max(512).optional().describe('next_cursor of the previous page'),
});

const idParams = z.object({ id: z.uuid().describe('Run id') });

const replayBody = z.strictObject({
  from: z
    .enum(['failed_step', 'start'])
    .default('failed_step')
    .describe(
      'failed_step: keep the steps that succeeded and run the rest again; start: run every step again',
    ),
});

export function runsRoutes(deps: {
  runs: RunHistory;
  replay: (workspaceId: string, runId: string, from: ReplayFrom) => Promise<ReplayResult>;
}): FastifyPluginAsyncZod {
  const { runs } = deps;

  return async (app) => {
    app.get(
      '/runs',
      {
        schema: {
          tags: ['runs'],
          summary: 'List runs, newest first',
          querystring: listRunsQuery,
          response: {
            200: z.object({
              data: z.array(runSummarySchema),
              next_cursor: z
                .string()
                .nullable()
                .describe('Pass as cursor for the next page; null on the last'),
            }),
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const { workflow_id, status, limit, cursor } = request.query;
        try {
          return await runs.listRuns(workspaceIdOf(request), {
            workflowId: workflow_id,
            status,
            limit,
            cursor,
          });
        } catch (error) {
          if (error instanceof InvalidCursorError) {
            throw badRequest(error.message, [{ path: 'query.cursor', message: error.message }]);
          }
          throw error;
        }
      },
    );

    app.get(
      '/runs/:id',
      {
        schema: {
          tags: ['runs'],
          summary: 'Get a run with its trigger event and steps',
          params: idParams,
          response: { 200: runDetailSchema, ...problemResponses },
        },
      },
      async (request) => {
        const run = await runs.getRun(workspaceIdOf(request), request.params.id);
        if (!run) throw notFound(`No run ${request.params.id}`);
        return run;
      },
    );

    app.post(
      '/runs/:id/replay',
      {
        schema: {
          tags: ['runs'],
          summary: 'Run a finished run again',
          description:
            'The explicit way on after interrupted (a step may or may not have reached the API: check it first) or ' +
            'failed. The run goes back to queued and runs through the outbox; 409 while it is queued or running.',
          params: idParams,
          body: replayBody,
          response: { 202: runDetailSchema, 409: problemSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const workspaceId = workspaceIdOf(request);
        const result = await deps.replay(workspaceId, request.params.id, request.body.from);
        if (!result.ok && result.reason === 'not_found') throw notFound(`No run ${request.params.id}`);
        if (!result.ok)
          throw new ProblemError(409, 'The run is queued or running; replay it once it has finished.');
        return reply.code(202).send((await runs.getRun(workspaceId, request.params.id))!);
      },
    );
  };
}
