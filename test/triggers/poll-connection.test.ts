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

/** The API's instant form back to a Date. */
const instant = (value: unknown) =>
  typeof value === 'string' ? Date.parse(value.replace(' ', 'T')) : Number.NaN;

/**
 * An API that lists the given appointments on one page, honouring the modification and
 * start-time filters the poller sends, and counts its calls.
 */
function listing(appointments: () => ZocdocAppointment[]) {
  let calls = 0;
  const client: ConnectionClient = {
    async request(_connectionId, request) {
      calls++;
      const q = request.query ?? {};
      const data = appointments().filter((a) => {
        const modified = Date.parse(a.last_modified_time_utc ?? '');
        const start = Date.parse(a.start_time);
        if (q.last_modified_time_utc_min && modified < instant(q.last_modified_time_utc_min)) return false;
        if (q.start_time_utc_min && start < instant(q.start_time_utc_min)) return false;
        if (q.start_time_utc_max && start > instant(q.start_time_utc_max)) return false;
        return true;
      });
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

  it('sweeps by start-time window every so often, catching what the incremental read missed', async () => {
    const { connectionId } = await watchedConnection();
    let clock = new Date('2026-11-21T12:00:00.000Z');
    const now = () => clock;
    const appointments = [
      fakeAppointment({
        last_modified_time_utc: '2026-11-21T11:59:00.000Z',
        start_time: '2026-11-25T10:00:00-05:00',
      }),
    ];
    const api = listing(() => appointments);
    const poll = () => pollConnection({ db: database.db, client: api.client, now }, connectionId);
    expect(await poll()).toMatchObject({ baseline: true, swept: false });

    // Committed upstream with a modification time long before the cursor: invisible to
    // the incremental read, whose window starts two minutes before the newest seen.
    appointments.push(
      fakeAppointment({
        last_modified_time_utc: '2026-11-21T09:00:00.000Z',
        start_time: '2026-11-26T10:00:00-05:00',
      }),
    );
    clock = new Date('2026-11-21T12:10:00.000Z');
    expect(await poll()).toMatchObject({ swept: false, created: 0, events: 0 });

    clock = new Date('2026-11-21T13:05:00.000Z');
    expect(await poll()).toMatchObject({ swept: true, created: 1, events: 1, runs: 1 });
    expect(await poll()).toMatchObject({ swept: false, events: 0 });
  });
});
