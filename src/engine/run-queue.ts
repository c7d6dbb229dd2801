import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export const RUN_QUEUE = 'runs';
export interface RunJobData {
  runId: string;
}

/**
 * Producer-side Redis connection: fails fast while Redis is down instead of queueing
 * commands in memory, so the outbox relay learns at once and leaves the run pending.
 */
export function createProducerRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
}

/** Worker-side connection: BullMQ workers block on Redis and must retry forever. */
export function createWorkerRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

export function createRunQueue(connection: Redis, prefix: string): Queue<RunJobData> {
  return new Queue<RunJobData>(RUN_QUEUE, { connection, prefix });
}
