import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { appointmentBaseSchema, appointmentIdSchema } from '../zocdoc-schemas.ts';

const reasonTypes = [
  'patient_no_longer_needs_appointment',
  'patient_no_longer_available',
  'other_patient_reason',
  'missing_needed_patient_information',
  'payment_or_insurance_issue',
  'patient_or_visit_type_not_accepted',
  'provider_not_available',
  'rescheduling_patient',
  'other_provider_reason',
] as const;
const freeTextTypes = new Set<string>(['other_patient_reason', 'other_provider_reason']);

export const cancelAppointment = defineAction({
  key: 'zocdoc.cancel_appointment',
  connector: 'zocdoc',
  title: 'Cancel Appointment',
  description:
    'Cancels an appointment, optionally with a reason. Cancelling one that is already cancelled or a no-show is a conflict.',
  group: 'Appointments',
  input: z
    .strictObject({
      appointment_id: appointmentIdSchema,
      cancellation_reason_type: z.enum(reasonTypes).optional().describe('Why it is cancelled'),
      cancellation_reason: z
        .string()
        .min(1)
        .optional()
        .describe('Free text; only with other_patient_reason or other_provider_reason'),
    })
    .refine(
      (input) => !input.cancellation_reason || freeTextTypes.has(input.cancellation_reason_type ?? ''),
      {
        path: ['cancellation_reason'],
        message:
          'free text is accepted only with cancellation_reason_type other_patient_reason or other_provider_reason',
      },
    ),
  output: appointmentBaseSchema,
  // A repeated cancel cannot cancel twice: it answers 409, never a second effect.
  idempotent: true,
  request: (input) => ({ method: 'POST', path: '/v1/appointments/cancel', body: input }),
});
