import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { appointmentStatuses } from './appointment-state-machine.ts';
import { patientTypes } from './directory.ts';
import { dataEnvelope } from './envelopes.ts';
import { parseOffsetDateTime } from './local-time.ts';
import { createPatientSchema, type Patient } from './patient-validation.ts';
import { orRequired, parseOr400 } from './request-validation.ts';
import { notFound } from './sandbox-errors.ts';
import type { SandboxStore } from './sandbox-store.ts';

/**
 * The sandbox's own admin surface under /_sandbox/: what a practice (or Zocdoc) does on its
 * side, plus test controls. Not part of the Zocdoc API and not protected by its OAuth: the
 * sandbox listens on 127.0.0.1 by default and must not be exposed. Bodies are validated
 * strictly (unknown fields are errors, to catch typos); errors are ErrorResults.
 */

export const MAX_BULK_COUNT = 200_000;

const startTime = z.string().refine((v) => parseOffsetDateTime(v) !== undefined, {
  error: 'must be an ISO-8601 date-time with an offset, e.g. 2026-11-23T09:00:00-05:00',
});
const status = z.enum(appointmentStatuses, orRequired(`must be one of ${appointmentStatuses.join(', ')}`));
const notes = z.string().max(100, { error: 'must be at most 100 characters' }).nullable();
const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });

const patchSchema = z
  .strictObject({
    appointment_status: status.optional(),
    start_time: startTime.optional(),
    notes: notes.optional(),
    visit_reason_id: nonEmpty.optional(),
    cancellation_reason: z.string().nullable().optional(),
  })
  .optional();

const bulkSchema = z.strictObject({
  count: z
    .number(orRequired('must be a number'))
    .int({ error: 'must be an integer' })
    .min(1, { error: 'must be at least 1' })
    .max(MAX_BULK_COUNT, { error: `must be at most ${MAX_BULK_COUNT}` }),
});

const withoutUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

export async function adminRoutes(app: FastifyInstance, options: { store: SandboxStore }) {
  const { store } = options;

  const createSchema = z
    .strictObject({
      provider_location_id: nonEmpty.optional(),
      visit_reason_id: nonEmpty.optional(),
      patient_type: z.enum(patientTypes, orRequired('must be new or existing')).optional(),
      start_time: startTime.optional(),
      appointment_status: status.optional(),
      patient: createPatientSchema(store.clock).partial().optional(),
      notes: notes.optional(),
      source: nonEmpty.optional(),
      confirmation_type: z
        .enum(
          ['auto', 'manual', 'pending_evaluation'],
          orRequired('must be auto, manual or pending_evaluation'),
        )
        .optional(),
      cancellation_reason: z.string().nullable().optional(),
    })
    .optional();

  app.get('/provider-locations', async (request) => dataEnvelope(request, store.listProviderLocations()));

  app.post('/appointments', async (request, reply) => {
    const body = parseOr400(createSchema, request.body) ?? {};
    const record = store.createAppointment({
      ...body,
      patient: body.patient ? (withoutUndefined(body.patient) as Partial<Patient>) : undefined,
    });
    return reply.code(201).send(dataEnvelope(request, record));
  });

  app.get<{ Params: { id: string } }>('/appointments/:id', async (request) => {
    const record = store.getAppointment(request.params.id);
    if (!record) throw notFound('appointment_id', `Appointment ${request.params.id} was not found`);
    return dataEnvelope(request, record);
  });

  app.patch<{ Params: { id: string } }>('/appointments/:id', async (request) => {
    const patch = parseOr400(patchSchema, request.body) ?? {};
    return dataEnvelope(request, store.updateAppointment(request.params.id, patch));
  });

  app.post('/appointments/bulk', async (request) => {
    const body = parseOr400(bulkSchema, request.body);
    return dataEnvelope(request, store.bulkCreateAppointments(body.count));
  });

  app.post('/reset', async (request) => {
    store.reset();
    return dataEnvelope(request, { appointments: store.count() });
  });
}
