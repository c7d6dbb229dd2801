import { sql } from 'drizzle-orm';
import type { ZocdocAppointment } from '../actions/zocdoc/zocdoc-schemas.ts';
import { jsonbSafe } from '../db/jsonb-safe.ts';
import { storeTriggerEvents, subscribedTriggers, type Tx } from './trigger-event-store.ts';
import { appointmentFingerprint, changedAppointmentFields } from './zocdoc/appointment-changes.ts';
import { appointmentCreated, appointmentUpdated } from './zocdoc/appointment-triggers.ts';

export interface DiffOutcome {
  /** Appointments in the poll. */
  seen: number;
  created: number;
  updated: number;
  /** Events stored (only for triggers some enabled workflow subscribes to). */
  events: number;
  /** Runs queued for those events. */
  runs: number;
}

type ChangedRow = {
  appointment_id: string;
  is_new: boolean;
  version: number | null;
  old_data: Record<string, unknown> | null;
};

/**
 * Compares a poll's appointments with the stored snapshots and, in the caller's
 * transaction: writes only the new and meaningfully changed snapshots, stores their
 * events (the dedup key makes a repeat a no-op) and queues one run per subscribed
 * workflow and event. With `emit` false (the baseline poll) it only records snapshots.
 */
export async function applyAppointmentDiff(
  tx: Tx,
  input: { workspaceId: string; connectionId: string; appointments: ZocdocAppointment[]; emit: boolean },
): Promise<DiffOutcome> {
  const outcome: DiffOutcome = {
    seen: input.appointments.length,
    created: 0,
    updated: 0,
    events: 0,
    runs: 0,
  };
  if (input.appointments.length === 0) return outcome;

  const appointments = jsonbSafe(input.appointments);
  const fingerprints = new Map(appointments.map((a) => [a.appointment_id, appointmentFingerprint(a)]));
  const keys = JSON.stringify(
    appointments.map((a) => ({
      appointment_id: a.appointment_id,
      fingerprint: fingerprints.get(a.appointment_id),
      modified_at: instantOrNull(a.last_modified_time_utc),
    })),
  );
  // A row older than the stored snapshot is a slower poll's stale copy: applying it would
  // fire a change back to a state that has already passed.
  const changed = await tx.execute<ChangedRow>(sql`
    SELECT x.appointment_id, s.appointment_id IS NULL AS is_new, s.version, s.data AS old_data
    FROM jsonb_to_recordset(${keys}::jsonb) AS x(appointment_id text, fingerprint text, modified_at timestamptz)
    LEFT JOIN appointment_snapshots s
      ON s.connection_id = ${input.connectionId} AND s.appointment_id = x.appointment_id
    WHERE s.appointment_id IS NULL
      OR (s.fingerprint <> x.fingerprint
          AND (x.modified_at IS NULL OR s.modified_at IS NULL OR x.modified_at >= s.modified_at))`);
  if (changed.rows.length === 0) return outcome;

  const byId = new Map(appointments.map((a) => [a.appointment_id, a]));
  const writes = changed.rows.map((row) => {
    const appointment = byId.get(row.appointment_id)!;
    return {
      appointment_id: row.appointment_id,
      data: appointment,
      fingerprint: fingerprints.get(row.appointment_id),
      version: row.is_new ? 0 : (row.version ?? 0) + 1,
      starts_at: instantOrNull(appointment.start_time),
      modified_at: instantOrNull(appointment.last_modified_time_utc),
      status: appointment.appointment_status,
    };
  });
  await tx.execute(sql`
    INSERT INTO appointment_snapshots AS s
      (connection_id, appointment_id, data, fingerprint, version, starts_at, modified_at, status)
    SELECT ${input.connectionId}, x.appointment_id, x.data, x.fingerprint, x.version, x.starts_at, x.modified_at, x.status
    FROM jsonb_to_recordset(${JSON.stringify(writes)}::jsonb)
      AS x(appointment_id text, data jsonb, fingerprint text, version int,
           starts_at timestamptz, modified_at timestamptz, status text)
    ON CONFLICT (connection_id, appointment_id) DO UPDATE
      SET data = excluded.data, fingerprint = excluded.fingerprint, version = excluded.version,
        starts_at = excluded.starts_at, modified_at = excluded.modified_at, status = excluded.status,
        changed_at = now()`);
  outcome.created = changed.rows.filter((r) => r.is_new).length;
  outcome.updated = changed.rows.length - outcome.created;
  if (!input.emit) return outcome;

  const subscribed = await subscribedTriggers(tx, input.connectionId);
  const events = changed.rows.flatMap((row) => {
    const appointment = byId.get(row.appointment_id)!;
    if (row.is_new) {
      return subscribed.has(appointmentCreated.key)
        ? [
            {
              trigger_key: appointmentCreated.key,
              dedup_key: `created:${row.appointment_id}`,
              payload: appointment,
            },
          ]
        : [];
    }
    if (!subscribed.has(appointmentUpdated.key)) return [];
    const previous = row.old_data ?? {};
    const changedFields = changedAppointmentFields(previous, appointment);
    return [
      {
        trigger_key: appointmentUpdated.key,
        dedup_key: `updated:${row.appointment_id}:${(row.version ?? 0) + 1}`,
        payload: {
          ...appointment,
          changed_fields: changedFields,
          previous: Object.fromEntries(changedFields.map((f) => [f, previous[f] ?? null])),
        },
      },
    ];
  });
  if (events.length === 0) return outcome;

  const stored = await storeTriggerEvents(tx, {
    workspaceId: input.workspaceId,
    connectionId: input.connectionId,
    events,
  });
  outcome.events = stored.events;
  outcome.runs = stored.runs;
  return outcome;
}

/** Parsed here, not cast in SQL: one malformed timestamp must not fail the whole poll. */
function instantOrNull(value: string | null | undefined): string | null {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
