import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  type ParticipantsData,
  toAppointmentBaseData,
  toAppointmentData,
  toAppointmentResponseData,
} from './appointment-model.ts';
import { sortByValues, sortDirections } from './appointment-query.ts';
import { appointmentStatuses } from './appointment-state-machine.ts';
import type { BearerAuth } from './bearer-auth.ts';
import {
  CANCELLATION_REASON_MAX_LENGTH,
  cancellationReasonTypes,
  freeTextReasonTypes,
} from './cancellation-reasons.ts';
import { patientTypes } from './directory.ts';
import { dataEnvelope, pagedEnvelope, pageUrl, requestOrigin } from './envelopes.ts';
import { parseOffsetDateTime } from './local-time.ts';
import { createPatientSchema } from './patient-validation.ts';
import {
  commaList,
  instantParam,
  intParam,
  orRequired,
  parseOr400,
  queryParam,
} from './request-validation.ts';
import { invalid } from './sandbox-errors.ts';
import type { SandboxStore } from './sandbox-store.ts';

/**
 * Appointment resources under /v1 (zocdoc-api.md §5.12–§5.20; attachment uploads are in
 * attachment-routes.ts). Every route acts as the caller's viewer: a user token sees only
 * that user's bookings, anything else is a 404 (appointment-visibility.ts).
 */

export const MAX_PAGE = 10;
export const MAX_PAGE_SIZE = 100;
/** §5.13: `page_size` 1–100 "(max 1,000 results total)". */
export const MAX_LISTABLE_RESULTS = 1000;
/** Not documented (§14); the sandbox's choice, matching the other offset-paged endpoints. */
export const DEFAULT_PAGE_SIZE = 10;
export const NOTES_MAX_LENGTH = 100;

const READ = 'external.appointment.read';
const WRITE = 'external.appointment.write';

const listQuerySchema = z.object({
  page: queryParam(intParam(0, MAX_PAGE).optional()),
  page_size: queryParam(intParam(1, MAX_PAGE_SIZE).optional()),
  statuses: queryParam(commaList({ allowed: appointmentStatuses }).optional()),
  developer_patient_id: queryParam(z.string().optional()),
  practice_ids: queryParam(commaList().optional()),
  provider_ids: queryParam(commaList().optional()),
  location_ids: queryParam(commaList().optional()),
  start_time_utc_min: queryParam(instantParam.optional()),
  start_time_utc_max: queryParam(instantParam.optional()),
  created_time_utc_min: queryParam(instantParam.optional()),
  created_time_utc_max: queryParam(instantParam.optional()),
  last_modified_time_utc_min: queryParam(instantParam.optional()),
  last_modified_time_utc_max: queryParam(instantParam.optional()),
  sort_by: queryParam(
    z.enum(sortByValues, orRequired(`must be one of ${sortByValues.join(', ')}`)).optional(),
  ),
  sort_direction: queryParam(
    z.enum(sortDirections, orRequired('must be ascending or descending')).optional(),
  ),
});

const appointmentId = z.guid(orRequired('must be an appointment id (a UUID)'));

const appointmentIdBody = z.object({ appointment_id: appointmentId }, orRequired('must be a JSON object'));

const offsetDateTime = z
  .string(orRequired('must be a string'))
  .refine((v) => parseOffsetDateTime(v) !== undefined, {
    error: 'must be an ISO-8601 date-time with the offset, e.g. 2026-11-23T09:00:00-05:00',
  });

// §5.16: free text only with the two "other" reasons [doc]. The type itself is optional.
const cancelBody = z
  .object(
    {
      appointment_id: appointmentId,
      cancellation_reason_type: z
        .enum(cancellationReasonTypes, orRequired(`must be one of ${cancellationReasonTypes.join(', ')}`))
        .nullish(),
      cancellation_reason: z
        .string(orRequired('must be a string'))
        .max(CANCELLATION_REASON_MAX_LENGTH, {
          error: `must be at most ${CANCELLATION_REASON_MAX_LENGTH} characters`,
        })
        .nullish(),
    },
    orRequired('must be a JSON object'),
  )
  .superRefine((body, ctx) => {
    const text = body.cancellation_reason?.trim();
    const type = body.cancellation_reason_type ?? undefined;
    if (text && (type === undefined || !freeTextReasonTypes.has(type))) {
      ctx.addIssue({
        code: 'custom',
        path: ['cancellation_reason'],
        message: `is free text allowed only with cancellation_reason_type ${[...freeTextReasonTypes].join(' or ')}`,
      });
    }
  });

const rescheduleBody = z.object(
  { appointment_id: appointmentId, start_time: offsetDateTime },
  orRequired('must be a JSON object'),
);

const updateStatusBody = z.object(
  {
    appointment_id: appointmentId,
    appointment_status: z.enum(['arrived', 'no_show'], orRequired('must be arrived or no_show')),
  },
  orRequired('must be a JSON object'),
);

export async function appointmentRoutes(
  app: FastifyInstance,
  options: { store: SandboxStore; auth: BearerAuth },
) {
  const { store, auth } = options;
  const readScope = auth.requireScope(READ);
  const writeScope = auth.requireScope(WRITE);

  const bookingSchema = z.object(
    {
      appointment_type: z.literal('providers', orRequired('must be providers')),
      data: z.object(
        {
          start_time: z.string().refine((v) => parseOffsetDateTime(v) !== undefined, {
            error: 'must be an ISO-8601 date-time with the offset, e.g. 2026-11-23T09:00:00-05:00',
          }),
          visit_reason_id: z.string().trim().min(1, { error: 'must not be empty' }),
          provider_location_id: z.string().trim().min(1, { error: 'must not be empty' }),
          patient_type: z.enum(patientTypes, orRequired('must be new or existing')),
          notes: z
            .string()
            .max(NOTES_MAX_LENGTH, { error: `must be at most ${NOTES_MAX_LENGTH} characters` })
            .nullish(),
          patient: createPatientSchema(store.clock),
        },
        orRequired('must be an object'),
      ),
    },
    orRequired('must be a JSON object'),
  );

  // §5.12 create. 200 (not 201) with AppointmentResponse; status pending_booking.
  app.post('/appointments', { onRequest: writeScope }, async (request) => {
    const body = parseOr400(bookingSchema, request.body);
    const record = store.bookAppointment(body.data, auth.viewerOf(request));
    return dataEnvelope(request, toAppointmentResponseData(record));
  });

  // §5.13 list.
  app.get('/appointments', { onRequest: readScope }, async (request) => {
    const query = parseOr400(listQuerySchema, request.query);
    const page = query.page ?? 0;
    const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE;
    if ((page + 1) * pageSize > MAX_LISTABLE_RESULTS) {
      throw invalid(
        'page',
        `page ${page} with page_size ${pageSize} reaches past the first ${MAX_LISTABLE_RESULTS} results, ` +
          'which is not allowed; narrow the query with filters (e.g. a start_time_utc or last_modified_time_utc window)',
      );
    }
    const { totalCount, items } = store.pageAppointments(
      {
        offset: page * pageSize,
        limit: pageSize,
        statuses: query.statuses as (typeof appointmentStatuses)[number][] | undefined,
        developerPatientId: query.developer_patient_id,
        practiceIds: query.practice_ids,
        providerIds: query.provider_ids,
        locationIds: query.location_ids,
        startTimeUtcMin: query.start_time_utc_min,
        startTimeUtcMax: query.start_time_utc_max,
        createdTimeUtcMin: query.created_time_utc_min,
        createdTimeUtcMax: query.created_time_utc_max,
        lastModifiedTimeUtcMin: query.last_modified_time_utc_min,
        lastModifiedTimeUtcMax: query.last_modified_time_utc_max,
        sortBy: query.sort_by,
        sortDirection: query.sort_direction,
      },
      auth.viewerOf(request),
    );
    const next = page + 1;
    const hasNext =
      next * pageSize < totalCount && next <= MAX_PAGE && (next + 1) * pageSize <= MAX_LISTABLE_RESULTS;
    return pagedEnvelope(request, {
      page,
      pageSize,
      totalCount,
      nextUrl: hasNext ? pageUrl(request, next) : '',
      data: items,
    });
  });

  // §5.14 get one. Any unknown id (UUID or not) is a 404, and so is another user's booking.
  app.get<{ Params: { appointment_id: string } }>(
    '/appointments/:appointment_id',
    { onRequest: readScope },
    async (request) => {
      const record = store.requireAppointment(request.params.appointment_id, auth.viewerOf(request));
      return dataEnvelope(request, toAppointmentData(record));
    },
  );

  // §5.15 participants: the patient, its uploaded attachments (URLs under the same bearer
  // auth, see attachment-routes.ts), the provider and the location.
  app.get<{ Params: { appointment_id: string } }>(
    '/appointments/:appointment_id/participants',
    { onRequest: readScope },
    async (request) => {
      const id = request.params.appointment_id;
      const { record, attachments, bookedByAnotherPatient } = store.participants(id, auth.viewerOf(request));
      const base = `${requestOrigin(request)}/v1/appointments/${encodeURIComponent(id)}/attachments`;
      const data: ParticipantsData = {
        patient: {
          ...record.patient,
          uploaded_attachments: attachments.map((a) => ({
            attachment_type: a.attachment_type,
            attachment_url: `${base}/${a.attachment_id}`,
            side: a.side,
          })),
          is_booked_by_another_patient: bookedByAnotherPatient,
        },
        provider_id: record.provider_id,
        location_id: record.location_id,
      };
      return dataEnvelope(request, data);
    },
  );

  // §5.17 confirm: only from pending_booking (409 otherwise, via the state machine).
  app.post('/appointments/confirm', { onRequest: writeScope }, async (request) => {
    const body = parseOr400(appointmentIdBody, request.body);
    const record = store.applyOperation(body.appointment_id, 'confirm', auth.viewerOf(request));
    return dataEnvelope(request, toAppointmentBaseData(record));
  });

  // §5.16 cancel: 409 from cancelled / no_show (and after arrival).
  app.post('/appointments/cancel', { onRequest: writeScope }, async (request) => {
    const body = parseOr400(cancelBody, request.body);
    const record = store.cancelAppointment(
      body.appointment_id,
      {
        reasonType: body.cancellation_reason_type ?? undefined,
        reason: body.cancellation_reason ?? undefined,
      },
      auth.viewerOf(request),
    );
    return dataEnvelope(request, toAppointmentBaseData(record));
  });

  // §5.18 reschedule: time only, to an offered slot (400 otherwise); pending_reschedule.
  app.post('/appointments/reschedule', { onRequest: writeScope }, async (request) => {
    const body = parseOr400(rescheduleBody, request.body);
    const record = store.rescheduleAppointment(body.appointment_id, body.start_time, auth.viewerOf(request));
    return dataEnvelope(request, toAppointmentResponseData(record));
  });

  // §5.20 update-status: arrived | no_show (time windows and statuses in the state machine).
  app.put('/appointments/update-status', { onRequest: writeScope }, async (request) => {
    const body = parseOr400(updateStatusBody, request.body);
    const record = store.updateAppointmentStatus(
      body.appointment_id,
      body.appointment_status,
      auth.viewerOf(request),
    );
    return dataEnvelope(request, toAppointmentBaseData(record));
  });
}
