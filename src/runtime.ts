import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { findAction } from './actions/catalog.ts';
import { createActionContext } from './actions/file-download.ts';
import { buildApi } from './api/api-app.ts';
import { type ConnectionClient, createConnectionClient } from './connections/connection-client.ts';
import { type ConnectionStore, createConnectionStore } from './connections/connection-store.ts';
import { createSecretBox } from './connections/secret-box.ts';
import { type Database, openDatabase } from './db/client.ts';
import { safeErrorMessage } from './db/jsonb-safe.ts';
import { type OutboxRelay, startOutboxRelay } from './engine/outbox-relay.ts';
import { createProducerRedis, createRunQueue, createWorkerRedis } from './engine/run-queue.ts';
import { startRunWorker } from './engine/run-worker.ts';
import { type PollOutcome, pollConnection } from './triggers/poll-connection.ts';
import {
  createPollQueue,
  type PollJobData,
  reconcileAllPollSchedules,
  startPollWorker,
  wakeAt,
} from './triggers/poll-schedule.ts';
import { refreshAppointments } from './triggers/refresh-appointments.ts';

export interface RuntimeOptions {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  encryptionKey: Buffer;
  logger: Logger;
  /** Where the API listens; omit to build it without listening (tests use inject()). */
  listen?: { host: string; port: number };
  /** Relay interval for the outbox; runs are also relayed right after each poll. */
  outboxIntervalMs?: number;
  runConcurrency?: number;
  /** Whether file downloads may reach private addresses (ALLOW_PRIVATE_FILE_URLS). */
  allowPrivateFileUrls?: boolean;
  /** How often poll schedules are checked against the database (default every minute). */
  reconcileIntervalMs?: number;
}

/** Everything `apptflow start` runs in one process: API, poll and run workers, outbox relay. */
export interface Runtime {
  api: FastifyInstance;
  database: Database;
  connections: ConnectionStore;
  client: ConnectionClient;
  pollQueue: Queue<PollJobData>;
  /** One poll of a connection now, exactly as the poll worker does it (new runs are relayed at once). */
  poll(connectionId: string): Promise<PollOutcome>;
  /** The API's address when it listens. */
  url: string | null;
  stop(): Promise<void>;
}

/**
 * The composition root: builds every part from its dependencies and starts it. Stop is
 * the start order reversed: stop taking work (API, timers, workers finish their active
 * jobs), then the relay, then queues before the Redis connections they use, then Postgres.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  // Whatever has started is stopped again, newest first, by stop() or by a failed start.
  const stoppers: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const stopOne of stoppers.reverse().splice(0)) await stopOne();
  };
  try {
    return await assemble(options, stoppers, stopAll);
  } catch (error) {
    await stopAll().catch(() => {});
    throw error;
  }
}

async function assemble(
  options: RuntimeOptions,
  stoppers: Array<() => Promise<void> | void>,
  stopAll: () => Promise<void>,
): Promise<Runtime> {
  const { logger } = options;
  const database = openDatabase(options.databaseUrl);
  stoppers.push(() => database.close());
  const { db } = database;
  const connections = createConnectionStore({ db, secrets: createSecretBox(options.encryptionKey) });
  const client = createConnectionClient({ store: connections });

  const producerRedis = createProducerRedis(options.redisUrl);
  stoppers.push(() => producerRedis.disconnect());
  producerRedis.on('error', (error) => logger.warn({ err: error.message }, 'redis (producer) unavailable'));
  await waitUntilReady(producerRedis);
  const runQueue = createRunQueue(producerRedis, options.redisPrefix);
  const pollQueue = createPollQueue(producerRedis, options.redisPrefix);
  stoppers.push(async () => {
    await Promise.all([runQueue.close(), pollQueue.close()]);
  });

  const relay: OutboxRelay = startOutboxRelay({
    db,
    queue: runQueue,
    intervalMs: options.outboxIntervalMs ?? 1000,
    onError: (error) => logger.warn({ err: safeErrorMessage(error) }, 'outbox relay: runs stay pending'),
  });
  stoppers.push(() => relay.stop());

  const workerConnection = () => {
    const redis = createWorkerRedis(options.redisUrl);
    redis.on('error', () => {});
    stoppers.push(() => redis.disconnect());
    return redis;
  };
  const actionContext = createActionContext({ allowPrivateNetwork: options.allowPrivateFileUrls ?? false });
  const runWorker = startRunWorker({
    db,
    client,
    actionContext,
    findAction,
    connection: workerConnection(),
    prefix: options.redisPrefix,
    concurrency: options.runConcurrency ?? 8,
  });
  stoppers.push(() => runWorker.close());
  runWorker.on('completed', (job, status) => logger.info({ runId: job.data.runId, status }, 'run finished'));
  runWorker.on('failed', (job, error) =>
    logger.error({ runId: job?.data.runId, err: safeErrorMessage(error) }, 'run crashed'),
  );

  const poll = async (connectionId: string) => {
    const outcome = await pollConnection({ db, client }, connectionId);
    if (outcome.runs > 0) relay.kick();
    if (outcome.nextStartAt) await wakeAt(pollQueue, connectionId, outcome.nextStartAt);
    if (outcome.baseline || outcome.events > 0) logger.info({ connectionId, ...outcome }, 'poll');
    return outcome;
  };
  const pollWorker = startPollWorker({ connection: workerConnection(), prefix: options.redisPrefix, poll });
  stoppers.push(() => pollWorker.close());
  pollWorker.on('failed', (job, error) =>
    logger.warn({ connectionId: job?.data.connectionId, err: safeErrorMessage(error) }, 'poll failed'),
  );

  const reconcile = () => reconcileAllPollSchedules({ db, queue: pollQueue });
  await reconcile();
  // Schedules also follow the database on their own: a change whose reconcile was lost
  // (a crash, a Redis blip) is put right within a minute.
  const reconcileTimer = setInterval(() => {
    reconcile().catch((error) =>
      logger.warn({ err: safeErrorMessage(error) }, 'poll schedules not reconciled'),
    );
  }, options.reconcileIntervalMs ?? 60_000);
  stoppers.push(() => clearInterval(reconcileTimer));

  const api = await buildApi({
    db,
    connections,
    client,
    actionContext,
    logger: logger.child({ component: 'api' }),
    onWorkflowChanged: reconcile,
    onAppointmentWebhook: (connectionId, appointmentId) => {
      refreshAppointments({ db, client }, connectionId, [appointmentId])
        .then((outcome) => {
          if (outcome.runs > 0) relay.kick();
          if (outcome.events > 0) logger.info({ connectionId, ...outcome }, 'webhook');
        })
        .catch((error) =>
          logger.warn({ connectionId, err: safeErrorMessage(error) }, 'webhook refresh failed'),
        );
    },
    checkHealth: async () => ({
      postgres: await database.pool.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      redis: producerRedis.status === 'ready',
    }),
  });
  stoppers.push(() => api.close());
  const url = options.listen ? await api.listen(options.listen) : null;

  return { api, database, connections, client, pollQueue, poll, url, stop: stopAll };
}

function waitUntilReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.disconnect();
      reject(new Error('Redis did not answer within 10 s: start it, or set REDIS_URL to one you can reach.'));
    }, 10_000);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
