import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createWorkflowInput,
  updateWorkflowInput,
  type WorkflowFieldError,
  type WorkflowStore,
  type WorkflowView,
  workflowViewSchema,
} from '../engine/workflow-store.ts';
import { workspaceIdOf } from './authenticate.ts';
import { badRequest, fieldPath, notFound, problemResponses } from './problem.ts';

export type OnWorkflowChanged = (workflow: { id: string; triggerConnectionId: string }) => Promise<void>;

const idParams = z.object({ id: z.uuid().describe('Workflow id') });

export function workflowsRoutes(deps: {
  workflows: WorkflowStore;
  onWorkflowChanged?: OnWorkflowChanged;
}): FastifyPluginAsyncZod {
  const { workflows, onWorkflowChanged } = deps;

  // The change is committed by now; failing the request would invite a retry that
  // creates a duplicate, so a failed notification is logged and the answer stands.
  const notify = async (workflow: WorkflowView, log: FastifyBaseLogger) => {
    if (!onWorkflowChanged) return;
    try {
      await onWorkflowChanged({ id: workflow.id, triggerConnectionId: workflow.trigger.connection_id });
    } catch (error) {
      log.error({ err: error, workflowId: workflow.id }, 'onWorkflowChanged failed');
    }
  };

  return async (app) => {
    app.post(
      '/workflows',
      {
        schema: {
          tags: ['workflows'],
          summary: 'Create a workflow',
          description:
            'A trigger and ordered steps. Beyond the shape, the trigger and every action must exist in ' +
            'the catalog and every connection_id must be a connection of this workspace for the right connector.',
          body: createWorkflowInput,
          response: { 201: workflowViewSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const result = await workflows.create(workspaceIdOf(request), request.body);
        if (!result.ok) throw referenceProblem(result.errors);
        await notify(result.workflow, request.log);
        return reply.code(201).send(result.workflow);
      },
    );

    app.get(
      '/workflows',
      {
        schema: {
          tags: ['workflows'],
          summary: 'List workflows',
          response: { 200: z.object({ data: z.array(workflowViewSchema) }), ...problemResponses },
        },
      },
      async (request) => ({ data: await workflows.list(workspaceIdOf(request)) }),
    );

    app.get(
      '/workflows/:id',
      {
        schema: {
          tags: ['workflows'],
          summary: 'Get a workflow',
          params: idParams,
          response: { 200: workflowViewSchema, ...problemResponses },
        },
      },
      async (request) => {
        const workflow = await workflows.get(workspaceIdOf(request), request.params.id);
        if (!workflow) throw notFound(`No workflow ${request.params.id}`);
        return workflow;
      },
    );

    app.patch(
      '/workflows/:id',
      {
        schema: {
          tags: ['workflows'],
          summary: 'Change a workflow',
          description:
            'Replaces the fields given (trigger and steps as a whole); enable or disable with {"enabled": …}.',
          params: idParams,
          body: updateWorkflowInput,
          response: { 200: workflowViewSchema, ...problemResponses },
        },
      },
      async (request) => {
        const result = await workflows.update(workspaceIdOf(request), request.params.id, request.body);
        if (!result) throw notFound(`No workflow ${request.params.id}`);
        if (!result.ok) throw referenceProblem(result.errors);
        await notify(result.workflow, request.log);
        return result.workflow;
      },
    );
  };
}

function referenceProblem(errors: WorkflowFieldError[]) {
  const fieldErrors = errors.map((e) => ({ path: fieldPath('body', e.path), message: e.message }));
  return badRequest(
    `The workflow refers to something it cannot use: ${fieldErrors.map((e) => e.path).join(', ')}`,
    fieldErrors,
  );
}
