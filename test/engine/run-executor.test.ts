import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction } from '../../src/actions/action-definition.ts';
import { findAction } from '../../src/actions/catalog.ts';
import { createActionContext } from '../../src/actions/file-download.ts';
import {
  type ConnectionClient,
  UpstreamNoResponseError,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../../src/connections/connection-client.ts';
import { runSteps, runs, triggerEvents } from '../../src/db/schema.ts';
import { demoWorkflowDefinition } from '../../src/demo/demo-seed.ts';
import { executeRun } from '../../src/engine/run-executor.ts';
import type { WorkflowDefinition } from '../../src/engine/workflow-definition.ts';
import {
  fakeAppointment,
  insertBareConnection,
  insertWorkflow,
  insertWorkspace,
} from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

type Script = (req: UpstreamRequest) => Partial<UpstreamResponse> | Error;

/** A ConnectionClient that answers from a script and records what it was asked. */
function scriptedClient(script: Script) {
  const calls: UpstreamRequest[] = [];
  const client: ConnectionClient = {
    async request(_connectionId, req) {
      calls.push(req);
      const answer = script(req);
      if (answer instanceof Error) throw answer;
      return { status: 200, headers: {}, body: null, text: '', requestId: 'req-1', attempts: 1, ...answer };
    },
  };
  return { client, calls };
}

// A non-idempotent action for the ambiguity rules; the real catalog's create action comes later.
const bookSomething = defineAction({
  key: 'test.book',
  connector: 'zocdoc',
  title: 'Book',
  description: 'Test-only non-idempotent action',
  group: 'Test',
  input: z.strictObject({ appointment_id: z.string() }),
  output: z.looseObject({ ok: z.boolean() }),
  idempotent: false,
  request: () => ({ method: 'POST', path: '/book', body: {} }),
});
const actions = (key: string) => (key === bookSomething.key ? bookSomething : findAction(key));

describe('run executor', () => {
  let database: TestDatabase;
  let workspaceId: string;
  let connectionId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    workspaceId = await insertWorkspace(database.db);
    connectionId = await insertBareConnection(database.db, workspaceId);
  });
  afterAll(() => database.drop());

  const demo = (): WorkflowDefinition => demoWorkflowDefinition(connectionId, 60);

  async function queuedRun(definition: WorkflowDefinition, payload: Record<string, unknown>) {
    const workflowId = await insertWorkflow(database.db, workspaceId, definition);
    const [event] = await database.db
      .insert(triggerEvents)
      .values({
        workspaceId,
        connectionId,
        triggerKey: definition.trigger.key,
        dedupKey: randomUUID(),
        payload,
      })
      .returning();
    const [run] = await database.db
      .insert(runs)
      .values({ workspaceId, workflowId, eventId: event!.id, status: 'queued', definition })
      .returning();
    return run!.id;
  }
  const deps = (client: ConnectionClient) => ({
    db: database.db,
    client,
    findAction: actions,
    actionContext: createActionContext(),
  });
  const stepsOf = (runId: string) =>
    database.db.select().from(runSteps).where(eq(runSteps.runId, runId)).orderBy(runSteps.stepIndex);
  const runOf = async (runId: string) =>
    (await database.db.select().from(runs).where(eq(runs.id, runId)))[0]!;

  it('runs every step, mapping the trigger and earlier outputs into inputs, and records them', async () => {
    const appointment = fakeAppointment();
    const { client, calls } = scriptedClient((req) =>
      req.method === 'GET'
        ? { body: { request_id: 'r1', data: appointment } }
        : {
            body: {
              request_id: 'r2',
              data: { appointment_id: appointment.appointment_id, appointment_status: 'confirmed' },
            },
          },
    );
    const runId = await queuedRun(demo(), appointment);
    expect(await executeRun(deps(client), runId)).toBe('succeeded');

    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `GET /v1/appointments/${appointment.appointment_id}`,
      'POST /v1/appointments/confirm',
    ]);
    expect(calls[1]!.body).toEqual({ appointment_id: appointment.appointment_id });
    const steps = await stepsOf(runId);
    expect(steps.map((s) => [s.stepKey, s.status])).toEqual([
      ['appointment', 'succeeded'],
      ['confirm', 'succeeded'],
    ]);
    expect(steps[1]!.input).toEqual({ appointment_id: appointment.appointment_id });
    expect(steps[1]!.output).toMatchObject({ appointment_status: 'confirmed' });
    const run = await runOf(runId);
    expect(run).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(run.finishedAt).toBeInstanceOf(Date);
  });

  it('ends the run skipped when a filter is false, without calling the step', async () => {
    const appointment = fakeAppointment({ appointment_status: 'confirmed' });
    const { client, calls } = scriptedClient(() => ({ body: { request_id: 'r', data: appointment } }));
    const runId = await queuedRun(demo(), appointment);
    expect(await executeRun(deps(client), runId)).toBe('skipped');
    expect(calls).toHaveLength(1);
    expect((await stepsOf(runId)).map((s) => s.status)).toEqual(['succeeded', 'skipped']);
  });

  it('records a conflict from the API as a failed step with the upstream details', async () => {
    const appointment = fakeAppointment();
    const { client } = scriptedClient((req) =>
      req.method === 'GET'
        ? { body: { request_id: 'r1', data: appointment } }
        : {
            status: 409,
            requestId: 'zd-409',
            body: {
              request_id: 'zd-409',
              error_type: 'invalid_request',
              errors: [{ field: 'appointment_id', message: 'not pending' }],
            },
          },
    );
    const runId = await queuedRun(demo(), appointment);
    expect(await executeRun(deps(client), runId)).toBe('failed');
    const [, confirm] = await stepsOf(runId);
    expect(confirm!.error).toMatchObject({
      kind: 'conflict',
      status: 409,
      request_id: 'zd-409',
      details: [{ field: 'appointment_id', message: 'not pending' }],
    });
    expect((await runOf(runId)).error).toMatchObject({ step: 'confirm', kind: 'conflict' });
  });

  it('fails on an input the action rejects, before any HTTP call', async () => {
    const { client, calls } = scriptedClient(() => ({}));
    const runId = await queuedRun(demo(), { appointment_id: 'not-a-uuid' });
    expect(await executeRun(deps(client), runId)).toBe('failed');
    expect(calls).toHaveLength(0);
    expect((await stepsOf(runId))[0]!.error).toMatchObject({
      kind: 'validation',
      details: [{ field: 'appointment_id' }],
    });
  });

  it('does nothing for a run that is already final (a double enqueue runs nothing twice)', async () => {
    const appointment = fakeAppointment();
    const { client, calls } = scriptedClient((req) =>
      req.method === 'GET'
        ? { body: { data: appointment } }
        : { body: { data: { appointment_id: appointment.appointment_id, appointment_status: 'confirmed' } } },
    );
    const runId = await queuedRun(demo(), appointment);
    await executeRun(deps(client), runId);
    expect(await executeRun(deps(client), runId)).toBe('not_runnable');
    expect(calls).toHaveLength(2);
  });

  it('resumes a redelivered run without repeating succeeded steps', async () => {
    const appointment = fakeAppointment();
    const runId = await queuedRun(demo(), appointment);
    // A previous worker finished step 0 and died while calling step 1 (idempotent).
    await database.db.update(runs).set({ status: 'running', attempts: 1 }).where(eq(runs.id, runId));
    await database.db.insert(runSteps).values([
      {
        runId,
        stepIndex: 0,
        stepKey: 'appointment',
        actionKey: 'zocdoc.get_appointment',
        status: 'succeeded',
        output: appointment,
      },
      { runId, stepIndex: 1, stepKey: 'confirm', actionKey: 'zocdoc.confirm_appointment', status: 'running' },
    ]);
    const { client, calls } = scriptedClient(() => ({
      body: { data: { appointment_id: appointment.appointment_id, appointment_status: 'confirmed' } },
    }));
    expect(await executeRun(deps(client), runId)).toBe('succeeded');
    expect(calls.map((c) => c.path)).toEqual(['/v1/appointments/confirm']);
    expect((await stepsOf(runId))[1]).toMatchObject({ status: 'succeeded', attempt: 2 });
    expect((await runOf(runId)).attempts).toBe(2);
  });

  it('never repeats a cut-off step that is not safe to repeat: the run ends interrupted', async () => {
    const definition: WorkflowDefinition = {
      ...demo(),
      steps: [
        { key: 'book', action: 'test.book', connection_id: connectionId, input: { appointment_id: 'x' } },
      ],
    };
    const runId = await queuedRun(definition, {});
    await database.db.update(runs).set({ status: 'running' }).where(eq(runs.id, runId));
    await database.db
      .insert(runSteps)
      .values({ runId, stepIndex: 0, stepKey: 'book', actionKey: 'test.book', status: 'running' });
    const { client, calls } = scriptedClient(() => ({ body: { data: { ok: true } } }));
    expect(await executeRun(deps(client), runId)).toBe('interrupted');
    expect(calls).toHaveLength(0);
    expect((await stepsOf(runId))[0]).toMatchObject({
      status: 'failed',
      error: { may_have_reached_server: true },
    });
  });

  it('ends interrupted when a non-idempotent call times out after it may have been sent', async () => {
    const definition: WorkflowDefinition = {
      ...demo(),
      steps: [
        { key: 'book', action: 'test.book', connection_id: connectionId, input: { appointment_id: 'x' } },
      ],
    };
    const runId = await queuedRun(definition, {});
    const { client } = scriptedClient(
      () =>
        new UpstreamNoResponseError('timed out', {
          kind: 'timeout',
          mayHaveReachedServer: true,
          attempts: 1,
        }),
    );
    expect(await executeRun(deps(client), runId)).toBe('interrupted');
    expect((await runOf(runId)).error).toMatchObject({ kind: 'timeout', may_have_reached_server: true });
  });

  it('ends a redelivered run from its recorded failure instead of sending the step again', async () => {
    const definition: WorkflowDefinition = {
      ...demo(),
      steps: [
        { key: 'book', action: 'test.book', connection_id: connectionId, input: { appointment_id: 'x' } },
      ],
    };
    const runId = await queuedRun(definition, {});
    // The step timed out after sending and was recorded; then finishing the run was lost.
    await database.db.update(runs).set({ status: 'running' }).where(eq(runs.id, runId));
    await database.db.insert(runSteps).values({
      runId,
      stepIndex: 0,
      stepKey: 'book',
      actionKey: 'test.book',
      status: 'failed',
      error: { kind: 'timeout', message: 'timed out', may_have_reached_server: true },
    });
    const { client, calls } = scriptedClient(() => ({ body: { data: { ok: true } } }));
    expect(await executeRun(deps(client), runId)).toBe('interrupted');
    expect(calls).toHaveLength(0);
  });

  it('records outputs holding characters PostgreSQL cannot store', async () => {
    const appointment = fakeAppointment({ notes: 'nul \u0000 here' });
    const { client } = scriptedClient((req) =>
      req.method === 'GET'
        ? { body: { data: appointment } }
        : { body: { data: { appointment_id: appointment.appointment_id, appointment_status: 'confirmed' } } },
    );
    const runId = await queuedRun(demo(), { ...appointment, notes: null });
    expect(await executeRun(deps(client), runId)).toBe('succeeded');
    expect(((await stepsOf(runId))[0]!.output as { notes: string }).notes).toBe('nul \uFFFD here');
  });
});
