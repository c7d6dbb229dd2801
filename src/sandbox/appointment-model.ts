import type { AppointmentStatus } from './appointment-state-machine.ts';
import type { PatientType } from './directory.ts';
import type { Patient } from './patient-validation.ts';

/** Appointment shapes: the stored record and the API's views of it (zocdoc-api.md §5.12, §8). */

export type VisitType = 'in_person' | 'zocdoc_video_service' | 'third_party_video_service';
export type ConfirmationType = 'auto' | 'manual' | 'pending_evaluation';

/** AppointmentStatusResponseData (§8): what GET /v1/appointments[/{id}] returns. No patient. */
export interface AppointmentData {
  appointment_id: string;
  appointment_status: AppointmentStatus;
  developer_patient_id: string | null;
  is_provider_resource: boolean;
  location_phone_number: string | null;
  location_phone_extension: string | null;
  waiting_room_path: string | null;
  confirmation_type: ConfirmationType;
  /** ISO-8601 with the provider's local offset, e.g. 2026-11-23T09:00:00-05:00. */
  start_time: string;
  created_time_utc: string;
  last_modified_time_utc: string;
  provider_location_id: string;
  practice_id: string;
  visit_reason_id: string;
  visit_type: VisitType;
  patient_type: PatientType;
  notes: string | null;
  cancellation_reason: string | null;
  source: string | null;
}

/** The full stored record, as the admin surface and `store.getAppointment()` show it. */
export interface AppointmentRecord extends AppointmentData {
  patient: Patient;
  provider_id: string;
  location_id: string;
  duration_minutes: number;
}

/**
 * The store's internal entry: the record plus the numbers that filters, sorting and slot
 * checks use, so no request parses a timestamp string. Never handed out; copies are.
 */
export interface AppointmentEntry {
  record: AppointmentRecord;
  startMs: number;
  /** startMs + duration: the interval [startMs, endMs) the appointment takes. */
  endMs: number;
  createdMs: number;
  modifiedMs: number;
  /**
   * Whether it takes its provider's time slot (when its status holds one). Bulk-generated
   * load-test appointments do not, so a benchmark never exhausts availability.
   */
  occupiesSlot: boolean;
  /** The client whose token booked it through the API (undefined: practice-side, seed, bulk). */
  ownerClientId?: string | undefined;
  /** The signed-in user who booked it (authorization-code tokens); drives visibility. */
  ownerUserId?: string | undefined;
  /** Whether the patient's email differs from the booking user's (participants' flag). */
  bookedByAnotherPatient?: boolean;
  /** When update-status `arrived` was recorded (the status itself does not change, §14). */
  arrivedMs?: number | undefined;
  /** A server-driven outcome waiting for its time (§10), decided when it was scheduled. */
  pendingOutcome?: PendingOutcome | undefined;
  /** The start before a reschedule request, restored if the reschedule fails. */
  startBeforeRescheduleMs?: number | undefined;
  /** Pinned by a magic provider location (§12): no automatic outcome for its booking. */
  statusPinned?: boolean;
}

/** A pending_booking or pending_reschedule waiting to be settled by "Zocdoc". */
export interface PendingOutcome {
  kind: 'booking' | 'reschedule';
  dueMs: number;
  succeeds: boolean;
}

/** AppointmentResponse data (§5.12): the answer to a booking. */
export interface AppointmentResponseData {
  appointment_id: string;
  appointment_status: AppointmentStatus;
  developer_patient_id: string | null;
  is_provider_resource: boolean;
  location_phone_number: string | null;
  location_phone_extension: string | null;
  waiting_room_path: string | null;
  confirmation_type: ConfirmationType;
  visit_type: VisitType;
  notes: string | null;
}

/** Participants data (§5.15): the patient with attachments, the provider and the location. */
export interface ParticipantsData {
  patient: Patient & {
    uploaded_attachments: Array<{
      attachment_type: string;
      attachment_url: string;
      side: 'front' | 'back' | null;
    }>;
    is_booked_by_another_patient: boolean;
  };
  provider_id: string;
  location_id: string;
}

/** AppointmentBaseResponse data (§5.16, §5.17): the answer to cancel / confirm / update-status. */
export interface AppointmentBaseData {
  appointment_id: string;
  appointment_status: AppointmentStatus;
  developer_patient_id: string | null;
}

/** A deep copy of a record (much faster than structuredClone on large lists). */
export function copyRecord(r: AppointmentRecord): AppointmentRecord {
  const p = r.patient;
  return {
    ...r,
    patient: {
      ...p,
      patient_address: { ...p.patient_address },
      insurance: p.insurance ? { ...p.insurance } : p.insurance,
      gender: p.gender ? [...p.gender] : p.gender,
    },
  };
}

export function toAppointmentData(r: AppointmentRecord): AppointmentData {
  return {
    appointment_id: r.appointment_id,
    appointment_status: r.appointment_status,
    developer_patient_id: r.developer_patient_id,
    is_provider_resource: r.is_provider_resource,
    location_phone_number: r.location_phone_number,
    location_phone_extension: r.location_phone_extension,
    waiting_room_path: r.waiting_room_path,
    confirmation_type: r.confirmation_type,
    start_time: r.start_time,
    created_time_utc: r.created_time_utc,
    last_modified_time_utc: r.last_modified_time_utc,
    provider_location_id: r.provider_location_id,
    practice_id: r.practice_id,
    visit_reason_id: r.visit_reason_id,
    visit_type: r.visit_type,
    patient_type: r.patient_type,
    notes: r.notes,
    cancellation_reason: r.cancellation_reason,
    source: r.source,
  };
}

export function toAppointmentResponseData(r: AppointmentRecord): AppointmentResponseData {
  return {
    appointment_id: r.appointment_id,
    appointment_status: r.appointment_status,
    developer_patient_id: r.developer_patient_id,
    is_provider_resource: r.is_provider_resource,
    location_phone_number: r.location_phone_number,
    location_phone_extension: r.location_phone_extension,
    waiting_room_path: r.waiting_room_path,
    confirmation_type: r.confirmation_type,
    visit_type: r.visit_type,
    notes: r.notes,
  };
}

export function toAppointmentBaseData(r: AppointmentRecord): AppointmentBaseData {
  return {
    appointment_id: r.appointment_id,
    appointment_status: r.appointment_status,
    developer_patient_id: r.developer_patient_id,
  };
}
