import { createHash } from 'node:crypto';

/**
 * The fields whose change makes an "appointment updated" event. Timestamps that move on
 * every touch (last_modified_time_utc) are left out on purpose: a bump alone is no change.
 * New optional fields Zocdoc adds later do not count until they are listed here.
 */
export const meaningfulAppointmentFields = [
  'appointment_status',
  'start_time',
  'visit_reason_id',
  'provider_location_id',
  'practice_id',
  'visit_type',
  'patient_type',
  'confirmation_type',
  'notes',
  'cancellation_reason',
  'developer_patient_id',
  'is_provider_resource',
  'location_phone_number',
  'location_phone_extension',
  'waiting_room_path',
] as const;

type AppointmentRecord = Record<string, unknown>;

/** A short stable hash of the meaningful fields, compared in SQL to find changed rows. */
export function appointmentFingerprint(appointment: AppointmentRecord): string {
  const values = meaningfulAppointmentFields.map((field) => appointment[field] ?? null);
  return createHash('sha1').update(JSON.stringify(values)).digest('base64url');
}

export function changedAppointmentFields(before: AppointmentRecord, after: AppointmentRecord): string[] {
  return meaningfulAppointmentFields.filter(
    (field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null),
  );
}
