import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connections as connectionsTable, workflows } from '../../src/db/schema.ts';
import {
  type ApiKit,
  bearer,
  createApiKit,
  createConnection,
  errorPaths,
  expectProblem,
  workflowBody,
} from './api-test-kit.ts';

describe('/v1/workflows', () => {
  let kit: ApiKit;
  let connectionA: string;
  let connectionB: string;
  const changed: Array<{ id: string; triggerConnectionId: string }> = [];

  beforeAll(async () => {
    kit = await createApiKit({
      onWorkflowChanged: async (workflow) => {
        changed.push(workflow);
      },
    });
    connectionA = await createConnection(kit.app, kit.a.key);
    connectionB = await createConnection(kit.app, kit.b.key);
  });
  afterAll(() => kit.close());

  const post = (key: string, payload: unknown) =>
    kit.app.inject({
      method: 'POST',
      url: '/v1/workflows',
      headers: bearer(key),
      payload: payload as object,
    });
  const patch = (key: string, id: string, payload: unknown) =>
    kit.app.inject({
      method: 'PATCH',
      url: `/v1/workflows/${id}`,
      headers: bearer(key),
      payload: payload as object,
    });

  it('creates a workflow (enabled by default), stores its columns and notifies after commit', async () => {
    changed.length = 0;
    const res = await post(kit.a.key, workflowBody(connectionA));
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json();
    expect(view).toEqual({
      id: expect.any(String),
      name: 'Confirm new appointments',
      enabled: true,
      trigger: { key: 'zocdoc.appointment_created', connection_id: connectionA, poll_interval_seconds: 60 },
      steps: [
        {
          key: 'confirm',
          action: 'zocdoc.confirm_appointment',
          connection_id: connectionA,
          input: { appointment_id: '{{ trigger.appointment_id }}' },
        },
      ],
      created_at: expect.stringMatching(/Z$/),
      updated_at: expect.stringMatching(/Z$/),
    });
    const [row] = await kit.database.db.select().from(workflows).where(eq(workflows.id, view.id));
    expect(row).toMatchObject({
      workspaceId: kit.a.id,
      name: 'Confirm new appointments',
      enabled: true,
      triggerKey: 'zocdoc.appointment_created',
      triggerConnectionId: connectionA,
      pollIntervalSeconds: 60,
      definition: { trigger: view.trigger, steps: view.steps },
    });
    expect(changed).toEqual([{ id: view.id, triggerConnectionId: connectionA }]);
  });

  it('creates a disabled workflow when asked, and lists and gets within the workspace only', async () => {
    const res = await post(kit.a.key, workflowBody(connectionA, { name: 'Off', enabled: false }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().enabled).toBe(false);

    const listA = await kit.app.inject({ method: 'GET', url: '/v1/workflows', headers: bearer(kit.a.key) });
    expect(listA.statusCode).toBe(200);
    const names = listA.json().data.map((w: { name: string }) => w.name);
    expect(names).toEqual(['Off', 'Confirm new appointments']);

    const listB = await kit.app.inject({ method: 'GET', url: '/v1/workflows', headers: bearer(kit.b.key) });
    expect(listB.json()).toEqual({ data: [] });

    const id = res.json().id;
    const getA = await kit.app.inject({
      method: 'GET',
      url: `/v1/workflows/${id}`,
      headers: bearer(kit.a.key),
    });
    expect(getA.statusCode).toBe(200);
    expect(getA.json()).toEqual(res.json());
    const getB = await kit.app.inject({
      method: 'GET',
      url: `/v1/workflows/${id}`,
      headers: bearer(kit.b.key),
    });
    expectProblem(getB, 404);
    const patchB = await patch(kit.b.key, id, { enabled: true });
    expectProblem(patchB, 404);
    const [row] = await kit.database.db.select().from(workflows).where(eq(workflows.id, id));
    expect(row!.enabled).toBe(false);
  });

  it('disables, enables and renames with PATCH, keeping the rest, and notifies each time', async () => {
    const id = (await post(kit.a.key, workflowBody(connectionA, { name: 'Toggle' }))).json().id;
    changed.length = 0;

    const off = await patch(kit.a.key, id, { enabled: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ enabled: false, name: 'Toggle' });
    expect(off.json().steps).toHaveLength(1);
    expect(Date.parse(off.json().updated_at)).toBeGreaterThanOrEqual(Date.parse(off.json().created_at));

    const on = await patch(kit.a.key, id, { enabled: true, name: 'Toggled' });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ enabled: true, name: 'Toggled' });

    const [row] = await kit.database.db.select().from(workflows).where(eq(workflows.id, id));
    expect(row).toMatchObject({ enabled: true, name: 'Toggled' });
    expect(changed).toEqual([
      { id, triggerConnectionId: connectionA },
      { id, triggerConnectionId: connectionA },
    ]);
  });

  it('replaces trigger and steps with PATCH and updates the trigger columns', async () => {
    const id = (await post(kit.a.key, workflowBody(connectionA))).json().id;
    const res = await patch(kit.a.key, id, {
      trigger: { key: 'zocdoc.appointment_updated', connection_id: connectionA, poll_interval_seconds: 30 },
      steps: [
        {
          key: 'read',
          action: 'zocdoc.get_appointment',
          connection_id: connectionA,
          input: { appointment_id: 'x' },
        },
        { key: 'confirm', action: 'zocdoc.confirm_appointment', connection_id: connectionA, filter: 'true' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().steps.map((s: { key: string }) => s.key)).toEqual(['read', 'confirm']);
    expect(res.json().steps[1].input).toEqual({});
    const [row] = await kit.database.db.select().from(workflows).where(eq(workflows.id, id));
    expect(row).toMatchObject({
      triggerKey: 'zocdoc.appointment_updated',
      pollIntervalSeconds: 30,
      definition: { trigger: res.json().trigger, steps: res.json().steps },
    });
  });

  it('names an unknown action by its path', async () => {
    const body = workflowBody(connectionA);
    body.steps[0]!.action = 'zocdoc.teleport_patient';
    const problem = expectProblem(await post(kit.a.key, body), 400);
    expect(problem.errors).toEqual([
      { path: 'body.steps.0.action', message: expect.stringContaining('teleport') },
    ]);
  });

  it('refuses a filter or an input template that does not parse, naming where', async () => {
    const body = workflowBody(connectionA);
    const step = { ...body.steps[0]!, filter: "trigger.appointment_status = 'confirmed" };
    const broken = {
      ...body,
      steps: [{ ...step, input: { appointment_id: '{{ trigger. }}', note: 'ok {{ trigger.notes }}' } }],
    };
    const problem = expectProblem(await post(kit.a.key, broken), 400);
    expect(errorPaths(problem)).toEqual(['body.steps.0.filter', 'body.steps.0.input.appointment_id']);
  });

  it('names an unknown trigger by its path', async () => {
    const body = workflowBody(connectionA, {
      trigger: { key: 'zocdoc.appointment_teleported', connection_id: connectionA },
    });
    const problem = expectProblem(await post(kit.a.key, body), 400);
    expect(errorPaths(problem)).toEqual(['body.trigger.key']);
  });

  it('rejects another workspace’s connection exactly like an unknown one', async () => {
    const other = expectProblem(await post(kit.a.key, workflowBody(connectionB)), 400);
    expect(errorPaths(other)).toEqual(['body.trigger.connection_id', 'body.steps.0.connection_id']);
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const unknown = expectProblem(await post(kit.a.key, workflowBody(unknownId)), 400);
    expect(unknown.errors!.map((e) => e.message.replace(unknownId, 'ID'))).toEqual(
      other.errors!.map((e) => e.message.replace(connectionB, 'ID')),
    );

    const mixed = workflowBody(connectionA);
    mixed.steps[0]!.connection_id = connectionB;
    expect(errorPaths(expectProblem(await post(kit.a.key, mixed), 400))).toEqual([
      'body.steps.0.connection_id',
    ]);
  });

  it('rejects a connection of the wrong connector', async () => {
    const [other] = await kit.database.db
      .insert(connectionsTable)
      .values({
        workspaceId: kit.a.id,
        name: 'IntakeQ',
        connector: 'intakeq',
        baseUrl: 'http://127.0.0.1:1',
        tokenUrl: 'http://127.0.0.1:1/token',
        clientId: 'c',
        clientSecretEnc: 'v1.x.y.z',
      })
      .returning();
    const body = workflowBody(connectionA);
    body.steps[0]!.connection_id = other!.id;
    const problem = expectProblem(await post(kit.a.key, body), 400);
    expect(problem.errors).toEqual([
      { path: 'body.steps.0.connection_id', message: expect.stringMatching(/intakeq.*zocdoc/) },
    ]);
  });

  it('re-validates references on PATCH and leaves the workflow unchanged when they fail', async () => {
    const created = (await post(kit.a.key, workflowBody(connectionA))).json();
    changed.length = 0;
    const res = await patch(kit.a.key, created.id, {
      steps: [{ key: 'x', action: 'zocdoc.nope', connection_id: connectionB }],
    });
    const problem = expectProblem(res, 400);
    expect(errorPaths(problem)).toEqual(['body.steps.0.action', 'body.steps.0.connection_id']);
    const after = await kit.app.inject({
      method: 'GET',
      url: `/v1/workflows/${created.id}`,
      headers: bearer(kit.a.key),
    });
    expect(after.json()).toEqual(created);
    expect(changed).toEqual([]);
  });

  it('validates the shape: missing, unknown and mistyped fields, duplicate step keys, empty patch', async () => {
    const { name: _name, ...noName } = workflowBody(connectionA);
    expect(errorPaths(expectProblem(await post(kit.a.key, noName), 400))).toEqual(['body.name']);

    const extra = workflowBody(connectionA, { owner: 'me' });
    expect(errorPaths(expectProblem(await post(kit.a.key, extra), 400))).toEqual(['body.owner']);

    const nestedExtra = workflowBody(connectionA);
    (nestedExtra.steps[0] as Record<string, unknown>).retries = 3;
    expect(errorPaths(expectProblem(await post(kit.a.key, nestedExtra), 400))).toEqual([
      'body.steps.0.retries',
    ]);

    const wrongType = workflowBody(connectionA, { enabled: 'yes' });
    expect(errorPaths(expectProblem(await post(kit.a.key, wrongType), 400))).toEqual(['body.enabled']);

    const badInterval = workflowBody(connectionA, {
      trigger: { key: 'zocdoc.appointment_created', connection_id: connectionA, poll_interval_seconds: 1 },
    });
    expect(errorPaths(expectProblem(await post(kit.a.key, badInterval), 400))).toEqual([
      'body.trigger.poll_interval_seconds',
    ]);

    const duplicate = workflowBody(connectionA);
    duplicate.steps.push({ ...duplicate.steps[0]! });
    expect(errorPaths(expectProblem(await post(kit.a.key, duplicate), 400))).toEqual(['body.steps.1.key']);

    const noSteps = workflowBody(connectionA, { steps: [] });
    expect(errorPaths(expectProblem(await post(kit.a.key, noSteps), 400))).toEqual(['body.steps']);

    const id = (await post(kit.a.key, workflowBody(connectionA))).json().id;
    expectProblem(await patch(kit.a.key, id, {}), 400);
    expect(errorPaths(expectProblem(await patch(kit.a.key, id, { enabled: false, foo: 1 }), 400))).toEqual([
      'body.foo',
    ]);
    expect(errorPaths(expectProblem(await patch(kit.a.key, id, { name: 42 }), 400))).toEqual(['body.name']);
  });

  it('answers 400 to a bad uuid and 404 to an unknown id', async () => {
    const bad = expectProblem(
      await kit.app.inject({ method: 'GET', url: '/v1/workflows/not-a-uuid', headers: bearer(kit.a.key) }),
      400,
    );
    expect(errorPaths(bad)).toEqual(['params.id']);
    expectProblem(await patch(kit.a.key, 'not-a-uuid', { enabled: true }), 400);
    expectProblem(
      await kit.app.inject({
        method: 'GET',
        url: '/v1/workflows/00000000-0000-4000-8000-000000000000',
        headers: bearer(kit.a.key),
      }),
      404,
    );
    expectProblem(await patch(kit.a.key, '00000000-0000-4000-8000-000000000000', { enabled: true }), 404);
  });

  it('keeps the answer when the change notification fails, since the change is committed', async () => {
    const logged: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logged.push(chunk.toString());
        done();
      },
    });
    const failing = await createApiKit({
      logger: { level: 'error', stream },
      onWorkflowChanged: async () => {
        throw new Error('scheduler unavailable');
      },
    });
    try {
      const connection = await createConnection(failing.app, failing.a.key);
      const res = await failing.app.inject({
        method: 'POST',
        url: '/v1/workflows',
        headers: bearer(failing.a.key),
        payload: workflowBody(connection),
      });
      expect(res.statusCode, res.body).toBe(201);
      const [row] = await failing.database.db.select().from(workflows).where(eq(workflows.id, res.json().id));
      expect(row).toBeDefined();
      expect(logged.join('')).toContain('scheduler unavailable');
    } finally {
      await failing.close();
    }
  });
});
