import type { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runs, triggerEvents } from '../../src/db/schema.ts';
import { recoverLostRuns, relayPendingRuns } from '../../src/engine/outbox-relay.ts';
import { createProducerRedis, createRunQueue, type RunJobData } from '../../src/engine/run-queue.ts';
import { insertBareConnection, insertWorkflow, insertWorkspace } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createTestRedis, type TestRedis } from '../support/test-redis.ts';

describe('outbox relay', () => {
  let database: TestDatabase;
  let redis: TestRedis;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createTestRedis();
  });
  afterAll(async () => {
    await database.drop();
    await redis.cleanup();
  });

  async function queuedRuns(count: number) {
    const workspaceId = await insertWorkspace(database.db);
    const connectionId = await insertBareConnection(database.db, workspaceId);
    const definition = {
      trigger: { key: 'zocdoc.appointment_created', connection_id: connectionId, poll_interval_seconds: 60 },
      steps: [{ key: 'get', action: 'zocdoc.get_appointment', connection_id: connectionId, input: {} }],
    };
    const workflowId = await insertWorkflow(database.db, workspaceId, definition);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const [event] = await database.db
        .insert(triggerEvents)
        .values({
          workspaceId,
          connectionId,
          triggerKey: 'zocdoc.appointment_created',
          dedupKey: `k${i}`,
          payload: {},
        })
        .returning();
      const [run] = await database.db
        .insert(runs)
        .values({ workspaceId, workflowId, eventId: event!.id, status: 'queued', definition })
        .returning();
      ids.push(run!.id);
    }
    return ids;
  }

  it('keeps runs pending while Redis is unreachable, and enqueues them once it is back', async () => {
    const ids = await queuedRuns(3);

    // Redis down, as BullMQ shows it: an add that fails, or one that waits for a
    // reconnect that does not come (BullMQ's behaviour while Redis is unreachable).
    const failing = { addBulk: () => Promise.reject(new Error('Connection is closed.')) };
    const waiting = { addBulk: () => new Promise(() => {}) };
    for (const down of [failing, waiting]) {
      const queue = down as unknown as Queue<RunJobData>;
      await expect(relayPendingRuns(database.db, queue, { addTimeoutMs: 200 })).rejects.toThrow(
        /Connection|Redis/,
      );
      const stillPending = await database.db.select().from(runs).where(eq(runs.status, 'queued'));
      expect(stillPending.filter((r) => ids.includes(r.id)).every((r) => r.enqueuedAt === null)).toBe(true);
    }

    const liveRedis = createProducerRedis(redis.url);
    await new Promise((resolve) => liveRedis.once('ready', resolve));
    const queue = createRunQueue(liveRedis, redis.prefix);
    expect(await relayPendingRuns(database.db, queue)).toBe(3);
    const jobs = await queue.getJobs(['waiting']);
    expect(jobs.map((j) => j.id).sort()).toEqual([...ids].sort());
    const rows = await database.db.select().from(runs);
    expect(rows.filter((r) => ids.includes(r.id)).every((r) => r.enqueuedAt !== null)).toBe(true);

    // A second pass finds nothing, and re-adding the same run id (a crash between add and
    // stamp) does not make a second job.
    expect(await relayPendingRuns(database.db, queue)).toBe(0);
    await database.db.update(runs).set({ enqueuedAt: null }).where(eq(runs.id, ids[0]!));
    expect(await relayPendingRuns(database.db, queue)).toBe(1);
    expect((await queue.getJobCounts('waiting')).waiting).toBe(3);
    await queue.close();
    liveRedis.disconnect();
  });

  it('hands lost runs to BullMQ again, leaves live ones alone, and gives up on runs that never finish', async () => {
    const [lost, live, hopeless] = await queuedRuns(3);
    const redisConnection = createProducerRedis(redis.url);
    await new Promise((resolve) => redisConnection.once('ready', resolve));
    const queue = createRunQueue(redisConnection, `${redis.prefix}-recover`);
    const longAgo = new Date(Date.now() - 3_600_000);
    // `lost` was enqueued an hour ago but its job is gone; `live` has a waiting job.
    await database.db.update(runs).set({ enqueuedAt: longAgo }).where(eq(runs.id, lost!));
    await database.db.update(runs).set({ enqueuedAt: longAgo }).where(eq(runs.id, live!));
    await queue.add('run', { runId: live! }, { jobId: live! });
    await database.db
      .update(runs)
      .set({ enqueuedAt: longAgo, status: 'running', attempts: 10 })
      .where(eq(runs.id, hopeless!));

    expect(await recoverLostRuns(database.db, queue)).toEqual({ requeued: 1, abandoned: 1 });
    expect((await queue.getJob(lost!))?.data).toEqual({ runId: lost });
    const rows = new Map((await database.db.select().from(runs)).map((r) => [r.id, r]));
    expect(rows.get(lost!)!.enqueuedAt!.getTime()).toBeGreaterThan(longAgo.getTime());
    expect(rows.get(live!)!.enqueuedAt).toEqual(longAgo);
    expect(rows.get(hopeless!)).toMatchObject({ status: 'failed', error: { kind: 'internal' } });

    // Nothing is stale any more.
    expect(await recoverLostRuns(database.db, queue)).toEqual({ requeued: 0, abandoned: 0 });
    await queue.close();
    redisConnection.disconnect();
  });
});
