import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../src/api/workspaces.ts';
import { pollStates, runs } from '../../src/db/schema.ts';
import { demoWorkflowDefinition } from '../../src/demo/demo-seed.ts';
import { sandboxConnectionInput } from '../../src/demo/sandbox-connection.ts';
import { type Runtime, startRuntime } from '../../src/runtime.ts';
import { startSandbox } from '../../src/sandbox/sandbox-app.ts';
import { eventually } from '../support/eventually.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createTestRedis, type TestRedis } from '../support/test-redis.ts';

const sandboxClient = { clientId: 'e2e-client', clientSecret: 'e2e-secret' };

describe('the demo workflow end to end: Appointment Created → Get Appointment → Confirm Appointment', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let runtime: Runtime;
  const encryptionKey = randomBytes(32);
  let apiKey: string;
  let connectionId: string;
  let workflowId: string;

  const boot = () =>
    startRuntime({
      databaseUrl: database.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      encryptionKey,
      logger: pino({ level: 'silent' }),
      outboxIntervalMs: 200,
    });
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    runtime.api.inject({
      method,
      url,
      payload: payload as object,
      headers: { authorization: `Bearer ${apiKey}` },
    });
  const runsOfWorkflow = () => database.db.select().from(runs).where(eq(runs.workflowId, workflowId));

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createTestRedis();
    sandbox = await startSandbox({ host: '127.0.0.1', port: 0, clients: [sandboxClient] });
    runtime = await boot();
    ({ apiKey } = await createWorkspace(database.db, { name: 'e2e' }));
  });
  afterAll(async () => {
    await runtime?.stop();
    await sandbox?.close();
    await database?.drop();
    await redis?.cleanup();
  });

  it('is set up through the API; the first scheduled poll records a baseline and fires nothing', async () => {
    const existing = sandbox.store.createAppointment({ appointment_status: 'pending_booking' });
    const connection = await api(
      'POST',
      '/v1/connections',
      sandboxConnectionInput(sandbox.url, sandboxClient),
    );
    expect(connection.statusCode).toBe(201);
    connectionId = connection.json().id;

    const workflow = await api('POST', '/v1/workflows', {
      name: 'confirm new appointments',
      ...demoWorkflowDefinition(connectionId, 5),
    });
    expect(workflow.statusCode).toBe(201);
    workflowId = workflow.json().id;

    await eventually(
      async () =>
        (await database.db.select().from(pollStates).where(eq(pollStates.connectionId, connectionId)))[0],
    );
    expect(await runsOfWorkflow()).toHaveLength(0);
    expect(sandbox.store.getAppointment(existing.appointment_id)?.appointment_status).toBe('pending_booking');
  });

  it('confirms a new booking within a poll interval and records the run and its steps', async () => {
    const booked = sandbox.store.createAppointment({ appointment_status: 'pending_booking' });

    const run = await eventually(async () => {
      const listed = (await api('GET', `/v1/runs?workflow_id=${workflowId}`)).json();
      return listed.data.find((r: { status: string }) => r.status === 'succeeded');
    });
    expect(sandbox.store.getAppointment(booked.appointment_id)?.appointment_status).toBe('confirmed');

    const detail = (await api('GET', `/v1/runs/${run.id}`)).json();
    expect(detail.trigger_event.payload.appointment_id).toBe(booked.appointment_id);
    expect(detail.steps.map((s: { key: string; status: string }) => [s.key, s.status])).toEqual([
      ['appointment', 'succeeded'],
      ['confirm', 'succeeded'],
    ]);
    expect(detail.steps[1].output).toMatchObject({
      appointment_id: booked.appointment_id,
      appointment_status: 'confirmed',
    });
  });

  it('never fires twice for the same appointment, across polls and a restarted runtime', async () => {
    // The confirmation itself is a change, but only `created` is subscribed: no new run.
    expect(await runtime.poll(connectionId)).toMatchObject({ baseline: false, events: 0, runs: 0 });

    await runtime.stop();
    runtime = await boot();
    expect(await runtime.poll(connectionId)).toMatchObject({ baseline: false, events: 0, runs: 0 });
    expect(await runsOfWorkflow()).toHaveLength(1);

    const next = sandbox.store.createAppointment({ appointment_status: 'pending_booking' });
    expect(await runtime.poll(connectionId)).toMatchObject({ events: 1, runs: 1 });
    await eventually(
      async () => sandbox.store.getAppointment(next.appointment_id)?.appointment_status === 'confirmed',
    );
    const all = await eventually(async () => {
      const rows = await runsOfWorkflow();
      return rows.every((r) => r.status === 'succeeded') && rows;
    });
    expect(all).toHaveLength(2);
  });

  it('skips (not fails) a new appointment that is already confirmed', async () => {
    const confirmed = sandbox.store.createAppointment({ appointment_status: 'confirmed' });
    await runtime.poll(connectionId);
    const run = await eventually(async () => {
      const listed = (await api('GET', `/v1/runs?workflow_id=${workflowId}&status=skipped`)).json();
      return listed.data[0];
    });
    const detail = (await api('GET', `/v1/runs/${run.id}`)).json();
    expect(detail.trigger_event.payload.appointment_id).toBe(confirmed.appointment_id);
    expect(detail.steps.map((s: { status: string }) => s.status)).toEqual(['succeeded', 'skipped']);
  });

  it('stops polling when the workflow is disabled', async () => {
    const patched = await api('PATCH', `/v1/workflows/${workflowId}`, { enabled: false });
    expect(patched.statusCode).toBe(200);
    expect(await runtime.pollQueue.getJobSchedulers()).toHaveLength(0);
    expect(
      await database.db.select().from(pollStates).where(eq(pollStates.connectionId, connectionId)),
    ).toHaveLength(0);
  });
});
