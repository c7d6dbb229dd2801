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
import { getFacility } from './zocdoc/facilities/get-facility.ts';
import { searchFacilities } from './zocdoc/facilities/search-facilities.ts';
import { getInsurancePlan } from './zocdoc/insurances/get-insurance-plan.ts';
import { getInsurancePlans } from './zocdoc/insurances/get-insurance-plans.ts';
import { getProviderLocation } from './zocdoc/locations/get-provider-location.ts';
import { getProviderLocationInsuranceMappings } from './zocdoc/locations/get-provider-location-insurance-mappings.ts';
import { getProviderLocationsAvailability } from './zocdoc/locations/get-provider-locations-availability.ts';
import { searchProviderLocations } from './zocdoc/locations/search-provider-locations.ts';
import { updateProviderLocationInsuranceMappings } from './zocdoc/locations/update-provider-location-insurance-mappings.ts';
import { getActiveProviderNpis } from './zocdoc/providers/get-active-provider-npis.ts';
import { getProviderReviews } from './zocdoc/providers/get-provider-reviews.ts';
import { getProvidersByNpis } from './zocdoc/providers/get-providers-by-npis.ts';
import { searchSchedulableEntities } from './zocdoc/scheduling/search-schedulable-entities.ts';
import { getProviderTimeslots } from './zocdoc/timeslots/get-provider-timeslots.ts';
import { putProviderCalendarTimeslots } from './zocdoc/timeslots/put-provider-calendar-timeslots.ts';
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
  getProvidersByNpis,
  getProviderReviews,
  getActiveProviderNpis,
  getProviderTimeslots,
  putProviderCalendarTimeslots,
  searchFacilities,
  getFacility,
  searchProviderLocations,
  getProviderLocation,
  getProviderLocationsAvailability,
  getProviderLocationInsuranceMappings,
  updateProviderLocationInsuranceMappings,
  getInsurancePlans,
  getInsurancePlan,
  searchSchedulableEntities,
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
