import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { appointmentBaseSchema, appointmentIdSchema } from '../zocdoc-schemas.ts';

export const updateAppointmentStatus = defineAction({
  key: 'zocdoc.update_appointment_status',
  connector: 'zocdoc',
  title: 'Update Appointment Status',
  description:
    'Marks a patient as arrived or as a no-show. no_show is accepted only after the start time and at most 2 days later.',
  group: 'Appointments',
  input: z.strictObject({
    appointment_id: appointmentIdSchema,
    appointment_status: z.enum(['arrived', 'no_show']).describe('arrived or no_show'),
  }),
  output: appointmentBaseSchema,
  // Setting the same status again leaves the same state.
  idempotent: true,
  request: (input) => ({ method: 'PUT', path: '/v1/appointments/update-status', body: input }),
});
