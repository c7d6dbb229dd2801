import type { AppointmentEntry, ConfirmationType } from './appointment-model.ts';
import type { AppointmentStatus } from './appointment-state-machine.ts';
import type { PatientType, ProviderLocation, VisitReason } from './directory.ts';
import { formatUtc, formatWithOffset, MINUTE_MS, offsetMinutesAt } from './local-time.ts';
import type { Patient } from './patient-validation.ts';

/** Where a booking came from (§8 `source`); the sandbox's own choice of labels. */
export const SOURCE_PARTNER_API = 'Your website';
export const SOURCE_MARKETPLACE = 'Zocdoc Marketplace';

export interface NewAppointment {
  appointmentId: string;
  status: AppointmentStatus;
  providerLocation: ProviderLocation;
  visitReason: VisitReason;
  patientType: PatientType;
  startMs: number;
  /** The provider zone's offset at startMs, when the caller already knows it. */
  offsetMinutes?: number;
  durationMinutes: number;
  createdMs: number;
  modifiedMs?: number;
  patient: Patient;
  notes?: string | null;
  source: string;
  confirmationType?: ConfirmationType;
  cancellationReason?: string | null;
  occupiesSlot: boolean;
}

/** A video waiting-room path for bookings at virtual locations (the sandbox's own format). */
export const waitingRoomPath = (appointmentId: string) => `/video-visit/waiting-room/${appointmentId}`;

/** Formats a start instant the way the API shows it: local wall time with the provider's offset. */
export function localStartTime(pl: ProviderLocation, startMs: number, offsetMinutes?: number): string {
  return formatWithOffset(startMs, offsetMinutes ?? offsetMinutesAt(pl.location.time_zone, startMs));
}

export function buildEntry(input: NewAppointment): AppointmentEntry {
  const pl = input.providerLocation;
  const modifiedMs = input.modifiedMs ?? input.createdMs;
  return {
    record: {
      appointment_id: input.appointmentId,
      appointment_status: input.status,
      developer_patient_id: input.patient.developer_patient_id ?? null,
      is_provider_resource: pl.is_provider_resource,
      location_phone_number: pl.location.phone_number,
      location_phone_extension: pl.location.phone_extension,
      waiting_room_path: pl.location.virtual ? waitingRoomPath(input.appointmentId) : null,
      confirmation_type: input.confirmationType ?? pl.practice.confirmation_type,
      start_time: localStartTime(pl, input.startMs, input.offsetMinutes),
      created_time_utc: formatUtc(input.createdMs),
      last_modified_time_utc: formatUtc(modifiedMs),
      provider_location_id: pl.provider_location_id,
      practice_id: pl.practice.practice_id,
      visit_reason_id: input.visitReason.visit_reason_id,
      visit_type: pl.location.virtual ? 'zocdoc_video_service' : 'in_person',
      patient_type: input.patientType,
      notes: input.notes ?? null,
      cancellation_reason: input.cancellationReason ?? null,
      source: input.source,
      patient: input.patient,
      provider_id: pl.provider.provider_id,
      location_id: pl.location.location_id,
      duration_minutes: input.durationMinutes,
    },
    startMs: input.startMs,
    endMs: input.startMs + input.durationMinutes * MINUTE_MS,
    createdMs: input.createdMs,
    modifiedMs,
    occupiesSlot: input.occupiesSlot,
  };
}
