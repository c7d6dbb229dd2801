import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZocdocAppointment } from '../../src/actions/zocdoc/zocdoc-schemas.ts';
import { runs, triggerEvents } from '../../src/db/schema.ts';
import { applyAppointmentDiff } from '../../src/triggers/appointment-differ.ts';
import { sweepStartedAppointments } from '../../src/triggers/started-sweep.ts';
import {
  fakeAppointment,
  insertBareConnection,
  insertWorkflow,
  insertWorkspace,
} from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const T = Date.parse('2026-11-23T14:00:00Z');
const minutes = (n: number) => new Date(T + n * 60_000);
/** A start time as Zocdoc writes it: local wall time with the provider's offset. */
const startAt = (n: number) => minutes(n).toISOString().replace('.000Z', '+00:00');

describe('the appointment_started sweep', () => {
  let database: TestDatabase;
  let workspaceId: string;
  let connectionId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    workspaceId = await insertWorkspace(database.db);
    connectionId = await insertBareConnection(database.db, workspaceId);
    await insertWorkflow(database.db, workspaceId, {
      trigger: { key: 'zocdoc.appointment_started', connection_id: connectionId, poll_interval_seconds: 60 },
      steps: [{ key: 'get', action: 'zocdoc.get_appointment', connection_id: connectionId, input: {} }],
    });
  });
  afterAll(() => database.drop());

  const diff = (appointments: ZocdocAppointment[], emit = true) =>
    database.db.transaction((tx) =>
      applyAppointmentDiff(tx, { workspaceId, connectionId, appointments, emit }),
    );
  const sweep = (from: Date, now: Date) =>
    database.db.transaction((tx) =>
      sweepStartedAppointments(tx, { workspaceId, connectionId, from, now, lateAfterMs: 5 * 60_000 }),
    );
  const startedEvents = async () =>
    (await database.db.select().from(triggerEvents).where(eq(triggerEvents.connectionId, connectionId))).map(
      (e) => e.payload as { appointment_id: string; start_time: string; late: boolean },
    );

  it('fires once per start time when it arrives, not for cancelled ones, again after a reschedule, late after downtime', async () => {
    const a = fakeAppointment({ start_time: startAt(10), appointment_status: 'confirmed' });
    const cancelled = fakeAppointment({ start_time: startAt(20), appointment_status: 'cancelled' });
    const before = fakeAppointment({ start_time: startAt(-10), appointment_status: 'confirmed' });
    const d = fakeAppointment({ start_time: startAt(40), appointment_status: 'pending_booking' });
    await diff([a, cancelled, before, d], false);

    const idle = await sweep(minutes(0), minutes(0));
    expect(idle).toMatchObject({ events: 0, nextStartAt: minutes(10) });

    const first = await sweep(minutes(0), minutes(15));
    expect(first).toMatchObject({ events: 1, runs: 1, nextStartAt: minutes(40) });
    expect(await sweep(minutes(0), minutes(15))).toMatchObject({ events: 0, runs: 0 });

    await diff([{ ...a, start_time: startAt(30) }]);
    expect(await sweep(minutes(15), minutes(31))).toMatchObject({ events: 1 });

    // Down from 31 to 60 minutes: d (at 40) fires on the next sweep, marked late.
    expect(await sweep(minutes(31), minutes(60))).toMatchObject({ events: 1, nextStartAt: null });

    const events = await startedEvents();
    expect(events.map((e) => [e.appointment_id, e.start_time, e.late])).toEqual([
      [a.appointment_id, startAt(10), false],
      [a.appointment_id, startAt(30), false],
      [d.appointment_id, startAt(40), true],
    ]);
    const queued = await database.db.select().from(runs);
    expect(queued).toHaveLength(3);
  });
});
