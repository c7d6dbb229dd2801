import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { findAction } from '../actions/catalog.ts';
import type { Db } from '../db/client.ts';
import { connections, workflows } from '../db/schema.ts';
import { findTrigger } from '../triggers/catalog.ts';
import { expressionSyntaxError, templateSyntaxErrors } from './expressions.ts';
import {
  type WorkflowDefinition,
  workflowDefinitionSchema,
  workflowStepSchema,
  workflowTriggerSchema,
} from './workflow-definition.ts';

const nameSchema = z.string().trim().min(1).max(200).describe('A name for people; not unique');

export const createWorkflowInput = z.strictObject({
  name: nameSchema,
  enabled: z.boolean().default(true).describe('A disabled workflow keeps its definition but starts no runs'),
  trigger: workflowTriggerSchema,
  steps: workflowDefinitionSchema.shape.steps,
});
export type CreateWorkflowInput = z.infer<typeof createWorkflowInput>;

export const updateWorkflowInput = z
  .strictObject({
    name: nameSchema.optional(),
    enabled: z.boolean().optional(),
    trigger: workflowTriggerSchema.optional(),
    steps: workflowDefinitionSchema.shape.steps.optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: 'give at least one of name, enabled, trigger, steps',
  });
export type UpdateWorkflowInput = z.infer<typeof updateWorkflowInput>;

export const workflowViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  enabled: z.boolean(),
  trigger: workflowTriggerSchema,
  steps: z.array(workflowStepSchema),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type WorkflowView = z.infer<typeof workflowViewSchema>;

/** A field of the input that names something that does not exist or does not fit; path as in zod. */
export interface WorkflowFieldError {
  path: Array<string | number>;
  message: string;
}

export type WorkflowWriteResult =
  | { ok: true; workflow: WorkflowView }
  | { ok: false; errors: WorkflowFieldError[] };

export type WorkflowUpdateResult =
  | { ok: true; workflow: WorkflowView; previous: WorkflowView }
  | { ok: false; errors: WorkflowFieldError[] };

export interface WorkflowStore {
  create(workspaceId: string, input: CreateWorkflowInput): Promise<WorkflowWriteResult>;
  list(workspaceId: string): Promise<WorkflowView[]>;
  get(workspaceId: string, id: string): Promise<WorkflowView | null>;
  /** null when the workspace has no such workflow. */
  update(workspaceId: string, id: string, patch: UpdateWorkflowInput): Promise<WorkflowUpdateResult | null>;
}

type Executor = Pick<Db, 'select'>;
type WorkflowRow = typeof workflows.$inferSelect;

export function createWorkflowStore(deps: { db: Db }): WorkflowStore {
  const { db } = deps;

  return {
    async create(workspaceId, input) {
      const definition: WorkflowDefinition = { trigger: input.trigger, steps: input.steps };
      return db.transaction(async (tx) => {
        // Checked inside the transaction so the connections read are the ones the row refers to.
        const errors = await checkReferences(tx, workspaceId, definition);
        if (errors.length > 0) return { ok: false, errors };
        const [row] = await tx
          .insert(workflows)
          .values({ workspaceId, name: input.name, enabled: input.enabled, ...definitionColumns(definition) })
          .returning();
        return { ok: true, workflow: toView(row!) };
      });
    },

    async list(workspaceId) {
      const rows = await db
        .select()
        .from(workflows)
        .where(eq(workflows.workspaceId, workspaceId))
        .orderBy(desc(workflows.createdAt), desc(workflows.id));
      return rows.map(toView);
    },

    async get(workspaceId, id) {
      const [row] = await db
        .select()
        .from(workflows)
        .where(and(eq(workflows.workspaceId, workspaceId), eq(workflows.id, id)));
      return row ? toView(row) : null;
    },

    async update(workspaceId, id, patch) {
      return db.transaction(async (tx) => {
        // FOR UPDATE: two concurrent patches of trigger and steps must not each keep half.
        const [current] = await tx
          .select()
          .from(workflows)
          .where(and(eq(workflows.workspaceId, workspaceId), eq(workflows.id, id)))
          .for('update');
        if (!current) return null;
        const previous = toView(current);
        const definition: WorkflowDefinition = {
          trigger: patch.trigger ?? previous.trigger,
          steps: patch.steps ?? previous.steps,
        };
        const enabled = patch.enabled ?? current.enabled;
        // Renaming or disabling must work even when the catalog has since dropped an action
        // the workflow uses; anything that could make it run again is checked in full.
        const mayRun = patch.trigger !== undefined || patch.steps !== undefined || patch.enabled === true;
        if (mayRun) {
          const errors = await checkReferences(tx, workspaceId, definition);
          if (errors.length > 0) return { ok: false, errors };
        }
        const [row] = await tx
          .update(workflows)
          .set({
            name: patch.name ?? current.name,
            enabled,
            ...definitionColumns(definition),
            updatedAt: sql`now()`,
          })
          .where(eq(workflows.id, id))
          .returning();
        return { ok: true, workflow: toView(row!), previous };
      });
    },
  };
}

/**
 * What zod cannot know: that the trigger and actions exist in the catalog, that each
 * connection belongs to this workspace and speaks the connector its trigger or action needs,
 * and that filters and input templates parse.
 * A connection of another workspace gets the same answer as one that does not exist.
 */
async function checkReferences(
  db: Executor,
  workspaceId: string,
  definition: WorkflowDefinition,
): Promise<WorkflowFieldError[]> {
  const ids = [
    ...new Set([definition.trigger.connection_id, ...definition.steps.map((s) => s.connection_id)]),
  ];
  const rows = await db
    .select({ id: connections.id, connector: connections.connector })
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), inArray(connections.id, ids)));
  const connectorOf = new Map(rows.map((r) => [r.id, r.connector]));

  const errors: WorkflowFieldError[] = [];
  const checkConnection = (path: Array<string | number>, connectionId: string, needs: string | undefined) => {
    const connector = connectorOf.get(connectionId);
    if (connector === undefined) {
      errors.push({ path, message: `no connection ${connectionId} in this workspace` });
    } else if (needs !== undefined && connector !== needs) {
      errors.push({
        path,
        message: `connection ${connectionId} is a ${connector} connection; a ${needs} one is needed`,
      });
    }
  };

  const trigger = findTrigger(definition.trigger.key);
  if (!trigger)
    errors.push({ path: ['trigger', 'key'], message: `unknown trigger "${definition.trigger.key}"` });
  checkConnection(['trigger', 'connection_id'], definition.trigger.connection_id, trigger?.connector);

  definition.steps.forEach((step, index) => {
    const action = findAction(step.action);
    if (!action)
      errors.push({ path: ['steps', index, 'action'], message: `unknown action "${step.action}"` });
    checkConnection(['steps', index, 'connection_id'], step.connection_id, action?.connector);
    const filterError = step.filter === undefined ? null : expressionSyntaxError(step.filter);
    if (filterError)
      errors.push({ path: ['steps', index, 'filter'], message: `cannot parse: ${filterError}` });
    errors.push(...templateSyntaxErrors(step.input, ['steps', index, 'input']));
  });
  return errors;
}

/** The trigger's columns are copies of the definition, kept for the poller's indexed lookups. */
function definitionColumns(definition: WorkflowDefinition) {
  return {
    triggerKey: definition.trigger.key,
    triggerConnectionId: definition.trigger.connection_id,
    pollIntervalSeconds: definition.trigger.poll_interval_seconds,
    definition,
  };
}

function toView(row: WorkflowRow): WorkflowView {
  const definition = row.definition as WorkflowDefinition;
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    trigger: definition.trigger,
    steps: definition.steps,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
