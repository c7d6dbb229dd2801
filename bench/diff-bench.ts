import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ZocdocAppointment } from '../src/actions/zocdoc/zocdoc-schemas.ts';
import { connections, workflows, workspaces } from '../src/db/schema.ts';
import { applyAppointmentDiff } from '../src/triggers/appointment-differ.ts';
import { type BenchEnvironment, medianMs, perSecond } from './bench-environment.ts';

const COUNT = 10_000;
const REPETITIONS = 5;

/**
 * The differ on a 10,000-appointment poll (unchanged, and 10% changed), side by side
 * with a plain bulk upsert of the same rows into a bare table: the ratio is what the
 * diff, the events and the runs cost on top of writing the data.
 */
export async function benchDiff(env: BenchEnvironment) {
  const { db } = env.database;
  const [workspace] = await db.insert(workspaces).values({ name: 'bench' }).returning();
  const [connection] = await db
    .insert(connections)
    .values({
      workspaceId: workspace!.id,
      name: 'bench',
      connector: 'zocdoc',
      baseUrl: 'http://127.0.0.1:9',
      tokenUrl: 'http://127.0.0.1:9/t',
      clientId: 'x',
      clientSecretEnc: 'x',
    })
    .returning();
  const connectionId = connection!.id;
  for (const key of ['zocdoc.appointment_created', 'zocdoc.appointment_updated']) {
    const definition = {
      trigger: { key, connection_id: connectionId, poll_interval_seconds: 60 },
      steps: [{ key: 'get', action: 'zocdoc.get_appointment', connection_id: connectionId, input: {} }],
    };
    await db.insert(workflows).values({
      workspaceId: workspace!.id,
      name: key,
      triggerKey: key,
      triggerConnectionId: connectionId,
      pollIntervalSeconds: 60,
      definition,
    });
  }

  const appointments = Array.from({ length: COUNT }, (_, i) => appointment(i));
  const diff = (rows: ZocdocAppointment[]) =>
    db.transaction((tx) =>
      applyAppointmentDiff(tx, { workspaceId: workspace!.id, connectionId, appointments: rows, emit: true }),
    );
  await db.transaction((tx) =>
    applyAppointmentDiff(tx, { workspaceId: workspace!.id, connectionId, appointments, emit: false }),
  );

  const unchangedMs = await medianMs(REPETITIONS, async () => {
    const outcome = await diff(appointments);
    if (outcome.updated !== 0) throw new Error('unchanged poll found changes');
  });
  const changedMs = await medianMs(REPETITIONS, async (rep) => {
    const rows = appointments.map((a, i) => (i % 10 === 0 ? { ...a, notes: `change ${rep}` } : a));
    const outcome = await diff(rows);
    if (outcome.updated !== COUNT / 10 || outcome.runs !== COUNT / 10) throw new Error('10% poll miscounted');
  });

  await db.execute(sql`CREATE TABLE bench_raw (id text PRIMARY KEY, data jsonb NOT NULL)`);
  const rawUpsert = async (rows: ZocdocAppointment[]) => {
    const payload = JSON.stringify(rows.map((a) => ({ id: a.appointment_id, data: a })));
    await db.execute(sql`
      INSERT INTO bench_raw (id, data)
      SELECT x.id, x.data FROM jsonb_to_recordset(${payload}::jsonb) AS x(id text, data jsonb)
      ON CONFLICT (id) DO UPDATE SET data = excluded.data`);
  };
  await rawUpsert(appointments);
  const rawMs = await medianMs(REPETITIONS, async (rep) =>
    rawUpsert(appointments.map((a, i) => (i % 10 === 0 ? { ...a, notes: `raw ${rep}` } : a))),
  );

  return {
    appointments: COUNT,
    repetitions: REPETITIONS,
    diff_unchanged: { median_ms: round(unchangedMs), appointments_per_s: perSecond(COUNT, unchangedMs) },
    diff_10pct_changed: {
      median_ms: round(changedMs),
      appointments_per_s: perSecond(COUNT, changedMs),
      events_and_runs_per_poll: COUNT / 10,
    },
    raw_bulk_upsert: { median_ms: round(rawMs), appointments_per_s: perSecond(COUNT, rawMs) },
    ratio_unchanged_vs_raw: round(unchangedMs / rawMs),
    ratio_10pct_changed_vs_raw: round(changedMs / rawMs),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

function appointment(i: number): ZocdocAppointment {
  const modified = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return {
    appointment_id: randomUUID(),
    appointment_status: i % 3 === 0 ? 'confirmed' : 'pending_booking',
    developer_patient_id: `p-${i}`,
    is_provider_resource: false,
    location_phone_number: '2125550100',
    confirmation_type: 'manual',
    start_time: '2026-11-23T09:00:00-05:00',
    created_time_utc: modified,
    last_modified_time_utc: modified,
    provider_location_id: `pr_${i % 40}|lo_${i % 7}`,
    practice_id: `pt_${i % 5}`,
    visit_reason_id: 'pc_FRO-18leckytNKtruw5dLR',
    visit_type: 'in_person',
    patient_type: 'new',
    notes: null,
    source: 'Zocdoc Marketplace',
  };
}
