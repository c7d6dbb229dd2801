import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAction } from '../../src/actions/catalog.ts';
import { createActionContext } from '../../src/actions/file-download.ts';
import type {
  ConnectionClient,
  UpstreamRequest,
  UpstreamResponse,
} from '../../src/connections/connection-client.ts';
import { runSteps, runs, triggerEvents } from '../../src/db/schema.ts';
import { demoWorkflowDefinition } from '../../src/demo/demo-seed.ts';
import { relayPendingRuns } from '../../src/engine/outbox-relay.ts';
import { executeRun } from '../../src/engine/run-executor.ts';
import { createProducerRedis, createRunQueue } from '../../src/engine/run-queue.ts';
import { replayRun } from '../../src/engine/run-replay.ts';
import {
  fakeAppointment,
  insertBareConnection,
  insertWorkflow,
  insertWorkspace,
} from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createTestRedis, type TestRedis } from '../support/test-redis.ts';

describe('replaying a run', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let workspaceId: string;
  let connectionId: string;
  const appointment = fakeAppointment();
  let confirmAnswer: Partial<UpstreamResponse> = {
    status: 409,
    body: { errors: [{ message: 'not pending' }] },
  };
  const calls: UpstreamRequest[] = [];
  const client: ConnectionClient = {
    async request(_id, req) {
      calls.push(req);
      const answer = req.method === 'GET' ? { body: { data: appointment } } : confirmAnswer;
      return { status: 200, headers: {}, body: null, text: '', requestId: 'r', attempts: 1, ...answer };
    },
  };
  const deps = () => ({ db: database.db, client, findAction, actionContext: createActionContext() });

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createTestRedis();
    workspaceId = await insertWorkspace(database.db);
    connectionId = await insertBareConnection(database.db, workspaceId);
  });
  afterAll(async () => {
    await database.drop();
    await redis.cleanup();
  });

  async function failedRun() {
    confirmAnswer = { status: 409, body: { errors: [{ message: 'not pending' }] } };
    const definition = demoWorkflowDefinition(connectionId, 60);
    const workflowId = await insertWorkflow(database.db, workspaceId, definition);
    const [event] = await database.db
      .insert(triggerEvents)
      .values({
        workspaceId,
        connectionId,
        triggerKey: definition.trigger.key,
        dedupKey: randomUUID(),
        payload: appointment,
      })
      .returning();
    const [run] = await database.db
      .insert(runs)
      .values({ workspaceId, workflowId, eventId: event!.id, status: 'queued', definition })
      .returning();
    expect(await executeRun(deps(), run!.id)).toBe('failed');
    return run!.id;
  }

  it('from the failed step: keeps what succeeded and runs the rest again', async () => {
    const runId = await failedRun();
    expect(await replayRun(database.db, workspaceId, runId, 'failed_step')).toEqual({ ok: true });
    const [queued] = await database.db.select().from(runs).where(eq(runs.id, runId));
    expect(queued).toMatchObject({
      status: 'queued',
      replays: 1,
      error: null,
      enqueuedAt: null,
      finishedAt: null,
    });
    expect(
      (await database.db.select().from(runSteps).where(eq(runSteps.runId, runId))).map((s) => s.stepKey),
    ).toEqual(['appointment']);

    calls.length = 0;
    confirmAnswer = {
      body: { data: { appointment_id: appointment.appointment_id, appointment_status: 'confirmed' } },
    };
    expect(await executeRun(deps(), runId)).toBe('succeeded');
    expect(calls.map((c) => c.method)).toEqual(['POST']);
  });

  it('from the start: runs every step again', async () => {
    const runId = await failedRun();
    await replayRun(database.db, workspaceId, runId, 'start');
    calls.length = 0;
    confirmAnswer = {
      body: { data: { appointment_id: appointment.appointment_id, appointment_status: 'confirmed' } },
    };
    expect(await executeRun(deps(), runId)).toBe('succeeded');
    expect(calls.map((c) => c.method)).toEqual(['GET', 'POST']);
  });

  it('is refused while the run is queued or running, and for another workspace', async () => {
    const runId = await failedRun();
    await replayRun(database.db, workspaceId, runId, 'failed_step');
    expect(await replayRun(database.db, workspaceId, runId, 'failed_step')).toEqual({
      ok: false,
      reason: 'not_final',
    });
    const other = await insertWorkspace(database.db, 'other');
    expect(await replayRun(database.db, other, runId, 'start')).toEqual({ ok: false, reason: 'not_found' });
  });

  it('goes to BullMQ under a new job id, past the finished job of its first run', async () => {
    const runId = await failedRun();
    const connection = createProducerRedis(redis.url);
    await new Promise((resolve) => connection.once('ready', resolve));
    const queue = createRunQueue(connection, redis.prefix);
    // What the first run left behind: its job, finished.
    await queue.add('run', { runId }, { jobId: runId });
    await database.db.update(runs).set({ enqueuedAt: new Date() }).where(eq(runs.id, runId));

    await replayRun(database.db, workspaceId, runId, 'failed_step');
    await relayPendingRuns(database.db, queue);
    expect((await queue.getJob(`${runId}-r1`))?.data).toEqual({ runId });
    await queue.close();
    connection.disconnect();
  });
});
