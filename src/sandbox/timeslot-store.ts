import { randomUUID } from 'node:crypto';
import type { CalendarSlot, CalendarSource } from './availability.ts';
import type { PatientType } from './directory.ts';
import { epochDayInZone, formatUtc, parseIsoDate } from './local-time.ts';
import { byCodeUnits } from './stable-hash.ts';

/**
 * Calendar timeslots (§5.11, the provider-scheduling product): what a partner's calendar
 * says a provider is open for, one provider and local date at a time. A PUT replaces all of
 * that provider's timeslots on that date (at every location); `[]` leaves the date with
 * none. Availability reads it through `CalendarSource`: a date that has been PUT is served
 * from these timeslots instead of the weekly schedule (see availability.ts). Writes take
 * effect at once (the real store is only eventually consistent).
 */

/** §5.11 Timeslot, as GET returns it. */
export interface CalendarTimeslot {
  timeslot_id: string;
  created_utc: string;
  provider_id: string;
  location_id: string;
  /** Local date-time without offset, e.g. `2026-11-23T09:00:00`. */
  start_time: string;
  time_zone: string;
  allowed_visit_reason_ids: string[] | null;
  excluded_visit_reason_ids: string[] | null;
  patient_type: PatientType | null;
}

/** One validated timeslot of a PUT, with its instant already resolved. */
export interface TimeslotInput {
  location_id: string;
  /** The location's own zone: availability's local dates are the location's. */
  locationTimeZone: string;
  /** Normalised to seconds: `YYYY-MM-DDTHH:MM:SS`. */
  start_time: string;
  time_zone: string;
  startMs: number;
  allowed_visit_reason_ids: string[] | null;
  excluded_visit_reason_ids: string[] | null;
  patient_type: PatientType | null;
}

interface StoredTimeslot {
  view: CalendarTimeslot;
  slot: CalendarSlot;
  locationId: string;
  locationDay: number;
}

export interface TimeslotStore extends CalendarSource {
  /** Replaces the provider's timeslots on `date` (`YYYY-MM-DD`) with `timeslots`. */
  replace(providerId: string, date: string, timeslots: readonly TimeslotInput[]): void;
  /** The provider's timeslots on `date`, by start time (then location, then id); copies. */
  list(providerId: string, date: string): CalendarTimeslot[];
  /** Back to no calendar at all. */
  reset(): void;
}

const toSet = (ids: string[] | null): ReadonlySet<string> | null =>
  ids === null || ids.length === 0 ? null : new Set(ids);

export function createTimeslotStore(options: { clock: () => Date }): TimeslotStore {
  /** providerId → PUT date → timeslots. */
  const byDate = new Map<string, Map<string, StoredTimeslot[]>>();
  /**
   * Derived for availability, rebuilt per provider on each PUT: the local dates that have a
   * calendar, and the timeslots by location and local start date (in the location's zone,
   * which is the PUT date unless a timeslot names another zone).
   */
  const index = new Map<string, { days: Set<number>; slots: Map<string, CalendarSlot[]> }>();

  const reindex = (providerId: string) => {
    const dates = byDate.get(providerId);
    if (!dates) {
      index.delete(providerId);
      return;
    }
    const days = new Set<number>();
    const slots = new Map<string, CalendarSlot[]>();
    for (const [date, stored] of dates) {
      days.add(parseIsoDate(date)!);
      for (const entry of stored) {
        const key = `${entry.locationId}/${entry.locationDay}`;
        slots.set(key, [...(slots.get(key) ?? []), entry.slot]);
      }
    }
    index.set(providerId, { days, slots });
  };

  const compare = (a: StoredTimeslot, b: StoredTimeslot) =>
    a.slot.startMs - b.slot.startMs ||
    byCodeUnits(a.locationId, b.locationId) ||
    byCodeUnits(a.view.timeslot_id, b.view.timeslot_id);

  return {
    replace(providerId, date, timeslots) {
      const createdUtc = formatUtc(options.clock().getTime());
      const stored = timeslots.map(
        (input): StoredTimeslot => ({
          locationId: input.location_id,
          locationDay: epochDayInZone(input.locationTimeZone, input.startMs),
          view: {
            timeslot_id: `slot:${randomUUID()}`,
            created_utc: createdUtc,
            provider_id: providerId,
            location_id: input.location_id,
            start_time: input.start_time,
            time_zone: input.time_zone,
            allowed_visit_reason_ids: input.allowed_visit_reason_ids,
            excluded_visit_reason_ids: input.excluded_visit_reason_ids,
            patient_type: input.patient_type,
          },
          slot: {
            startMs: input.startMs,
            allowedVisitReasonIds: toSet(input.allowed_visit_reason_ids),
            excludedVisitReasonIds: toSet(input.excluded_visit_reason_ids),
            patientType: input.patient_type,
          },
        }),
      );
      stored.sort(compare);
      let dates = byDate.get(providerId);
      if (!dates) {
        dates = new Map();
        byDate.set(providerId, dates);
      }
      dates.set(date, stored);
      reindex(providerId);
    },

    list(providerId, date) {
      return (byDate.get(providerId)?.get(date) ?? []).map((entry) => structuredClone(entry.view));
    },

    slotsOn(providerId, locationId, epochDay) {
      const entry = index.get(providerId);
      if (!entry?.days.has(epochDay)) return undefined;
      return entry.slots.get(`${locationId}/${epochDay}`) ?? [];
    },

    reset() {
      byDate.clear();
      index.clear();
    },
  };
}
