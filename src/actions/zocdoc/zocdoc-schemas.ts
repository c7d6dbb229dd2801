import { z } from 'zod';

/** Zocdoc shapes shared by several actions and triggers (../shared/zocdoc-api.md §8, §9). */

export const appointmentStatusSchema = z.enum([
  'pending_booking',
  'confirmed',
  'booking_failed',
  'cancelled',
  'no_show',
  'pending_reschedule',
  'rescheduled',
  'reschedule_failed',
]);

export const appointmentIdSchema = z.uuid().describe('Zocdoc appointment id (a UUID)');

/** AppointmentStatusResponseData. Loose: Zocdoc adds optional fields over time. */
export const appointmentSchema = z.looseObject({
  appointment_id: z.string().describe('Appointment id'),
  appointment_status: appointmentStatusSchema.describe('Current status'),
  developer_patient_id: z.string().nullish().describe("The partner's own patient id, if given at booking"),
  is_provider_resource: z.boolean().describe('Seen by a supervised professional'),
  location_phone_number: z.string().nullish().describe('Phone number of the location'),
  location_phone_extension: z.string().nullish().describe('Phone extension of the location'),
  waiting_room_path: z.string().nullish().describe('Zocdoc video waiting-room link'),
  confirmation_type: z.string().describe('auto, manual or pending_evaluation'),
  start_time: z.string().describe('Start, ISO-8601 with the provider’s local offset'),
  created_time_utc: z.string().nullish().describe('When it was booked (UTC)'),
  last_modified_time_utc: z.string().nullish().describe('Last change (UTC)'),
  provider_location_id: z.string().describe('pr_…|lo_… of the booked provider location'),
  practice_id: z.string().nullish().describe('Practice id (pt_…)'),
  visit_reason_id: z.string().describe('Visit reason id (pc_…)'),
  visit_type: z.string().nullish().describe('in_person, zocdoc_video_service or third_party_video_service'),
  patient_type: z.string().nullish().describe('new or existing'),
  notes: z.string().nullish().describe('Notes given at booking'),
  cancellation_reason: z.string().nullish().describe('Why it was cancelled, if it was'),
  source: z.string().nullish().describe('Booking channel, e.g. Zocdoc Marketplace'),
});

/** AppointmentBaseResponse data (cancel, confirm, update-status). */
export const appointmentBaseSchema = z.looseObject({
  appointment_id: z.string().describe('Appointment id'),
  appointment_status: appointmentStatusSchema.describe('Status after the operation'),
  developer_patient_id: z.string().nullish().describe("The partner's own patient id, if any"),
});

/** AppointmentResponse data (create, reschedule). */
export const appointmentResponseSchema = z.looseObject({
  appointment_id: z.string().describe('Appointment id'),
  appointment_status: appointmentStatusSchema.describe('Status; a new booking is usually pending_booking'),
  developer_patient_id: z.string().nullish().describe("The partner's own patient id, if given"),
  is_provider_resource: z.boolean().describe('Seen by a supervised professional'),
  location_phone_number: z.string().nullish().describe('Phone number of the location'),
  location_phone_extension: z.string().nullish().describe('Phone extension of the location'),
  waiting_room_path: z.string().nullish().describe('Zocdoc video waiting-room link'),
  confirmation_type: z.string().describe('auto, manual or pending_evaluation'),
  visit_type: z.string().describe('in_person, zocdoc_video_service or third_party_video_service'),
  notes: z.string().nullish().describe('Notes given at booking'),
});

export type ZocdocAppointment = z.infer<typeof appointmentSchema>;
