import { randomUUID } from 'node:crypto';
import { buildEntry, SOURCE_MARKETPLACE } from './appointment-factory.ts';
import type { AppointmentEntry } from './appointment-model.ts';
import type { AppointmentStatus } from './appointment-state-machine.ts';
import type { Directory, PatientType } from './directory.ts';
import { DAY_MS, epochDayInZone, MINUTE_MS, offsetMinutesAt } from './local-time.ts';
import type { Patient } from './patient-validation.ts';

/**
 * Load-test appointments, fast: 100,000 in well under a second. Spread over the past year
 * and the next 90 days, on 15-minute starts between 08:00 and 17:45 local, across every
 * provider location, with a realistic mix of statuses (past ones are mostly confirmed,
 * some no-shows and cancellations; future ones pending or confirmed). Their times are
 * chosen by a PRNG seeded from `seed`, so a given (seed, clock) gives the same data
 * (the appointment ids are random UUIDs). They do not take slots: availability is unchanged.
 */

const PAST_DAYS = 365;
const FUTURE_DAYS = 90;

/** mulberry32: a tiny, fast, seedable PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pickStatus(random: number, past: boolean): AppointmentStatus {
  if (past) {
    if (random < 0.7) return 'confirmed';
    if (random < 0.8) return 'no_show';
    if (random < 0.95) return 'cancelled';
    return 'rescheduled';
  }
  if (random < 0.4) return 'confirmed';
  if (random < 0.75) return 'pending_booking';
  if (random < 0.9) return 'cancelled';
  if (random < 0.95) return 'pending_reschedule';
  return 'rescheduled';
}

export function generateBulkEntries(options: {
  directory: Directory;
  nowMs: number;
  count: number;
  seed: number;
  patients: readonly Patient[];
}): AppointmentEntry[] {
  const { directory, nowMs, count, patients } = options;
  const random = prng(options.seed);
  const pls = directory.providerLocations;
  // The zone offset at local noon of each (zone, date): one luxon call per pair, not per appointment.
  const offsets = new Map<string, number>();
  const offsetAt = (zone: string, epochDay: number) => {
    const key = `${zone}|${epochDay}`;
    let offset = offsets.get(key);
    if (offset === undefined) {
      offset = offsetMinutesAt(zone, epochDay * DAY_MS + 12 * 60 * MINUTE_MS);
      offsets.set(key, offset);
    }
    return offset;
  };
  const todayByZone = new Map<string, number>();

  const entries: AppointmentEntry[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const pl = pls[Math.floor(random() * pls.length)]!;
    const zone = pl.location.time_zone;
    let today = todayByZone.get(zone);
    if (today === undefined) {
      today = epochDayInZone(zone, nowMs);
      todayByZone.set(zone, today);
    }
    const day = today - PAST_DAYS + Math.floor(random() * (PAST_DAYS + FUTURE_DAYS + 1));
    const minuteOfDay = 8 * 60 + 15 * Math.floor(random() * 40);
    const offset = offsetAt(zone, day);
    const startMs = day * DAY_MS + minuteOfDay * MINUTE_MS - offset * MINUTE_MS;
    const reasonIds = pl.provider.visit_reason_ids;
    const reason = directory.visitReason(reasonIds[Math.floor(random() * reasonIds.length)]!)!;
    const patientType: PatientType = random() < 0.6 || !pl.accepts_new_patients ? 'existing' : 'new';
    const status = pickStatus(random(), startMs < nowMs);
    const createdMs = Math.min(startMs, nowMs) - Math.floor(random() * 30 * DAY_MS) - 3_600_000;
    const modifiedMs = createdMs + Math.floor(random() * (nowMs - createdMs));
    const patient = patients[Math.floor(random() * patients.length)]!;
    entries[i] = buildEntry({
      appointmentId: randomUUID(),
      status,
      providerLocation: pl,
      visitReason: reason,
      patientType,
      startMs,
      offsetMinutes: offset,
      durationMinutes: reason.duration_minutes[patientType],
      createdMs,
      modifiedMs,
      patient,
      notes: random() < 0.2 ? 'Bulk-generated appointment' : null,
      source: SOURCE_MARKETPLACE,
      cancellationReason: status === 'cancelled' ? 'Patient no longer needs the appointment' : null,
      occupiesSlot: false,
    });
  }
  return entries;
}
