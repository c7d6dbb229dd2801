import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ActionContext, ActionDefinition } from '../actions/action-definition.ts';
import { ActionError } from '../actions/action-error.ts';
import { executeAction } from '../actions/execute-action.ts';
import type { ConnectionClient } from '../connections/connection-client.ts';
import type { Db } from '../db/client.ts';
import { jsonbSafe, safeErrorMessage } from '../db/jsonb-safe.ts';
import { runSteps, runs, triggerEvents } from '../db/schema.ts';
import { type ExpressionContext, ExpressionError, evaluateFilter, renderInput } from './expressions.ts';
import type { RunStatus } from './run-status.ts';
import type { WorkflowDefinition, WorkflowStep } from './workflow-definition.ts';

export interface RunExecutorDeps {
  db: Db;
  client: ConnectionClient;
  actionContext: ActionContext;
  findAction: (key: string) => ActionDefinition | undefined;
  now?: () => Date;
}

type StepRow = typeof runSteps.$inferSelect;

/**
 * Executes one run, step by step, recording each step before its call and after it.
 * Safe to call again for the same run (a redelivered job): a final run is left alone,
 * succeeded steps are not repeated, and a step that was cut off mid-call is repeated
 * only when its action is idempotent; otherwise the run ends `interrupted`.
 */
export async function executeRun(deps: RunExecutorDeps, runId: string): Promise<RunStatus | 'not_runnable'> {
  const now = deps.now ?? (() => new Date());
  const [run] = await deps.db
    .update(runs)
    .set({
      status: 'running',
      startedAt: sql`coalesce(${runs.startedAt}, ${now()})`,
      attempts: sql`${runs.attempts} + 1`,
    })
    .where(and(eq(runs.id, runId), inArray(runs.status, ['queued', 'running'])))
    .returning();
  if (!run) return 'not_runnable';

  const [event] = await deps.db.select().from(triggerEvents).where(eq(triggerEvents.id, run.eventId));
  const definition = run.definition as WorkflowDefinition;
  const recorded = new Map(
    (await deps.db.select().from(runSteps).where(eq(runSteps.runId, runId))).map((s) => [s.stepIndex, s]),
  );
  const context: ExpressionContext = {
    trigger: event?.payload ?? null,
    steps: {},
    run: { id: run.id, workflow_id: run.workflowId, event_id: run.eventId },
  };

  const finish = async (status: RunStatus, error: unknown = null) => {
    await deps.db
      .update(runs)
      .set({ status, error: jsonbSafe(error), finishedAt: now() })
      .where(eq(runs.id, runId));
    return status;
  };

  for (const [index, step] of definition.steps.entries()) {
    const previous = recorded.get(index);
    if (previous?.status === 'succeeded') {
      context.steps[step.key] = previous.output;
      continue;
    }
    const action = deps.findAction(step.action);
    if (!action) {
      return finish('failed', {
        kind: 'validation',
        message: `Unknown action "${step.action}" at step ${step.key}`,
      });
    }
    // The run had already reached its end here and only finishing it was lost (the worker
    // died, Postgres blinked): end it the same way, never by sending the step again.
    if (previous?.status === 'skipped') return finish('skipped');
    if (previous?.status === 'failed') {
      const error = (previous.error ?? {}) as { may_have_reached_server?: boolean };
      const ambiguous = error.may_have_reached_server === true && !action.idempotent;
      return finish(ambiguous ? 'interrupted' : 'failed', { step: step.key, ...error });
    }
    if (previous?.status === 'running' && !action.idempotent) {
      const error = {
        kind: 'timeout',
        message:
          `Step "${step.key}" (${action.key}) was cut off mid-call and is not safe to repeat: ` +
          'check the upstream state, then replay the run explicitly (POST /v1/runs/{id}/replay).',
        may_have_reached_server: true,
      };
      await recordStep(deps.db, runId, index, step, { status: 'failed', error, finishedAt: now() });
      return finish('interrupted', error);
    }
    const attempt = (previous?.attempt ?? 0) + 1;

    try {
      if (step.filter && !(await evaluateFilter(step.filter, context, `steps.${index}.filter`))) {
        await recordStep(deps.db, runId, index, step, { status: 'skipped', attempt, finishedAt: now() });
        return finish('skipped');
      }
    } catch (error) {
      return failStep(deps.db, runId, index, step, attempt, expressionFailure(error), now, finish);
    }

    let input: unknown;
    try {
      input = await renderInput(step.input, context, `steps.${index}.input`);
    } catch (error) {
      return failStep(deps.db, runId, index, step, attempt, expressionFailure(error), now, finish);
    }

    await recordStep(deps.db, runId, index, step, { status: 'running', input, attempt, startedAt: now() });
    try {
      const output = await executeAction(
        { client: deps.client, context: deps.actionContext },
        action,
        step.connection_id,
        input,
      );
      await recordStep(deps.db, runId, index, step, { status: 'succeeded', output, finishedAt: now() });
      context.steps[step.key] = output;
    } catch (error) {
      const recordedError = error instanceof ActionError ? error.toJSON() : unexpected(error);
      await recordStep(deps.db, runId, index, step, {
        status: 'failed',
        error: recordedError,
        finishedAt: now(),
      });
      const ambiguous =
        error instanceof ActionError &&
        error.kind === 'timeout' &&
        error.extra.mayHaveReachedServer &&
        !action.idempotent;
      return finish(ambiguous ? 'interrupted' : 'failed', { step: step.key, ...recordedError });
    }
  }
  return finish('succeeded');
}

async function failStep(
  db: Db,
  runId: string,
  index: number,
  step: WorkflowStep,
  attempt: number,
  error: Record<string, unknown>,
  now: () => Date,
  finish: (status: RunStatus, error: unknown) => Promise<RunStatus>,
) {
  await recordStep(db, runId, index, step, { status: 'failed', error, attempt, finishedAt: now() });
  return finish('failed', { step: step.key, ...error });
}

function expressionFailure(error: unknown): Record<string, unknown> {
  if (error instanceof ExpressionError)
    return { kind: 'validation', message: error.message, field: error.path };
  return unexpected(error);
}

function unexpected(error: unknown): Record<string, unknown> {
  return { kind: 'internal', message: safeErrorMessage(error) };
}

/** Upserts the step's row; the first write of a step (status running or a final status) creates it. */
async function recordStep(
  db: Db,
  runId: string,
  index: number,
  step: WorkflowStep,
  values: Partial<Omit<StepRow, 'id' | 'runId' | 'stepIndex' | 'stepKey' | 'actionKey'>>,
): Promise<void> {
  // Upstream outputs may hold characters PostgreSQL cannot store; recording must not fail on them.
  values = jsonbSafe(values);
  await db
    .insert(runSteps)
    .values({
      runId,
      stepIndex: index,
      stepKey: step.key,
      actionKey: step.action,
      status: 'running',
      ...values,
    })
    .onConflictDoUpdate({ target: [runSteps.runId, runSteps.stepIndex], set: values });
}
