import type { Queue } from 'bullmq';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
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
      .select({ id: runs.id })
      .from(runs)
      .where(and(eq(runs.status, 'queued'), isNull(runs.enqueuedAt)))
      .orderBy(asc(runs.createdAt))
      .limit(batchSize);
    if (pending.length === 0) return total;
    // BullMQ waits for Redis to come back rather than failing; the relay must not stall
    // behind it. An add that completes after the timeout is harmless (same job id).
    await withTimeout(
      queue.addBulk(
        pending.map(({ id }) => ({
          name: 'run',
          data: { runId: id },
          opts: { jobId: id, removeOnComplete: 1000, removeOnFail: 5000 },
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
  onError?: (error: unknown) => void;
}): OutboxRelay {
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
      await running;
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
