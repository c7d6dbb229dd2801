import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { appointmentBaseSchema, appointmentIdSchema } from '../zocdoc-schemas.ts';

export const confirmAppointment = defineAction({
  key: 'zocdoc.confirm_appointment',
  connector: 'zocdoc',
  title: 'Confirm Appointment',
  description:
    'Confirms a booking that is pending_booking. Any other status is a conflict (HTTP 409) and is reported as such.',
  group: 'Appointments',
  input: z.strictObject({ appointment_id: appointmentIdSchema }),
  output: appointmentBaseSchema,
  // Confirming twice cannot confirm twice: the second call is a 409 conflict, never a duplicate.
  idempotent: true,
  request: (input) => ({
    method: 'POST',
    path: '/v1/appointments/confirm',
    body: { appointment_id: input.appointment_id },
  }),
});
