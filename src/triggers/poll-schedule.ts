import { type ConnectionOptions, Queue, Worker } from 'bullmq';
import { and, eq, min } from 'drizzle-orm';
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
  const [row] = await deps.db
    .select({ interval: min(workflows.pollIntervalSeconds) })
    .from(workflows)
    .where(and(eq(workflows.triggerConnectionId, connectionId), eq(workflows.enabled, true)));
  const interval = row?.interval ?? null;
  if (interval === null) {
    await deps.queue.removeJobScheduler(schedulerId(connectionId));
    await deps.db.delete(pollStates).where(eq(pollStates.connectionId, connectionId));
    return { intervalSeconds: null };
  }
  await deps.queue.upsertJobScheduler(
    schedulerId(connectionId),
    { every: interval * 1000 },
    { name: 'poll', data: { connectionId }, opts: { removeOnComplete: 100, removeOnFail: 500 } },
  );
  return { intervalSeconds: interval };
}

/** At start-up: schedule every polled connection and drop schedulers nobody needs any more. */
export async function reconcileAllPollSchedules(deps: { db: Db; queue: Queue<PollJobData> }): Promise<void> {
  const polled = await deps.db
    .selectDistinct({ connectionId: workflows.triggerConnectionId })
    .from(workflows)
    .where(eq(workflows.enabled, true));
  const wanted = new Set(polled.map((p) => p.connectionId));
  for (const id of wanted) await reconcilePollSchedule(deps, id);
  for (const scheduler of await deps.queue.getJobSchedulers()) {
    const connectionId = scheduler.key.startsWith('poll:') ? scheduler.key.slice(5) : null;
    if (connectionId && !wanted.has(connectionId)) await deps.queue.removeJobScheduler(scheduler.key);
  }
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
