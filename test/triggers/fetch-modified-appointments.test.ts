import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectionClient } from '../../src/connections/connection-client.ts';
import { createConnectionStore } from '../../src/connections/connection-store.ts';
import { createSecretBox } from '../../src/connections/secret-box.ts';
import { sandboxConnectionInput } from '../../src/demo/sandbox-connection.ts';
import { startSandbox } from '../../src/sandbox/sandbox-app.ts';
import { AppointmentFetchError } from '../../src/triggers/zocdoc/appointment-pages.ts';
import { fetchAppointmentsStartingBetween } from '../../src/triggers/zocdoc/fetch-appointments-by-start.ts';
import { fetchModifiedAppointments } from '../../src/triggers/zocdoc/fetch-modified-appointments.ts';
import { insertWorkspace } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

describe('fetching modified appointments by keyset paging', () => {
  let database: TestDatabase;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let now = new Date('2026-11-20T12:00:00.000Z');
  let connectionId: string;
  const secrets = createSecretBox(randomBytes(32));
  const requests: string[] = [];
  /** Runs after each appointments page is answered, to change data between pages. */
  let afterPage: () => void = () => {};
  const recordingFetch: typeof fetch = async (input, init) => {
    const url = String(input);
    const response = await fetch(input, init);
    if (url.includes('/v1/appointments')) {
      requests.push(url);
      afterPage();
    }
    return response;
  };
  const client = () =>
    createConnectionClient({
      store: createConnectionStore({ db: database.db, secrets }),
      fetch: recordingFetch,
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    sandbox = await startSandbox({
      host: '127.0.0.1',
      port: 0,
      clients: [{ clientId: 'c', clientSecret: 's' }],
      clock: () => now,
      seedFixtureAppointments: false,
    });
    const workspaceId = await insertWorkspace(database.db);
    const connection = await createConnectionStore({ db: database.db, secrets }).create(
      workspaceId,
      sandboxConnectionInput(sandbox.url, { clientId: 'c', clientSecret: 's' }),
    );
    connectionId = connection.id;
  });
  afterAll(async () => {
    await sandbox.close();
    await database.drop();
  });

  it('reads every appointment, including more than a page modified within one second', async () => {
    sandbox.store.reset();
    const ids = new Set<string>();
    // 250 share one instant: the same second spans several pages.
    for (let i = 0; i < 250; i++) ids.add(sandbox.store.createAppointment().appointment_id);
    for (let i = 0; i < 150; i++) {
      now = new Date(now.getTime() + 1500);
      ids.add(sandbox.store.createAppointment().appointment_id);
    }
    requests.length = 0;
    const fetched = await fetchModifiedAppointments(client(), connectionId, null);
    expect(new Set(fetched.map((a) => a.appointment_id))).toEqual(ids);
    expect(fetched).toHaveLength(ids.size);
    // Ascending by last_modified, page 0 each time, except for the crowded second.
    expect(requests.every((url) => url.includes('sort_by=last_modified_time_utc'))).toBe(true);
    expect(requests.every((url) => url.includes('sort_direction=ascending'))).toBe(true);
    expect(requests.some((url) => url.includes('page=1'))).toBe(true);
  });

  it('reads only what changed since a given instant (to the second)', async () => {
    sandbox.store.reset();
    sandbox.store.createAppointment();
    now = new Date(now.getTime() + 60_000);
    const since = now;
    const later = sandbox.store.createAppointment();
    const fetched = await fetchModifiedAppointments(client(), connectionId, since);
    expect(fetched.map((a) => a.appointment_id)).toEqual([later.appointment_id]);
  });

  it('sees an appointment modified mid-poll instead of losing one to a page shift', async () => {
    sandbox.store.reset();
    const first = sandbox.store.createAppointment();
    for (let i = 0; i < 199; i++) {
      now = new Date(now.getTime() + 2000);
      sandbox.store.createAppointment();
    }
    afterPage = () => {
      afterPage = () => {};
      now = new Date(now.getTime() + 2000);
      sandbox.store.updateAppointment(first.appointment_id, { notes: 'changed while polling' });
    };
    const fetched = await fetchModifiedAppointments(client(), connectionId, null);
    expect(fetched).toHaveLength(200);
    expect(fetched.find((a) => a.appointment_id === first.appointment_id)?.notes).toBe(
      'changed while polling',
    );
  });

  it('fails clearly when one second holds more than the API can page through', async () => {
    sandbox.store.reset();
    now = new Date(now.getTime() + 10_000);
    for (let i = 0; i < 1001; i++)
      sandbox.store.createAppointment({ start_time: new Date(now.getTime() + 86_400_000) });
    await expect(fetchModifiedAppointments(client(), connectionId, null)).rejects.toThrow(
      AppointmentFetchError,
    );
  });

  it('reads a start-time window past the 1,000-result cap by splitting it', async () => {
    sandbox.store.reset();
    sandbox.store.bulkCreateAppointments(2500);
    requests.length = 0;
    const day = 86_400_000;
    const fetched = await fetchAppointmentsStartingBetween(
      client(),
      connectionId,
      new Date(now.getTime() - 400 * day),
      new Date(now.getTime() + 100 * day),
    );
    expect(new Set(fetched.map((a) => a.appointment_id)).size).toBe(2500);
    expect(requests.every((url) => url.includes('sort_by=start_time_utc'))).toBe(true);
    expect(requests.some((url) => url.includes('page=1'))).toBe(true);
  });
});
