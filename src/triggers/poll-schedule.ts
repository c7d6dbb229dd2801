import { type ConnectionOptions, Queue, Worker } from 'bullmq';
import { and, eq, min, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { pollStates, workflows } from '../db/schema.ts';

export const POLL_QUEUE = 'polls';
export interface PollJobData {
  connectionId: string;
}

const schedulerId = (connectionId: string) => `poll:${connectionId}`;

export function createPollQueue(connection: ConnectionOptions, prefix: string): Queue<PollJobData> {
  return new Queue<PollJobData>(POLL_QUEUE, { connection, prefix });
}

/**
 * Makes a connection's BullMQ job scheduler match its enabled workflows: polled every
 * min(poll_interval_seconds) while any is enabled, not at all otherwise. When the last
 * one goes, the poll state goes too, so polling that starts again begins with a fresh
 * baseline instead of firing for everything that happened while nobody listened.
 */
export async function reconcilePollSchedule(
  deps: { db: Db; queue: Queue<PollJobData> },
  connectionId: string,
): Promise<{ intervalSeconds: number | null }> {
  // Under the same lock as a poll's commit: two reconciles (two API requests) cannot
  // interleave their read and their Redis call, and a poll that commits right after a
  // disable cannot bring back the poll state the disable removed.
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`poll:${connectionId}`}))`);
    const [row] = await tx
      .select({ interval: min(workflows.pollIntervalSeconds) })
      .from(workflows)
      .where(and(eq(workflows.triggerConnectionId, connectionId), eq(workflows.enabled, true)));
    const interval = row?.interval ?? null;
    if (interval === null) {
      await deps.queue.removeJobScheduler(schedulerId(connectionId));
      await tx.delete(pollStates).where(eq(pollStates.connectionId, connectionId));
      return { intervalSeconds: null };
    }
    await deps.queue.upsertJobScheduler(
      schedulerId(connectionId),
      { every: interval * 1000 },
      { name: 'poll', data: { connectionId }, opts: { removeOnComplete: 100, removeOnFail: 500 } },
    );
    return { intervalSeconds: interval };
  });
}

/**
 * Reconciles every connection that is polled or should be: at start-up, and after a
 * workflow changes (its trigger may have moved from one connection to another).
 */
export async function reconcileAllPollSchedules(deps: { db: Db; queue: Queue<PollJobData> }): Promise<void> {
  const polled = await deps.db
    .selectDistinct({ connectionId: workflows.triggerConnectionId })
    .from(workflows)
    .where(eq(workflows.enabled, true));
  const scheduled = (await deps.queue.getJobSchedulers())
    .map((s) => (s.key.startsWith('poll:') ? s.key.slice('poll:'.length) : null))
    .filter((id): id is string => id !== null);
  const ids = new Set([...polled.map((p) => p.connectionId), ...scheduled]);
  for (const id of ids) await reconcilePollSchedule(deps, id);
}

/**
 * A one-off poll at an appointment's start time, so `appointment_started` fires on time
 * rather than at the next interval. One job per (connection, instant): asking again for
 * the same instant adds nothing.
 */
export async function wakeAt(queue: Queue<PollJobData>, connectionId: string, at: Date): Promise<void> {
  await queue.add(
    'poll',
    { connectionId },
    {
      jobId: `start-${connectionId}-${at.getTime()}`,
      delay: Math.max(0, at.getTime() - Date.now()),
      removeOnComplete: true,
      removeOnFail: 100,
    },
  );
}

export function startPollWorker(deps: {
  connection: ConnectionOptions;
  prefix: string;
  poll: (connectionId: string) => Promise<unknown>;
  concurrency?: number;
}): Worker<PollJobData> {
  return new Worker<PollJobData>(POLL_QUEUE, (job) => deps.poll(job.data.connectionId), {
    connection: deps.connection,
    prefix: deps.prefix,
    concurrency: deps.concurrency ?? 4,
  });
}
