import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointmentSnapshots, runs, triggerEvents } from '../../src/db/schema.ts';
import { applyAppointmentDiff } from '../../src/triggers/appointment-differ.ts';
import {
  fakeAppointment,
  insertBareConnection,
  insertWorkflow,
  insertWorkspace,
} from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

describe('appointment differ', () => {
  let database: TestDatabase;
  let workspaceId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    workspaceId = await insertWorkspace(database.db);
  });
  afterAll(() => database.drop());

  async function setup(triggerKeys: string[]) {
    const connectionId = await insertBareConnection(database.db, workspaceId);
    const workflowIds = [];
    for (const key of triggerKeys) {
      workflowIds.push(
        await insertWorkflow(database.db, workspaceId, {
          trigger: { key, connection_id: connectionId, poll_interval_seconds: 60 },
          steps: [{ key: 'get', action: 'zocdoc.get_appointment', connection_id: connectionId, input: {} }],
        }),
      );
    }
    const diff = (appointments: ReturnType<typeof fakeAppointment>[], emit = true) =>
      database.db.transaction((tx) =>
        applyAppointmentDiff(tx, { workspaceId, connectionId, appointments, emit }),
      );
    const eventsOf = () =>
      database.db.select().from(triggerEvents).where(eq(triggerEvents.connectionId, connectionId));
    return { connectionId, workflowIds, diff, eventsOf };
  }

  it('records a baseline without firing anything', async () => {
    const { connectionId, diff, eventsOf } = await setup(['zocdoc.appointment_created']);
    const outcome = await diff([fakeAppointment(), fakeAppointment()], false);
    expect(outcome).toMatchObject({ seen: 2, created: 2, events: 0, runs: 0 });
    expect(await eventsOf()).toHaveLength(0);
    const snapshots = await database.db
      .select()
      .from(appointmentSnapshots)
      .where(eq(appointmentSnapshots.connectionId, connectionId));
    expect(snapshots).toHaveLength(2);
  });

  it('fires created once per new appointment, never again for the same id', async () => {
    const { diff, eventsOf, workflowIds } = await setup(['zocdoc.appointment_created']);
    const old = fakeAppointment();
    await diff([old], false);
    const fresh = fakeAppointment();
    expect(await diff([old, fresh])).toMatchObject({ created: 1, events: 1, runs: 1 });
    expect(await diff([old, fresh])).toMatchObject({ created: 0, events: 0, runs: 0 });

    const events = await eventsOf();
    expect(events.map((e) => e.dedupKey)).toEqual([`created:${fresh.appointment_id}`]);
    expect(events[0]!.payload).toMatchObject({ appointment_id: fresh.appointment_id });
    const queued = await database.db.select().from(runs).where(eq(runs.workflowId, workflowIds[0]!));
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ status: 'queued', enqueuedAt: null, eventId: events[0]!.id });
  });

  it('fires updated once per distinct meaningful change, not for a last_modified bump', async () => {
    const { diff, eventsOf } = await setup(['zocdoc.appointment_updated']);
    const a = fakeAppointment();
    await diff([a], false);
    expect(await diff([{ ...a, last_modified_time_utc: '2026-11-02T00:00:00.000Z' }])).toMatchObject({
      updated: 0,
      events: 0,
    });
    const confirmed = { ...a, appointment_status: 'confirmed' as const };
    expect(await diff([confirmed])).toMatchObject({ updated: 1, events: 1, runs: 1 });
    expect(await diff([confirmed])).toMatchObject({ updated: 0, events: 0 });
    const moved = { ...confirmed, start_time: '2026-11-24T10:00:00-05:00' };
    expect(await diff([moved])).toMatchObject({ updated: 1, events: 1 });

    const events = await eventsOf();
    expect(events.map((e) => e.dedupKey).sort()).toEqual([
      `updated:${a.appointment_id}:1`,
      `updated:${a.appointment_id}:2`,
    ]);
    const second = events.find((e) => e.dedupKey.endsWith(':2'))!;
    expect(second.payload).toMatchObject({
      changed_fields: ['start_time'],
      previous: { start_time: '2026-11-23T09:00:00-05:00' },
      start_time: '2026-11-24T10:00:00-05:00',
    });
  });

  it('stores no events for triggers nobody subscribes to', async () => {
    const { diff, eventsOf } = await setup(['zocdoc.appointment_created']);
    const a = fakeAppointment();
    await diff([a], false);
    expect(await diff([{ ...a, notes: 'changed' }])).toMatchObject({ updated: 1, events: 0 });
    expect(await eventsOf()).toHaveLength(0);
  });

  it('queues one run per enabled subscribed workflow and none for disabled ones', async () => {
    const { diff, connectionId } = await setup(['zocdoc.appointment_created', 'zocdoc.appointment_created']);
    const disabled = await insertWorkflow(
      database.db,
      workspaceId,
      {
        trigger: {
          key: 'zocdoc.appointment_created',
          connection_id: connectionId,
          poll_interval_seconds: 60,
        },
        steps: [{ key: 'get', action: 'zocdoc.get_appointment', connection_id: connectionId, input: {} }],
      },
      { enabled: false },
    );
    await diff([], false);
    expect(await diff([fakeAppointment()])).toMatchObject({ events: 1, runs: 2 });
    expect(await database.db.select().from(runs).where(eq(runs.workflowId, disabled))).toHaveLength(0);
  });

  it('handles a poll of thousands of appointments in one statement set', async () => {
    const { diff } = await setup(['zocdoc.appointment_created']);
    const many = Array.from({ length: 3000 }, () => fakeAppointment());
    await diff(many.slice(0, 2000), false);
    expect(await diff(many)).toMatchObject({ seen: 3000, created: 1000, events: 1000, runs: 1000 });
  });

  it('ignores a stale copy from a slower, overlapping poll', async () => {
    const { diff, eventsOf } = await setup(['zocdoc.appointment_updated']);
    const pending = fakeAppointment({ last_modified_time_utc: '2026-11-01T12:00:00.000Z' });
    await diff([pending], false);
    const confirmed = {
      ...pending,
      appointment_status: 'confirmed' as const,
      last_modified_time_utc: '2026-11-01T12:05:00.000Z',
    };
    expect(await diff([confirmed])).toMatchObject({ updated: 1, events: 1 });
    // The slow poll read the appointment before it was confirmed, and commits last.
    expect(await diff([pending])).toMatchObject({ updated: 0, events: 0 });
    expect((await eventsOf()).map((e) => e.dedupKey)).toEqual([`updated:${pending.appointment_id}:1`]);
  });

  it('stores what PostgreSQL cannot hold as replacement characters instead of failing the poll', async () => {
    const { diff, eventsOf } = await setup(['zocdoc.appointment_created']);
    await diff([], false);
    const odd = fakeAppointment({ notes: 'call me\u0000 later \ud800' });
    expect(await diff([odd])).toMatchObject({ created: 1, events: 1 });
    const [event] = await eventsOf();
    expect((event!.payload as { notes: string }).notes).toBe('call me\uFFFD later \uFFFD');
  });
});
