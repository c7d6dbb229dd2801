import { DateTime } from 'luxon';

/**
 * Time helpers of the sandbox. Instants are epoch milliseconds; calendar dates are "epoch
 * days" (days since 1970-01-01, independent of any zone), so date ranges are integer ranges.
 * Every "now" comes from the injected clock: nothing here reads the system time.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Zocdoc's default zone for availability dates (zocdoc-api.md §5.8: "today in US Eastern"). */
export const US_EASTERN = 'America/New_York';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → epoch day, or undefined when it is not a real calendar date. */
export function parseIsoDate(value: string): number | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return Math.floor(ms / DAY_MS);
}

export function formatEpochDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of an epoch day: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

/** Offset of `zone` from UTC, in minutes, at the instant `ms`. */
export function offsetMinutesAt(zone: string, ms: number): number {
  return DateTime.fromMillis(ms, { zone }).offset;
}

/** The calendar date (epoch day) in `zone` at the instant `ms`. */
export function epochDayInZone(zone: string, ms: number): number {
  return Math.floor((ms + offsetMinutesAt(zone, ms) * MINUTE_MS) / DAY_MS);
}

/** The instant of a wall-clock time (minutes after local midnight) on a local date in `zone`. */
export function wallTimeToInstant(zone: string, epochDay: number, minuteOfDay: number): number {
  const date = new Date(epochDay * DAY_MS);
  return DateTime.fromObject(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: Math.floor(minuteOfDay / 60),
      minute: minuteOfDay % 60,
    },
    { zone },
  ).toMillis();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-11-23T09:00:00-05:00`: the instant as wall time at the given offset (no milliseconds). */
export function formatWithOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * MINUTE_MS);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The instant as wall time in `zone`, with that zone's offset at that instant. */
export function formatInZone(ms: number, zone: string): string {
  return formatWithOffset(ms, offsetMinutesAt(zone, ms));
}

/** UTC timestamps of records: `2026-11-23T14:00:00.000Z`. */
export function formatUtc(ms: number): string {
  return new Date(ms).toISOString();
}

const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An ISO-8601 date-time that carries its offset (`…-05:00` or `Z`), as booking start times
 * must (§5.12). Returns epoch ms, or undefined when malformed or without an offset.
 */
export function parseOffsetDateTime(value: string): number | undefined {
  if (!OFFSET_DATE_TIME.test(value)) return undefined;
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

const INSTANT =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(?:\s*(Z|[+-]\d{2}(?::?\d{2})?)|\s(\d{2}(?::?\d{2})?))?)?$/i;

/**
 * The appointment-list filters' instants (§5.13): `2024-01-01 00:00:00+00:00` (the docs'
 * example), ISO-8601 (`2024-01-01T00:00:00Z`), or a bare date (midnight UTC). Without an
 * offset the time is UTC. A `+` that a query string decoded into a space
 * (`…00:00:00 00:00`) is read as `+`. Returns epoch ms or undefined.
 */
export function parseInstant(value: string): number | undefined {
  const match = INSTANT.exec(value.trim());
  if (!match) return undefined;
  const [, date, time, offset, spacedOffset] = match;
  let iso = `${date}T${time ?? '00:00:00'}`;
  if (offset) iso += offset.toUpperCase() === 'Z' ? 'Z' : normaliseOffset(offset);
  else if (spacedOffset) iso += normaliseOffset(`+${spacedOffset}`);
  const parsed = DateTime.fromISO(iso, { zone: 'utc', setZone: true });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

function normaliseOffset(offset: string): string {
  const sign = offset[0];
  const digits = offset.slice(1).replace(':', '');
  const hours = digits.slice(0, 2);
  const minutes = digits.slice(2) || '00';
  return `${sign}${hours}:${minutes}`;
}

/** `HH:MM` → minutes after midnight (throws on a malformed literal: seed data only). */
export function parseWallTime(value: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) throw new Error(`Bad wall time ${value}`);
  return Number(match[1]) * 60 + Number(match[2]);
}
