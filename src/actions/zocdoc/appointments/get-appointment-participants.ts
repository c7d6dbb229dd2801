import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { appointmentIdSchema } from '../zocdoc-schemas.ts';

const attachmentSchema = z.looseObject({
  attachment_type: z.string().describe('What the document is, e.g. insurance_card_medical, id_card'),
  attachment_url: z.string().describe('Where to download it (same authentication as the API)'),
  side: z.string().nullish().describe('front or back, for cards'),
});

export const getAppointmentParticipants = defineAction({
  key: 'zocdoc.get_appointment_participants',
  connector: 'zocdoc',
  title: 'Get Appointment Participants',
  description:
    'Reads who the appointment is for and with: the patient (with uploaded documents), provider and location.',
  group: 'Appointments',
  input: z.strictObject({ appointment_id: appointmentIdSchema }),
  output: z.looseObject({
    patient: z
      .looseObject({
        first_name: z.string().nullish().describe('First name'),
        last_name: z.string().nullish().describe('Last name'),
        date_of_birth: z.string().nullish().describe('Date of birth'),
        sex_at_birth: z.string().nullish().describe('Sex at birth'),
        phone_number: z.string().nullish().describe('Phone number'),
        email_address: z.string().nullish().describe('Email address'),
        patient_address: z.record(z.string(), z.unknown()).nullish().describe('Home address'),
        insurance: z.record(z.string(), z.unknown()).nullish().describe('Insurance given at booking'),
        developer_patient_id: z.string().nullish().describe('Your own patient id'),
        uploaded_attachments: z.array(attachmentSchema).describe('Documents uploaded for the appointment'),
        is_booked_by_another_patient: z.boolean().describe('Booked by someone else on the patient’s behalf'),
      })
      .describe('The patient'),
    provider_id: z.string().describe('Provider id (pr_…)'),
    location_id: z.string().describe('Location id (lo_…)'),
  }),
  idempotent: true,
  request: (input) => ({
    method: 'GET',
    path: `/v1/appointments/${encodeURIComponent(input.appointment_id)}/participants`,
  }),
});
