import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { runSteps, runs } from '../db/schema.ts';

export type ReplayFrom = 'failed_step' | 'start';

export type ReplayResult = { ok: true } | { ok: false; reason: 'not_found' | 'not_final' };

/**
 * Sends a finished run through the engine again, on a person's say-so: the explicit way
 * on after `interrupted` (a step that may or may not have reached the API) or `failed`.
 * From `failed_step`, the steps that succeeded keep their outputs and are not repeated;
 * the first step that did not succeed and those after it run again. From `start`, every
 * step runs again. The run goes back to `queued` through the outbox; its job id carries
 * the replay count, so BullMQ does not mistake it for the job that already ran.
 */
export async function replayRun(
  db: Db,
  workspaceId: string,
  runId: string,
  from: ReplayFrom,
): Promise<ReplayResult> {
  return db.transaction(async (tx) => {
    const [run] = await tx
      .select({ status: runs.status })
      .from(runs)
      .where(and(eq(runs.workspaceId, workspaceId), eq(runs.id, runId)))
      .for('update');
    if (!run) return { ok: false, reason: 'not_found' };
    if (run.status === 'queued' || run.status === 'running') return { ok: false, reason: 'not_final' };

    const steps = await tx
      .select({ index: runSteps.stepIndex, status: runSteps.status })
      .from(runSteps)
      .where(eq(runSteps.runId, runId));
    const firstUnfinished =
      from === 'start'
        ? 0
        : Math.min(
            ...steps.filter((s) => s.status !== 'succeeded').map((s) => s.index),
            Number.MAX_SAFE_INTEGER,
          );
    await tx.delete(runSteps).where(and(eq(runSteps.runId, runId), gte(runSteps.stepIndex, firstUnfinished)));
    await tx
      .update(runs)
      .set({
        status: 'queued',
        error: null,
        finishedAt: null,
        enqueuedAt: null,
        attempts: 0,
        replays: sql`${runs.replays} + 1`,
      })
      .where(
        and(eq(runs.id, runId), inArray(runs.status, ['succeeded', 'failed', 'skipped', 'interrupted'])),
      );
    return { ok: true };
  });
}
