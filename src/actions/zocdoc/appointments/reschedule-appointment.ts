import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { appointmentIdSchema, appointmentResponseSchema } from '../zocdoc-schemas.ts';

export const rescheduleAppointment = defineAction({
  key: 'zocdoc.reschedule_appointment',
  connector: 'zocdoc',
  title: 'Reschedule Appointment',
  description:
    'Moves an appointment to another offered start time (the time only). Allowed while pending_booking, confirmed, ' +
    'pending_reschedule or rescheduled.',
  group: 'Appointments',
  input: z.strictObject({
    appointment_id: appointmentIdSchema,
    start_time: z.iso
      .datetime({ offset: true })
      .describe('New start time exactly as availability returned it, with the provider’s offset'),
  }),
  output: appointmentResponseSchema,
  // Sending the same move twice asks for the same end state; it cannot book a second slot.
  idempotent: true,
  request: (input) => ({ method: 'POST', path: '/v1/appointments/reschedule', body: input }),
});
