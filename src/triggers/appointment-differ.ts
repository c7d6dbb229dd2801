import { sql } from 'drizzle-orm';
import type { ZocdocAppointment } from '../actions/zocdoc/zocdoc-schemas.ts';
import type { Db } from '../db/client.ts';
import { appointmentFingerprint, changedAppointmentFields } from './zocdoc/appointment-changes.ts';
import { appointmentCreated, appointmentUpdated } from './zocdoc/appointment-triggers.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

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

  const fingerprints = new Map(input.appointments.map((a) => [a.appointment_id, appointmentFingerprint(a)]));
  const keys = JSON.stringify(
    [...fingerprints].map(([appointment_id, fingerprint]) => ({ appointment_id, fingerprint })),
  );
  const changed = await tx.execute<ChangedRow>(sql`
    SELECT x.appointment_id, s.appointment_id IS NULL AS is_new, s.version, s.data AS old_data
    FROM jsonb_to_recordset(${keys}::jsonb) AS x(appointment_id text, fingerprint text)
    LEFT JOIN appointment_snapshots s
      ON s.connection_id = ${input.connectionId} AND s.appointment_id = x.appointment_id
    WHERE s.appointment_id IS NULL OR s.fingerprint <> x.fingerprint`);
  if (changed.rows.length === 0) return outcome;

  const byId = new Map(input.appointments.map((a) => [a.appointment_id, a]));
  const writes = changed.rows.map((row) => ({
    appointment_id: row.appointment_id,
    data: byId.get(row.appointment_id),
    fingerprint: fingerprints.get(row.appointment_id),
    version: row.is_new ? 0 : (row.version ?? 0) + 1,
  }));
  await tx.execute(sql`
    INSERT INTO appointment_snapshots AS s (connection_id, appointment_id, data, fingerprint, version)
    SELECT ${input.connectionId}, x.appointment_id, x.data, x.fingerprint, x.version
    FROM jsonb_to_recordset(${JSON.stringify(writes)}::jsonb)
      AS x(appointment_id text, data jsonb, fingerprint text, version int)
    ON CONFLICT (connection_id, appointment_id) DO UPDATE
      SET data = excluded.data, fingerprint = excluded.fingerprint, version = excluded.version, changed_at = now()`);
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

  const stored = await tx.execute<{ events: number; runs: number }>(sql`
    WITH new_events AS (
      INSERT INTO trigger_events (workspace_id, connection_id, trigger_key, dedup_key, payload)
      SELECT ${input.workspaceId}, ${input.connectionId}, x.trigger_key, x.dedup_key, x.payload
      FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS x(trigger_key text, dedup_key text, payload jsonb)
      ON CONFLICT (connection_id, dedup_key) DO NOTHING
      RETURNING id, trigger_key
    ), new_runs AS (
      INSERT INTO runs (workspace_id, workflow_id, event_id, status, definition)
      SELECT w.workspace_id, w.id, e.id, 'queued', w.definition
      FROM new_events e
      JOIN workflows w
        ON w.trigger_connection_id = ${input.connectionId} AND w.trigger_key = e.trigger_key AND w.enabled
      ON CONFLICT (workflow_id, event_id) DO NOTHING
      RETURNING id
    )
    SELECT (SELECT count(*) FROM new_events)::int AS events, (SELECT count(*) FROM new_runs)::int AS runs`);
  outcome.events = stored.rows[0]?.events ?? 0;
  outcome.runs = stored.rows[0]?.runs ?? 0;
  return outcome;
}

async function subscribedTriggers(tx: Tx, connectionId: string): Promise<Set<string>> {
  const rows = await tx.execute<{ trigger_key: string }>(sql`
    SELECT DISTINCT trigger_key FROM workflows WHERE trigger_connection_id = ${connectionId} AND enabled`);
  return new Set(rows.rows.map((r) => r.trigger_key));
}
