import type { Timeslot } from './availability.ts';
import type { PatientType, ProviderLocation } from './directory.ts';
import { epochDayInZone, formatEpochDay } from './local-time.ts';
import type { SandboxStore } from './sandbox-store.ts';

/**
 * Availability summaries the directory endpoints show (first available date, the 28-day
 * outlook of the schedulable-entity feed), computed through the store's own availability,
 * so they see exactly the slots a booking would: schedule or calendar, minus booked time.
 */

/** A provider location's local today (availability dates are provider-local, §5.8). */
export function localToday(pl: ProviderLocation, nowMs: number): string {
  return formatEpochDay(epochDayInZone(pl.location.time_zone, nowMs));
}

/**
 * The first free slot for the visit reason and patient type from today on: within 90 days
 * (availability's look-ahead for `first_availability`), else null.
 */
export function firstAvailable(
  store: SandboxStore,
  pl: ProviderLocation,
  visitReasonId: string,
  patientType: PatientType,
): Timeslot | null {
  const today = localToday(pl, store.clock().getTime());
  const [entry] = store.availability({
    providerLocationIds: [pl.provider_location_id],
    visitReasonId,
    patientType,
    startDate: today,
    endDate: today,
  });
  return entry?.first_availability ?? null;
}

/**
 * §6 `first_availability_date_in_provider_local_time`: the earliest local date, within 90
 * days, with a free slot for a new patient and any visit reason the provider offers.
 */
export function firstAvailabilityDate(store: SandboxStore, pl: ProviderLocation): string | null {
  if (!pl.accepts_new_patients) return null;
  let best: string | null = null;
  for (const reasonId of pl.provider.visit_reason_ids) {
    const slot = firstAvailable(store, pl, reasonId, 'new');
    const date = slot?.start_time.slice(0, 10) ?? null;
    if (date !== null && (best === null || date < best)) best = date;
  }
  return best;
}

/** Free slots for the visit reason and patient type on the next `days` local dates, today included. */
export function slotsInNextDays(
  store: SandboxStore,
  pl: ProviderLocation,
  visitReasonId: string,
  patientType: PatientType,
  days: number,
): Timeslot[] {
  const nowMs = store.clock().getTime();
  const fromDay = epochDayInZone(pl.location.time_zone, nowMs);
  const [entry] = store.availability({
    providerLocationIds: [pl.provider_location_id],
    visitReasonId,
    patientType,
    startDate: formatEpochDay(fromDay),
    endDate: formatEpochDay(fromDay + days - 1),
  });
  return entry?.timeslots ?? [];
}
