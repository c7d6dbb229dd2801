import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { appointmentIdSchema, appointmentSchema } from '../zocdoc-schemas.ts';

export const getAppointment = defineAction({
  key: 'zocdoc.get_appointment',
  connector: 'zocdoc',
  title: 'Get Appointment',
  description: 'Reads one appointment by id: status, start time, location, visit reason and notes.',
  group: 'Appointments',
  input: z.strictObject({ appointment_id: appointmentIdSchema }),
  output: appointmentSchema,
  idempotent: true,
  request: (input) => ({
    method: 'GET',
    path: `/v1/appointments/${encodeURIComponent(input.appointment_id)}`,
  }),
});
