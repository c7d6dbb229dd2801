import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { appointmentStatuses } from './appointment-state-machine.ts';
import { attachmentMeta, uploadedAttachmentTypes } from './attachment-store.ts';
import { patientTypes } from './directory.ts';
import { dataEnvelope } from './envelopes.ts';
import type { FaultInjector } from './fault-injection.ts';
import { parseOffsetDateTime } from './local-time.ts';
import { operatorRoutes } from './operator-routes.ts';
import { createPatientSchema, type Patient } from './patient-validation.ts';
import { orRequired, parseOr400 } from './request-validation.ts';
import type { SandboxClock } from './sandbox-clock.ts';
import { notFound } from './sandbox-errors.ts';
import type { SandboxStore } from './sandbox-store.ts';
import type { SandboxUser } from './sandbox-users.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';

/**
 * The sandbox's own admin surface under /_sandbox/: what a practice (or Zocdoc) does on its
 * side (appointments, attachments: here), plus the operator controls (clock, lifecycle,
 * webhooks, faults: operator-routes.ts). Not part of the Zocdoc API and not protected by
 * its OAuth: the sandbox listens on 127.0.0.1 by default and must not be exposed. Bodies
 * are validated strictly (unknown fields are errors, to catch typos); errors are
 * ErrorResults. Practice-side changes are announced by webhook (§11).
 */

export interface AdminRouteOptions {
  store: SandboxStore;
  clock: SandboxClock;
  webhooks: WebhookDispatcher;
  faults: FaultInjector;
  users: readonly SandboxUser[];
  /** Every OAuth client id (machine and public), for webhook registration. */
  clientIds: readonly string[];
}

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

/** Practice-side attachment: any file, base64 in JSON (the admin surface takes JSON only). */
const practiceAttachmentSchema = z.strictObject({
  attachment_type: z.enum(
    uploadedAttachmentTypes,
    orRequired(`must be one of ${uploadedAttachmentTypes.join(', ')}`),
  ),
  side: z.enum(['front', 'back'], orRequired('must be front or back')).nullish(),
  file_name: nonEmpty.optional(),
  content_base64: z.base64({ error: 'must be base64' }).min(1, { error: 'must not be empty' }),
});

const withoutUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

export async function adminRoutes(app: FastifyInstance, options: AdminRouteOptions) {
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

  // Attachments as the practice sees them: metadata, the bytes, and practice-side uploads.
  app.get<{ Params: { id: string } }>('/appointments/:id/attachments', async (request) => {
    if (!store.getAppointment(request.params.id)) {
      throw notFound('appointment_id', `Appointment ${request.params.id} was not found`);
    }
    return dataEnvelope(request, store.participants(request.params.id).attachments.map(attachmentMeta));
  });

  app.get<{ Params: { id: string; attachment_id: string } }>(
    '/appointments/:id/attachments/:attachment_id',
    async (request, reply) => {
      const attachment = store.getAttachment(request.params.id, request.params.attachment_id);
      if (!attachment) {
        throw notFound('attachment_id', `Attachment ${request.params.attachment_id} was not found`);
      }
      return reply
        .header('content-type', attachment.content_type)
        .header('content-length', attachment.bytes.length)
        .send(attachment.bytes);
    },
  );

  app.post<{ Params: { id: string } }>('/appointments/:id/attachments', async (request, reply) => {
    const body = parseOr400(practiceAttachmentSchema, request.body);
    const stored = store.addPracticeAttachment(request.params.id, {
      attachmentType: body.attachment_type,
      side: body.side,
      fileName: body.file_name,
      bytes: Buffer.from(body.content_base64, 'base64'),
    });
    return reply.code(201).send(dataEnvelope(request, attachmentMeta(stored)));
  });

  // Everything back to the start: the clock offset first (the seed is placed relative to
  // the clock), then the appointments, attachments and lifecycle settings, then webhook
  // registrations and their log, then faults. Issued tokens survive.
  app.post('/reset', async (request) => {
    options.clock.reset();
    store.reset();
    options.webhooks.reset();
    options.faults.reset();
    return dataEnvelope(request, { appointments: store.count() });
  });

  // Not `options` itself: fastify put this plugin's prefix in it, which would apply twice.
  const { clock, webhooks, faults, users, clientIds } = options;
  await app.register(operatorRoutes, { store, clock, webhooks, faults, users, clientIds });
}
