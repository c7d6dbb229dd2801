import type { Queue } from 'bullmq';
import { and, asc, eq, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { runs } from '../db/schema.ts';
import type { RunJobData } from './run-queue.ts';

/**
 * The outbox. Runs are committed as `queued` with `enqueued_at` NULL in the same
 * transaction as the event that caused them; this hands them to BullMQ and stamps them.
 * If Redis is down, the add fails and the rows simply stay pending for the next pass.
 * A run enqueued twice (crash between add and stamp) is harmless: the job id is the run
 * id, and the executor only claims a run that is not final.
 */
export async function relayPendingRuns(
  db: Db,
  queue: Queue<RunJobData>,
  options: { batchSize?: number; addTimeoutMs?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let total = 0;
  for (;;) {
    const pending = await db
      .select({ id: runs.id, replays: runs.replays })
      .from(runs)
      .where(and(eq(runs.status, 'queued'), isNull(runs.enqueuedAt)))
      .orderBy(asc(runs.createdAt))
      .limit(batchSize);
    if (pending.length === 0) return total;
    // BullMQ waits for Redis to come back rather than failing; the relay must not stall
    // behind it. An add that completes after the timeout is harmless (same job id).
    await withTimeout(
      queue.addBulk(
        pending.map((run) => ({
          name: 'run',
          data: { runId: run.id },
          opts: runJobOptions(run.id, run.replays),
        })),
      ),
      options.addTimeoutMs ?? 5000,
    );
    const ids = pending.map((p) => p.id);
    await db.update(runs).set({ enqueuedAt: new Date() }).where(inArray(runs.id, ids));
    total += ids.length;
    if (pending.length < batchSize) return total;
  }
}

/**
 * The job id is the run id (plus the replay count once a person replayed it), so a
 * second add of a live job is a no-op. A job that throws (Postgres unreachable mid-run)
 * is retried with backoff; the executor resumes the run.
 */
export function runJobId(runId: string, replays: number): string {
  return replays === 0 ? runId : `${runId}-r${replays}`;
}

function runJobOptions(runId: string, replays: number) {
  return {
    jobId: runJobId(runId, replays),
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: 1000,
    removeOnFail: 5000,
  };
}

const LIVE_JOB_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Runs whose job is gone — Redis lost its data, or the job used up its attempts — would
 * wait forever in `queued` or `running`. This finds runs enqueued longer ago than
 * `staleAfterMs` that BullMQ no longer holds in a live state and hands them to BullMQ
 * again (the executor skips succeeded steps and never blindly repeats an unsafe one). A
 * run claimed `maxAttempts` times without finishing fails instead of looping forever.
 */
export async function recoverLostRuns(
  db: Db,
  queue: Queue<RunJobData>,
  options: { staleAfterMs?: number; maxAttempts?: number; now?: Date } = {},
): Promise<{ requeued: number; abandoned: number }> {
  const now = options.now ?? new Date();
  const maxAttempts = options.maxAttempts ?? 10;
  const stale = await db
    .select({ id: runs.id, attempts: runs.attempts, replays: runs.replays })
    .from(runs)
    .where(
      and(
        inArray(runs.status, ['queued', 'running']),
        isNotNull(runs.enqueuedAt),
        lt(runs.enqueuedAt, new Date(now.getTime() - (options.staleAfterMs ?? 10 * 60_000))),
      ),
    )
    .orderBy(asc(runs.enqueuedAt))
    .limit(200);
  let requeued = 0;
  let abandoned = 0;
  for (const run of stale) {
    if (run.attempts >= maxAttempts) {
      await db
        .update(runs)
        .set({
          status: 'failed',
          finishedAt: now,
          error: {
            kind: 'internal',
            message: `Gave up after ${run.attempts} attempts: the run kept stopping outside its steps (see the logs).`,
          },
        })
        .where(and(eq(runs.id, run.id), inArray(runs.status, ['queued', 'running'])));
      abandoned++;
      continue;
    }
    const job = await queue.getJob(runJobId(run.id, run.replays));
    if (job && LIVE_JOB_STATES.has(await job.getState())) continue;
    // A finished job keeps its id; it must go before the same id can be added again.
    await job?.remove();
    await queue.add('run', { runId: run.id }, runJobOptions(run.id, run.replays));
    await db.update(runs).set({ enqueuedAt: now }).where(eq(runs.id, run.id));
    requeued++;
  }
  return { requeued, abandoned };
}

export interface OutboxRelay {
  /** Relay now (e.g. right after a poll committed new runs); concurrent calls coalesce. */
  kick(): void;
  stop(): Promise<void>;
}

/** Relays on an interval and on demand; errors (Redis down) are reported and retried next tick. */
export function startOutboxRelay(deps: {
  db: Db;
  queue: Queue<RunJobData>;
  intervalMs?: number;
  /** How often lost runs are looked for (default every minute). */
  recoverIntervalMs?: number;
  onError?: (error: unknown) => void;
}): OutboxRelay {
  let recovering: Promise<unknown> | null = null;
  const recover = () => {
    if (recovering) return;
    recovering = recoverLostRuns(deps.db, deps.queue)
      .catch((error) => deps.onError?.(error))
      .finally(() => {
        recovering = null;
      });
  };
  const recoverTimer = setInterval(recover, deps.recoverIntervalMs ?? 60_000);
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const pass = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = relayPendingRuns(deps.db, deps.queue)
      .then(
        () => undefined,
        (error) => deps.onError?.(error),
      )
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          pass();
        }
      });
  };
  const timer = setInterval(pass, deps.intervalMs ?? 1000);
  pass();
  return {
    kick: pass,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(recoverTimer);
      await Promise.all([running, recovering]);
    },
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  // Once the timeout has won, a late rejection of the abandoned add must not go unhandled.
  promise.catch(() => {});
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not accept the jobs within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
