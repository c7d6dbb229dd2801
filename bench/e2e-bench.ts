import { inArray } from 'drizzle-orm';
import { runs } from '../src/db/schema.ts';
import { finalRunStatuses } from '../src/engine/run-status.ts';
import { type BenchEnvironment, perSecond } from './bench-environment.ts';
import { startDemoStack } from './demo-stack.ts';

const APPOINTMENTS = 300;

/**
 * End-to-end runs/s of the demo workflow (Appointment Created → Get Appointment →
 * Confirm Appointment) against the in-process sandbox over HTTP on loopback: from the
 * poll that finds 300 new bookings until every run is final.
 */
export async function benchEndToEnd(env: BenchEnvironment) {
  const { sandbox, runtime, connectionId, stop } = await startDemoStack(env, { outboxIntervalMs: 50 });
  try {
    const { db } = runtime.database;
    await runtime.poll(connectionId);

    const booked = Array.from(
      { length: APPOINTMENTS },
      () => sandbox.store.createAppointment({ appointment_status: 'pending_booking' }).appointment_id,
    );
    const started = performance.now();
    const outcome = await runtime.poll(connectionId);
    const pollMs = performance.now() - started;
    if (outcome.runs !== APPOINTMENTS)
      throw new Error(`expected ${APPOINTMENTS} runs, the poll queued ${outcome.runs}`);

    let statuses: string[] = [];
    while (statuses.length < APPOINTMENTS) {
      await new Promise((r) => setTimeout(r, 20));
      statuses = (
        await db
          .select({ status: runs.status })
          .from(runs)
          .where(inArray(runs.status, [...finalRunStatuses]))
      ).map((r) => r.status);
    }
    const totalMs = performance.now() - started;
    const succeeded = statuses.filter((s) => s === 'succeeded').length;
    if (succeeded !== APPOINTMENTS) {
      const [failed] = await db
        .select({ error: runs.error })
        .from(runs)
        .where(inArray(runs.status, ['failed', 'interrupted']))
        .limit(1);
      throw new Error(
        `only ${succeeded} of ${APPOINTMENTS} runs succeeded; e.g. ${JSON.stringify(failed?.error)}`,
      );
    }
    const confirmed = booked.filter(
      (id) => sandbox.store.getAppointment(id)?.appointment_status === 'confirmed',
    );
    return {
      runs: APPOINTMENTS,
      steps_per_run: 2,
      poll_ms: Math.round(pollMs),
      total_ms: Math.round(totalMs),
      runs_per_s: perSecond(APPOINTMENTS, totalMs),
      succeeded,
      confirmed_in_sandbox: confirmed.length,
    };
  } finally {
    await stop();
  }
}
