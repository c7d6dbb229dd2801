import type { PatientType, ProviderLocation, VisitReason } from './directory.ts';
import {
  DAY_MS,
  epochDayInZone,
  formatEpochDay,
  formatWithOffset,
  isoWeekday,
  MINUTE_MS,
  offsetMinutesAt,
  parseIsoDate,
  US_EASTERN,
  wallTimeToInstant,
} from './local-time.ts';
import type { OccupancyIndex } from './occupancy-index.ts';
import { invalid } from './sandbox-errors.ts';

/**
 * Availability (zocdoc-api.md §5.8): a provider location's weekly schedule cut into slots,
 * minus the past and minus the time its provider's appointments take, all measured by the
 * injected clock. Slots start every 30 minutes from the opening of a schedule block and
 * last the visit reason's duration for the patient type; a slot must fit in its block.
 *
 * Calendar timeslots (§5.11, timeslot-store.ts) override the weekly schedule: once a
 * provider's date has been PUT (even as `[]`), that local date's slots at each of the
 * provider's locations are exactly the PUT timeslots there that admit the visit reason and
 * patient type, minus the past and booked time; the weekly schedule no longer applies to it.
 */

export const SLOT_STEP_MINUTES = 30;
/** §5.8: the start date may be at most 150 days ahead (of today in US Eastern). */
export const MAX_START_DAYS_AHEAD = 150;
/** §5.8: the end date (inclusive) defaults to start + 7 days and may be at most start + 31. */
export const DEFAULT_RANGE_DAYS = 7;
export const MAX_RANGE_DAYS = 31;
/** How far past an empty range `first_availability` looks (from the range's start). */
export const FIRST_AVAILABILITY_LOOKAHEAD_DAYS = 90;

export interface Timeslot {
  /** ISO-8601 with the provider's local offset, e.g. 2026-11-23T09:00:00-05:00. */
  start_time: string;
  visit_reason_id: string;
  /** A zocdoc.com deep link; carries no patient data. */
  booking_url: string;
}

export interface ProviderLocationAvailability {
  provider_location_id: string;
  /** The first free slot in the range, else the first within the look-ahead, else null. */
  first_availability: Timeslot | null;
  timeslots: Timeslot[];
}

export interface Slot {
  startMs: number;
  offsetMinutes: number;
}

/** One calendar timeslot (§5.11) as availability sees it. */
export interface CalendarSlot {
  startMs: number;
  /** null: no restriction. Excluded wins over allowed. */
  allowedVisitReasonIds: ReadonlySet<string> | null;
  excludedVisitReasonIds: ReadonlySet<string> | null;
  /** null: both patient types. */
  patientType: PatientType | null;
}

/** Where availability finds calendar timeslots (implemented by timeslot-store.ts). */
export interface CalendarSource {
  /**
   * The provider's calendar timeslots at the location that start on the local date
   * `epochDay` (in the location's zone), or undefined when the provider has no calendar for
   * that date, so the weekly schedule applies.
   */
  slotsOn(providerId: string, locationId: string, epochDay: number): readonly CalendarSlot[] | undefined;
}

export interface SlotContext {
  occupancy: OccupancyIndex;
  nowMs: number;
  /** Absent: weekly schedules only. */
  calendar?: CalendarSource | undefined;
}

/** What a slot is wanted for; calendar timeslots may admit only some visit reasons or patient types. */
export interface SlotPurpose {
  visitReasonId: string;
  patientType: PatientType;
}

export interface BookingUrlExtras {
  insurance_plan_id?: string | undefined;
  insurance_carrier_id?: string | undefined;
}

export function slotMinutes(reason: VisitReason, patientType: PatientType): number {
  return reason.duration_minutes[patientType];
}

/** Whether the provider location takes this visit reason for this patient type at all. */
export function offers(pl: ProviderLocation, reason: VisitReason, patientType: PatientType): boolean {
  if (patientType === 'new' && !pl.accepts_new_patients) return false;
  return pl.provider.visit_reason_ids.includes(reason.visit_reason_id);
}

/** Whether a calendar timeslot admits the purpose (none given: any purpose). */
export function admits(slot: CalendarSlot, purpose: SlotPurpose | undefined): boolean {
  if (!purpose) return true;
  if (slot.excludedVisitReasonIds?.has(purpose.visitReasonId)) return false;
  if (slot.allowedVisitReasonIds && !slot.allowedVisitReasonIds.has(purpose.visitReasonId)) return false;
  return slot.patientType === null || slot.patientType === purpose.patientType;
}

function calendarSlots(
  ctx: SlotContext,
  pl: ProviderLocation,
  durationMinutes: number,
  slots: readonly CalendarSlot[],
  purpose: SlotPurpose | undefined,
): Slot[] {
  const starts = new Set<number>();
  for (const slot of slots) {
    if (slot.startMs <= ctx.nowMs || starts.has(slot.startMs) || !admits(slot, purpose)) continue;
    const endMs = slot.startMs + durationMinutes * MINUTE_MS;
    if (!ctx.occupancy.isFree(pl.provider.provider_id, slot.startMs, endMs)) continue;
    starts.add(slot.startMs);
  }
  return [...starts]
    .sort((a, b) => a - b)
    .map((startMs) => ({ startMs, offsetMinutes: offsetMinutesAt(pl.location.time_zone, startMs) }));
}

/**
 * Free slots of `durationMinutes` at the provider location on one local date: from the
 * provider's calendar timeslots when that date has them, else from the weekly schedule.
 * `purpose` filters calendar timeslots by visit reason and patient type; without it
 * (a practice-side booking) every calendar timeslot counts.
 */
export function freeSlotsOnDay(
  ctx: SlotContext,
  pl: ProviderLocation,
  durationMinutes: number,
  epochDay: number,
  purpose?: SlotPurpose,
): Slot[] {
  const calendar = ctx.calendar?.slotsOn(pl.provider.provider_id, pl.location.location_id, epochDay);
  if (calendar) return calendarSlots(ctx, pl, durationMinutes, calendar, purpose);
  const zone = pl.location.time_zone;
  const weekday = isoWeekday(epochDay);
  const slots: Slot[] = [];
  let blocksUsed = 0;
  for (const block of pl.blocks) {
    if (!block.weekdays.has(weekday)) continue;
    blocksUsed++;
    const blockStart = wallTimeToInstant(zone, epochDay, block.startMinute);
    const blockEnd = wallTimeToInstant(zone, epochDay, block.endMinute);
    // No DST change inside the block (the usual case): slots are plain arithmetic.
    const uniform = blockEnd - blockStart === (block.endMinute - block.startMinute) * MINUTE_MS;
    const blockOffset = (epochDay * DAY_MS + block.startMinute * MINUTE_MS - blockStart) / MINUTE_MS;
    for (
      let minute = block.startMinute;
      minute + durationMinutes <= block.endMinute;
      minute += SLOT_STEP_MINUTES
    ) {
      const startMs = uniform
        ? blockStart + (minute - block.startMinute) * MINUTE_MS
        : wallTimeToInstant(zone, epochDay, minute);
      if (startMs <= ctx.nowMs) continue;
      if (!ctx.occupancy.isFree(pl.provider.provider_id, startMs, startMs + durationMinutes * MINUTE_MS))
        continue;
      slots.push({ startMs, offsetMinutes: uniform ? blockOffset : offsetMinutesAt(zone, startMs) });
    }
  }
  if (blocksUsed > 1) slots.sort((a, b) => a.startMs - b.startMs);
  return slots;
}

/**
 * The requested local-date range, validated against §5.8's limits. Both dates are local
 * to each provider; the default start is today in US Eastern.
 */
export function resolveDateRange(
  nowMs: number,
  startDate: string | undefined,
  endDate: string | undefined,
): { fromDay: number; toDay: number } {
  const today = epochDayInZone(US_EASTERN, nowMs);
  let fromDay = today;
  if (startDate !== undefined) {
    const parsed = parseIsoDate(startDate);
    if (parsed === undefined) {
      throw invalid(
        'start_date_in_provider_local_time',
        'start_date_in_provider_local_time must be YYYY-MM-DD',
      );
    }
    fromDay = parsed;
  }
  if (fromDay > today + MAX_START_DAYS_AHEAD) {
    throw invalid(
      'start_date_in_provider_local_time',
      `start_date_in_provider_local_time must be at most ${MAX_START_DAYS_AHEAD} days after today ` +
        `(${formatEpochDay(today)}, US Eastern)`,
    );
  }
  let toDay = fromDay + DEFAULT_RANGE_DAYS;
  if (endDate !== undefined) {
    const parsed = parseIsoDate(endDate);
    if (parsed === undefined) {
      throw invalid('end_date_in_provider_local_time', 'end_date_in_provider_local_time must be YYYY-MM-DD');
    }
    toDay = parsed;
  }
  if (toDay < fromDay) {
    throw invalid(
      'end_date_in_provider_local_time',
      'end_date_in_provider_local_time must not be before start_date_in_provider_local_time',
    );
  }
  if (toDay > fromDay + MAX_RANGE_DAYS) {
    throw invalid(
      'end_date_in_provider_local_time',
      `end_date_in_provider_local_time must be at most ${MAX_RANGE_DAYS} days after the start date`,
    );
  }
  return { fromDay, toDay };
}

export function bookingUrl(
  pl: ProviderLocation,
  reason: VisitReason,
  patientType: PatientType,
  startTime: string,
  extras: BookingUrlExtras = {},
): string {
  const params = new URLSearchParams({
    provider_location_id: pl.provider_location_id,
    visit_reason_id: reason.visit_reason_id,
    patient_type: patientType,
    start_time: startTime,
  });
  if (extras.insurance_plan_id) params.set('insurance_plan_id', extras.insurance_plan_id);
  if (extras.insurance_carrier_id) params.set('insurance_carrier_id', extras.insurance_carrier_id);
  return `https://www.zocdoc.com/booking/start?${params.toString()}`;
}

export function availabilityFor(
  ctx: SlotContext,
  pl: ProviderLocation,
  reason: VisitReason,
  patientType: PatientType,
  range: { fromDay: number; toDay: number },
  extras: BookingUrlExtras = {},
): ProviderLocationAvailability {
  const empty = { provider_location_id: pl.provider_location_id, first_availability: null, timeslots: [] };
  if (!offers(pl, reason, patientType)) return empty;
  const duration = slotMinutes(reason, patientType);
  const purpose: SlotPurpose = { visitReasonId: reason.visit_reason_id, patientType };
  const toTimeslot = (slot: Slot): Timeslot => {
    const start = formatWithOffset(slot.startMs, slot.offsetMinutes);
    return {
      start_time: start,
      visit_reason_id: reason.visit_reason_id,
      booking_url: bookingUrl(pl, reason, patientType, start, extras),
    };
  };
  const timeslots: Timeslot[] = [];
  for (let day = range.fromDay; day <= range.toDay; day++) {
    for (const slot of freeSlotsOnDay(ctx, pl, duration, day, purpose)) timeslots.push(toTimeslot(slot));
  }
  let first = timeslots[0] ?? null;
  for (let day = range.toDay + 1; !first && day <= range.fromDay + FIRST_AVAILABILITY_LOOKAHEAD_DAYS; day++) {
    const slot = freeSlotsOnDay(ctx, pl, duration, day, purpose)[0];
    if (slot) first = toTimeslot(slot);
  }
  return { provider_location_id: pl.provider_location_id, first_availability: first, timeslots };
}

/**
 * The offered slot starting at `startMs`, if there is one: a free, future slot of the
 * provider location for this visit reason and patient type, on a date that availability
 * could return (at most 150 + 31 days ahead).
 */
export function findOfferedSlot(
  ctx: SlotContext,
  pl: ProviderLocation,
  reason: VisitReason,
  patientType: PatientType,
  startMs: number,
): Slot | undefined {
  if (!offers(pl, reason, patientType)) return undefined;
  const day = epochDayInZone(pl.location.time_zone, startMs);
  if (day > epochDayInZone(US_EASTERN, ctx.nowMs) + MAX_START_DAYS_AHEAD + MAX_RANGE_DAYS) return undefined;
  const purpose: SlotPurpose = { visitReasonId: reason.visit_reason_id, patientType };
  return freeSlotsOnDay(ctx, pl, slotMinutes(reason, patientType), day, purpose).find(
    (slot) => slot.startMs === startMs,
  );
}
