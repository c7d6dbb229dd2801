import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZocdocAppointment } from '../../src/actions/zocdoc/zocdoc-schemas.ts';
import type { ConnectionClient } from '../../src/connections/connection-client.ts';
import { pollStates, workflows } from '../../src/db/schema.ts';
import { pollConnection } from '../../src/triggers/poll-connection.ts';
import {
  fakeAppointment,
  insertBareConnection,
  insertWorkflow,
  insertWorkspace,
} from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** An API that lists the given appointments on one page, and counts its calls. */
function listing(appointments: () => ZocdocAppointment[]) {
  let calls = 0;
  const client: ConnectionClient = {
    async request() {
      calls++;
      const data = appointments();
      return {
        status: 200,
        headers: {},
        body: { request_id: 'r', page: 0, page_size: 100, total_count: data.length, next_url: '', data },
        text: '',
        requestId: 'r',
        attempts: 1,
      };
    },
  };
  return { client, calls: () => calls };
}

describe('a poll of one connection', () => {
  let database: TestDatabase;
  let workspaceId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    workspaceId = await insertWorkspace(database.db);
  });
  afterAll(() => database.drop());

  async function watchedConnection() {
    const connectionId = await insertBareConnection(database.db, workspaceId);
    const workflowId = await insertWorkflow(database.db, workspaceId, {
      trigger: { key: 'zocdoc.appointment_created', connection_id: connectionId, poll_interval_seconds: 60 },
      steps: [{ key: 'get', action: 'zocdoc.get_appointment', connection_id: connectionId, input: {} }],
    });
    return { connectionId, workflowId };
  }
  const stateOf = async (connectionId: string) =>
    (await database.db.select().from(pollStates).where(eq(pollStates.connectionId, connectionId)))[0];

  it('records a baseline first, then fires for what is new', async () => {
    const { connectionId } = await watchedConnection();
    const appointments = [fakeAppointment()];
    const api = listing(() => appointments);
    expect(await pollConnection({ db: database.db, client: api.client }, connectionId)).toMatchObject({
      baseline: true,
      seen: 1,
      events: 0,
      watched: true,
    });
    appointments.push(fakeAppointment({ last_modified_time_utc: '2026-11-02T00:00:00.000Z' }));
    expect(await pollConnection({ db: database.db, client: api.client }, connectionId)).toMatchObject({
      baseline: false,
      events: 1,
      runs: 1,
    });
    expect((await stateOf(connectionId))!.modifiedCursor!.toISOString()).toBe('2026-11-02T00:00:00.000Z');
  });

  it('neither reads nor writes anything for a connection nobody watches any more', async () => {
    const { connectionId, workflowId } = await watchedConnection();
    await database.db.update(workflows).set({ enabled: false }).where(eq(workflows.id, workflowId));
    const api = listing(() => [fakeAppointment()]);
    expect(await pollConnection({ db: database.db, client: api.client }, connectionId)).toMatchObject({
      watched: false,
      seen: 0,
    });
    expect(api.calls()).toBe(0);
    expect(await stateOf(connectionId)).toBeUndefined();
  });

  it('records why a poll failed on the poll state, without the query’s parameters', async () => {
    const { connectionId } = await watchedConnection();
    const good = listing(() => [fakeAppointment()]);
    await pollConnection({ db: database.db, client: good.client }, connectionId);
    const broken: ConnectionClient = {
      async request() {
        return { status: 503, headers: {}, body: null, text: '', requestId: null, attempts: 4 };
      },
    };
    await expect(pollConnection({ db: database.db, client: broken }, connectionId)).rejects.toThrow(/503/);
    expect((await stateOf(connectionId))!.lastError).toMatch(/503/);
  });
});
