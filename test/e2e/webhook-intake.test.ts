import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../src/api/workspaces.ts';
import { pollStates, runs } from '../../src/db/schema.ts';
import { sandboxConnectionInput } from '../../src/demo/sandbox-connection.ts';
import { type Runtime, startRuntime } from '../../src/runtime.ts';
import { startSandbox } from '../../src/sandbox/sandbox-app.ts';
import { eventually } from '../support/eventually.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createTestRedis, type TestRedis } from '../support/test-redis.ts';

const client = { clientId: 'webhook-client', clientSecret: 'webhook-secret' };
const webhookKey = randomBytes(32);

describe('Zocdoc webhooks speed up the Appointment Updated trigger', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let runtime: Runtime;
  let apiKey: string;
  let connectionId: string;
  let workflowId: string;

  const api = (
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${runtime.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers },
      ...(payload === undefined
        ? {}
        : { body: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createTestRedis();
    sandbox = await startSandbox({ host: '127.0.0.1', port: 0, clients: [client] });
    runtime = await startRuntime({
      databaseUrl: database.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      encryptionKey: randomBytes(32),
      logger: pino({ level: 'silent' }),
      outboxIntervalMs: 200,
      listen: { host: '127.0.0.1', port: 0 },
    });
    ({ apiKey } = await createWorkspace(database.db, { name: 'webhooks' }));
    const connection = await api('POST', '/v1/connections', {
      ...sandboxConnectionInput(sandbox.url, client),
      webhook_key: webhookKey.toString('base64'),
    });
    expect(connection.status).toBe(201);
    connectionId = ((await connection.json()) as { id: string }).id;
    // Polled hourly: within this test, only a webhook can make the change fire.
    const workflow = await api('POST', '/v1/workflows', {
      name: 'on update',
      trigger: {
        key: 'zocdoc.appointment_updated',
        connection_id: connectionId,
        poll_interval_seconds: 3600,
      },
      steps: [
        {
          key: 'get',
          action: 'zocdoc.get_appointment',
          connection_id: connectionId,
          input: { appointment_id: '{{ trigger.appointment_id }}' },
        },
      ],
    });
    workflowId = ((await workflow.json()) as { id: string }).id;
    await eventually(
      async () =>
        (await database.db.select().from(pollStates).where(eq(pollStates.connectionId, connectionId)))[0],
    );
  });
  afterAll(async () => {
    await runtime?.stop();
    await sandbox?.close();
    await database?.drop();
    await redis?.cleanup();
  });

  it('a practice-side change reaches a run through the sandbox’s signed webhook, without waiting for a poll', async () => {
    const existing = sandbox.store.listAppointments()[0]!;
    const register = await fetch(`${sandbox.url}/_sandbox/webhooks`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: client.clientId,
        url: `${runtime.url}/webhooks/zocdoc/${connectionId}`,
        key: webhookKey.toString('base64'),
      }),
    });
    expect(register.status).toBe(200);
    const patched = await fetch(`${sandbox.url}/_sandbox/appointments/${existing.appointment_id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ notes: 'Please bring your insurance card' }),
    });
    expect(patched.status).toBe(200);

    const run = await eventually(
      async () => (await database.db.select().from(runs).where(eq(runs.workflowId, workflowId)))[0],
    );
    const detail = (await (await api('GET', `/v1/runs/${run.id}`)).json()) as {
      trigger_event: { payload: { appointment_id: string; changed_fields: string[] } };
    };
    expect(detail.trigger_event.payload).toMatchObject({
      appointment_id: existing.appointment_id,
      changed_fields: ['notes'],
    });
  });

  it('refuses unsigned or wrongly signed webhooks, unknown connections and bodies that are not events', async () => {
    const body = JSON.stringify({
      event_type: 'appointment_updated',
      data: { data_type: 'appointment_data', appointment_data: { appointment_id: 'x' } },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signed = (payload: string, key = webhookKey) => ({
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1:${createHmac('sha256', key).update(`${timestamp}.${payload}`).digest('base64')}`,
    });
    const post = (id: string, payload: string, headers: Record<string, string>) =>
      api('POST', `/webhooks/zocdoc/${id}`, payload, headers);

    expect((await post(connectionId, body, signed(body))).status).toBe(202);
    expect((await post(connectionId, body, {})).status).toBe(401);
    expect((await post(connectionId, body, signed(body, randomBytes(32)))).status).toBe(401);
    expect((await post('00000000-0000-4000-8000-000000000000', body, signed(body))).status).toBe(404);
    const notAnEvent = JSON.stringify({ event_type: 'something_else' });
    const refused = await post(connectionId, notAnEvent, signed(notAnEvent));
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });
});
