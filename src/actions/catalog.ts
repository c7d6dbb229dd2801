import type { ActionDefinition } from './action-definition.ts';
import type { OptionSource } from './option-sources.ts';
import { cancelAppointment } from './zocdoc/appointments/cancel-appointment.ts';
import { confirmAppointment } from './zocdoc/appointments/confirm-appointment.ts';
import { createAppointment } from './zocdoc/appointments/create-appointment.ts';
import { getAppointment } from './zocdoc/appointments/get-appointment.ts';
import { getAppointmentParticipants } from './zocdoc/appointments/get-appointment-participants.ts';
import { rescheduleAppointment } from './zocdoc/appointments/reschedule-appointment.ts';
import { searchAppointments } from './zocdoc/appointments/search-appointments.ts';
import { updateAppointmentStatus } from './zocdoc/appointments/update-appointment-status.ts';
import { uploadAppointmentAttachment } from './zocdoc/appointments/upload-appointment-attachment.ts';
import { zocdocOptionSources } from './zocdoc/zocdoc-option-sources.ts';

/** Every action apptflow can run, by key. Adding an action is adding it here. */
export const actions: readonly ActionDefinition[] = [
  createAppointment,
  getAppointment,
  searchAppointments,
  getAppointmentParticipants,
  cancelAppointment,
  confirmAppointment,
  rescheduleAppointment,
  uploadAppointmentAttachment,
  updateAppointmentStatus,
];

const byKey = new Map(actions.map((a) => [a.key, a]));

export function findAction(key: string): ActionDefinition | undefined {
  return byKey.get(key);
}

/** Where fields marked `x-options` get their choices. */
export const optionSources: readonly OptionSource[] = [...zocdocOptionSources];

export function findOptionSource(key: string): OptionSource | undefined {
  return optionSources.find((s) => s.key === key);
}
