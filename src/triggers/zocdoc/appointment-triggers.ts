import { z } from 'zod';
import { appointmentSchema } from '../../actions/zocdoc/zocdoc-schemas.ts';
import type { TriggerDefinition } from '../trigger-definition.ts';

export const appointmentCreated: TriggerDefinition = {
  key: 'zocdoc.appointment_created',
  connector: 'zocdoc',
  title: 'Appointment Created',
  description:
    'Fires once for each appointment first seen after the workflow was turned on. The payload is the appointment.',
  payload: appointmentSchema,
};

export const appointmentUpdated: TriggerDefinition = {
  key: 'zocdoc.appointment_updated',
  connector: 'zocdoc',
  title: 'Appointment Updated',
  description:
    'Fires once for each distinct change of an appointment’s meaningful fields (status, start time, visit reason, notes, …). ' +
    'A bump of last_modified_time_utc alone is not a change.',
  payload: appointmentSchema.extend({
    changed_fields: z.array(z.string()).describe('Which meaningful fields changed'),
    previous: z.record(z.string(), z.unknown()).describe('Those fields’ values before the change'),
  }),
};

export const appointmentStarted: TriggerDefinition = {
  key: 'zocdoc.appointment_started',
  connector: 'zocdoc',
  title: 'Appointment Started',
  description:
    'Fires once when an appointment’s start time arrives, unless it was cancelled or its booking failed. A reschedule ' +
    'gives a new start time and so a new event. Events found after downtime fire late, marked late: true.',
  payload: appointmentSchema.extend({
    started_at: z.string().describe('The start time as a UTC instant'),
    late: z.boolean().describe('True when the event fired well after the start time (the poller was down)'),
  }),
};
