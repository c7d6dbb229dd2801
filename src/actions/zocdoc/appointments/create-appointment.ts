import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { patientTypeField, providerLocationIdField, visitReasonIdField } from '../zocdoc-fields.ts';
import { appointmentResponseSchema } from '../zocdoc-schemas.ts';
import { patientSchema } from './patient-schema.ts';

export const createAppointment = defineAction({
  key: 'zocdoc.create_appointment',
  connector: 'zocdoc',
  title: 'Create Appointment',
  description:
    'Books an appointment in an offered timeslot. A success does not mean confirmed: check appointment_status ' +
    '(usually pending_booking). Not retried after an ambiguous failure, so a booking is never made twice.',
  group: 'Appointments',
  input: z.strictObject({
    start_time: z.iso
      .datetime({ offset: true })
      .describe('Start time exactly as availability returned it, with the provider’s offset'),
    visit_reason_id: visitReasonIdField,
    provider_location_id: providerLocationIdField,
    patient_type: patientTypeField,
    notes: z.string().max(100).optional().describe('Notes for the provider, at most 100 characters'),
    patient: patientSchema.describe('The patient'),
  }),
  output: appointmentResponseSchema,
  idempotent: false,
  request: (input) => ({
    method: 'POST',
    path: '/v1/appointments',
    body: { appointment_type: 'providers', data: input },
  }),
});
