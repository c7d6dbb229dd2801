import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { patientTypes } from './directory.ts';
import type { DirectoryServices } from './directory-services.ts';
import { requestOrigin } from './envelopes.ts';
import { parseIsoDate } from './local-time.ts';
import { intParam, orRequired, parseOr400, queryParam } from './request-validation.ts';
import { invalid, SandboxError } from './sandbox-errors.ts';
import type { SandboxStore } from './sandbox-store.ts';
import type { TimeslotInput } from './timeslot-store.ts';

/**
 * Calendar timeslots (§5.11): GET and PUT /v1/providers/{provider_id}/calendar/timeslots.
 * The spec declares no scope: any valid token. A provider outside the directory is a 403
 * (§5.11: "caller must have access to the provider"; the operations declare no 404).
 */

export const MAX_PUT_TIMESLOTS = 1500;
/** Not documented: the GET page size default and bound (the PUT's own maximum). */
export const DEFAULT_TIMESLOT_LIMIT = 100;
export const MAX_TIMESLOT_LIMIT = MAX_PUT_TIMESLOTS;

const PROVIDER_ID = /^pr_[A-Za-z0-9_-]+$/;
/** Local date-time, seconds optional, no offset (§5.11). */
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const dateParam = z
  .string()
  .refine((v) => parseIsoDate(v) !== undefined, { error: 'must be a date YYYY-MM-DD' });

const getQuerySchema = z.object({
  date: queryParam(dateParam),
  limit: queryParam(intParam(1, MAX_TIMESLOT_LIMIT).optional()),
  next_page_token: queryParam(z.string().optional()),
});

const putQuerySchema = z.object({ date: queryParam(dateParam) });

/** `2026-11-23T09:00` → `2026-11-23T09:00:00`. */
const withSeconds = (value: string) => {
  const [, day, hour, minute, second] = LOCAL_DATE_TIME.exec(value)!;
  return `${day}T${hour}:${minute}:${second ?? '00'}`;
};

/**
 * A PUT body for one provider and date: every rule of §5.11 in one schema, so a 400 names
 * every offending field of every timeslot at once.
 */
function putBodySchema(providerId: string, date: string, isVisitReason: (id: string) => boolean) {
  const visitReasonIds = z
    .array(
      z
        .string()
        .trim()
        .min(1, { error: 'must not be empty' })
        .refine(isVisitReason, { error: (issue) => `${String(issue.input)} is not a known visit reason` }),
    )
    .nullish();
  const timeslot = z
    .object(
      {
        provider_id: z.string(orRequired('must be a string')).refine((id) => id === providerId, {
          error: `must equal the provider_id of the path (${providerId})`,
        }),
        location_id: z.string(orRequired('must be a string')).trim().min(1, { error: 'must not be empty' }),
        start_time: z.string(orRequired('must be a string')).superRefine((value, ctx) => {
          if (!LOCAL_DATE_TIME.test(value)) {
            ctx.addIssue({
              code: 'custom',
              message: 'must be a local date-time without offset, e.g. 2026-11-23T09:00:00',
            });
          } else if (value.slice(0, 10) !== date) {
            ctx.addIssue({
              code: 'custom',
              message: `must be on the date of the request (${date}), in local time`,
            });
          }
        }),
        time_zone: z.string(orRequired('must be a string')).refine((zone) => IANAZone.isValidZone(zone), {
          error: 'must be an IANA time zone, e.g. America/New_York',
        }),
        allowed_visit_reason_ids: visitReasonIds,
        excluded_visit_reason_ids: visitReasonIds,
        patient_type: z.enum(patientTypes, orRequired('must be new or existing')).nullish(),
      },
      orRequired('must be an object'),
    )
    .superRefine(
      (slot, ctx) => {
        // Not a real wall time there: an impossible hour or minute, or a daylight-saving gap.
        const local = DateTime.fromISO(withSeconds(slot.start_time), { zone: slot.time_zone });
        if (!local.isValid || local.toFormat("yyyy-MM-dd'T'HH:mm:ss") !== withSeconds(slot.start_time)) {
          ctx.addIssue({
            code: 'custom',
            path: ['start_time'],
            message: `does not exist in ${slot.time_zone}`,
          });
        }
      },
      {
        // Also when other fields of the timeslot are wrong, as long as these two are usable.
        when: (payload) =>
          !payload.issues.some(
            (issue) => issue.path?.[0] === 'start_time' || issue.path?.[0] === 'time_zone',
          ) &&
          typeof (payload.value as { start_time?: unknown } | undefined)?.start_time === 'string' &&
          typeof (payload.value as { time_zone?: unknown } | undefined)?.time_zone === 'string',
      },
    );
  return z.object(
    {
      timeslots: z
        .array(timeslot, orRequired('must be a list of timeslots'))
        .max(MAX_PUT_TIMESLOTS, { error: `must hold at most ${MAX_PUT_TIMESLOTS} timeslots` }),
    },
    orRequired('must be a JSON object'),
  );
}

/** Opaque to clients; bound to the date it pages through. */
const encodeToken = (date: string, offset: number) =>
  Buffer.from(JSON.stringify({ d: date, o: offset })).toString('base64url');

function decodeToken(token: string, date: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      d?: unknown;
      o?: unknown;
    };
    if (parsed.d === date && Number.isSafeInteger(parsed.o) && (parsed.o as number) >= 0)
      return parsed.o as number;
  } catch {
    // Falls through to the 400 below.
  }
  throw invalid('next_page_token', 'next_page_token is not a token this endpoint gave out for this date');
}

/** The request's own URL with `next_page_token` replaced (the client's encoding of the rest kept). */
function nextUrl(request: FastifyRequest, token: string): string {
  const q = request.url.indexOf('?');
  const path = q === -1 ? request.url : request.url.slice(0, q);
  const params = (q === -1 ? '' : request.url.slice(q + 1))
    .split('&')
    .filter((part) => part !== '' && !/^next_page_token(=|$)/.test(part))
    .concat(`next_page_token=${encodeURIComponent(token)}`);
  return `${requestOrigin(request)}${path}?${params.join('&')}`;
}

export async function timeslotRoutes(
  app: FastifyInstance,
  options: { store: SandboxStore; services: DirectoryServices },
) {
  const directory = options.store.directory;
  const calendar = options.services.calendar;

  const requireProvider = (id: string) => {
    if (!PROVIDER_ID.test(id)) throw invalid('provider_id', `provider_id ${id} is not a provider id (pr_…)`);
    const provider = directory.provider(id);
    if (!provider) {
      throw new SandboxError(403, {
        field: 'provider_id',
        message: `The caller has no access to provider ${id}`,
      });
    }
    return provider;
  };

  app.get<{ Params: { provider_id: string } }>(
    '/providers/:provider_id/calendar/timeslots',
    async (request) => {
      const provider = requireProvider(request.params.provider_id);
      const query = parseOr400(getQuerySchema, request.query);
      const limit = query.limit ?? DEFAULT_TIMESLOT_LIMIT;
      const offset = query.next_page_token === undefined ? 0 : decodeToken(query.next_page_token, query.date);
      const all = calendar.list(provider.provider_id, query.date);
      const data = all.slice(offset, offset + limit);
      const more = offset + limit < all.length;
      const token = more ? encodeToken(query.date, offset + limit) : null;
      return {
        request_id: request.id,
        limit,
        // null and "" on the last page: the offset-paged endpoints' `next_url` convention (§3.2).
        next_page_token: token,
        next_url: token === null ? '' : nextUrl(request, token),
        data,
      };
    },
  );

  app.put<{ Params: { provider_id: string } }>(
    '/providers/:provider_id/calendar/timeslots',
    async (request) => {
      const provider = requireProvider(request.params.provider_id);
      const { date } = parseOr400(putQuerySchema, request.query);
      const body = parseOr400(
        putBodySchema(provider.provider_id, date, (id) => directory.visitReason(id) !== undefined),
        request.body,
      );
      const ownLocations = new Map(
        directory
          .providerLocationsOf(provider.provider_id)
          .map((pl) => [pl.location.location_id, pl.location]),
      );
      const notFoundLocations = new Set<string>();
      const accepted: TimeslotInput[] = [];
      for (const slot of body.timeslots) {
        const location = ownLocations.get(slot.location_id);
        // §5.11: a location that is not the provider's is reported, not refused.
        if (!location) {
          notFoundLocations.add(slot.location_id);
          continue;
        }
        const startTime = withSeconds(slot.start_time);
        accepted.push({
          location_id: slot.location_id,
          locationTimeZone: location.time_zone,
          start_time: startTime,
          time_zone: slot.time_zone,
          startMs: DateTime.fromISO(startTime, { zone: slot.time_zone }).toMillis(),
          allowed_visit_reason_ids: slot.allowed_visit_reason_ids ?? null,
          excluded_visit_reason_ids: slot.excluded_visit_reason_ids ?? null,
          patient_type: slot.patient_type ?? null,
        });
      }

      calendar.replace(provider.provider_id, date, accepted);
      return { request_id: request.id, errors: { not_found_location_ids: [...notFoundLocations] } };
    },
  );
}
