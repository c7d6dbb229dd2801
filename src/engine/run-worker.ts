import { type ConnectionOptions, Worker } from 'bullmq';
import { executeRun, type RunExecutorDeps } from './run-executor.ts';
import { RUN_QUEUE, type RunJobData } from './run-queue.ts';

/** The BullMQ worker that executes queued runs. */
export function startRunWorker(
  deps: RunExecutorDeps & { connection: ConnectionOptions; prefix: string; concurrency?: number },
): Worker<RunJobData> {
  return new Worker<RunJobData>(RUN_QUEUE, async (job) => executeRun(deps, job.data.runId), {
    connection: deps.connection,
    prefix: deps.prefix,
    concurrency: deps.concurrency ?? 8,
  });
}
