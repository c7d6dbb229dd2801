import { z } from 'zod';
import { patientTypeField } from '../zocdoc-fields.ts';

/** A PUT replaces a provider's day with at most this many timeslots (§5.11). */
export const MAX_TIMESLOTS_PER_DAY = 1500;

/** Local date-time without offset; the seconds may be left out (§5.11). */
const localDateTimePattern = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

/**
 * Intl knows every IANA zone of the runtime's tz database. It also takes UTC offsets
 * like `+01:00`, which are not IANA names and which the API refuses: those are kept out
 * by requiring a name that starts with a letter.
 */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const localDateTimeField = z
  .string()
  .regex(localDateTimePattern, 'must be a local date-time YYYY-MM-DDTHH:MM[:SS], without offset')
  .refine((value) => isRealDate(value.slice(0, 10)), 'is not a real calendar date')
  .describe('Local start, YYYY-MM-DDTHH:MM[:SS], without offset (the time zone goes in time_zone)');

export const timeZoneField = z
  .string()
  .min(1)
  .refine(isIanaTimeZone, 'must be an IANA time zone name, e.g. America/New_York')
  .describe('IANA time zone of start_time, e.g. America/New_York');

const visitReasonList = (what: string) =>
  z.array(z.string().min(1).describe('Visit reason id (pc_…)')).nullable().optional().describe(what);

export const timeslotInputSchema = z.strictObject({
  provider_id: z.string().min(1).describe('Provider id (pr_…); must be the provider_id of the action'),
  location_id: z.string().min(1).describe('Location id (lo_…) where the slot takes place'),
  start_time: localDateTimeField,
  time_zone: timeZoneField,
  allowed_visit_reason_ids: visitReasonList(
    'Only these visit reasons may book the slot (empty or left out: any)',
  ),
  excluded_visit_reason_ids: visitReasonList('These visit reasons may not book the slot (wins over allowed)'),
  patient_type: patientTypeField.optional().describe('Only new or only existing patients (left out: both)'),
});
