import { sql } from 'drizzle-orm';
import { storeTriggerEvents, subscribedTriggers, type Tx } from './trigger-event-store.ts';
import { appointmentStarted } from './zocdoc/appointment-triggers.ts';

/** Statuses whose start time is not an appointment happening. */
const NOT_HAPPENING = sql.join(
  ['cancelled', 'booking_failed'].map((status) => sql`${status}`),
  sql`, `,
);

export interface StartedSweep {
  events: number;
  runs: number;
  /** The next start time to come, when a workflow watches starts: the poll job wakes then. */
  nextStartAt: Date | null;
}

/**
 * Fires `appointment_started` for every appointment whose start time fell in
 * (`from`, `now`], once per (appointment, start time): a reschedule is a new start and a
 * new event. Run inside the poll's transaction, after the diff, so it sees this poll's
 * snapshots. An event fired more than `lateAfterMs` after its start time (the worker was
 * down) says so with `late: true`.
 */
export async function sweepStartedAppointments(
  tx: Tx,
  input: { workspaceId: string; connectionId: string; from: Date; now: Date; lateAfterMs: number },
): Promise<StartedSweep> {
  if (!(await subscribedTriggers(tx, input.connectionId)).has(appointmentStarted.key)) {
    return { events: 0, runs: 0, nextStartAt: null };
  }
  const due = await tx.execute<{
    appointment_id: string;
    data: Record<string, unknown>;
    starts_at: string;
  }>(sql`
    SELECT appointment_id, data, starts_at
    FROM appointment_snapshots
    WHERE connection_id = ${input.connectionId}
      AND starts_at > ${input.from.toISOString()} AND starts_at <= ${input.now.toISOString()}
      AND coalesce(status, '') NOT IN (${NOT_HAPPENING})`);
  const events = due.rows.map((row) => {
    const startsAt = new Date(row.starts_at);
    return {
      trigger_key: appointmentStarted.key,
      dedup_key: `started:${row.appointment_id}:${String(row.data.start_time)}`,
      payload: {
        ...row.data,
        started_at: startsAt.toISOString(),
        late: input.now.getTime() - startsAt.getTime() > input.lateAfterMs,
      },
    };
  });
  const stored = await storeTriggerEvents(tx, {
    workspaceId: input.workspaceId,
    connectionId: input.connectionId,
    events,
  });
  const next = await tx.execute<{ next: string | null }>(sql`
    SELECT min(starts_at) AS next FROM appointment_snapshots
    WHERE connection_id = ${input.connectionId} AND starts_at > ${input.now.toISOString()}
      AND coalesce(status, '') NOT IN (${NOT_HAPPENING})`);
  const nextStartAt = next.rows[0]?.next ? new Date(next.rows[0].next) : null;
  return { ...stored, nextStartAt };
}
