import type { AppointmentStatus } from './appointment-state-machine.ts';
import type { InsuranceSource, ProviderLocation } from './directory.ts';
import { bookingStatusProviderLocations, magicProviderLocationId } from './magic-values.ts';
import type { Patient } from './patient-validation.ts';
import type { ErrorDetail } from './sandbox-errors.ts';

/**
 * Booking-time rules beyond the slot (zocdoc-api.md §5.12, §6 BookingRequirements, §12):
 * a provider location's `booking_requirements` (required fields, accepted insurance
 * sources) and the magic provider locations whose bookings take a fixed status.
 */

/** `pr_confirmed|lo_confirmed` → confirmed, …: "booking returns that status" (§12). */
export const magicBookingStatuses: ReadonlyMap<string, AppointmentStatus> = new Map(
  Object.entries(bookingStatusProviderLocations).map(([name, status]) => [
    magicProviderLocationId(name),
    status as AppointmentStatus,
  ]),
);

/** The status a booking at this provider location gets at once, when it is a §12 test location. */
export function magicBookingStatus(providerLocationId: string): AppointmentStatus | undefined {
  return magicBookingStatuses.get(providerLocationId);
}

/** The part of a booking that `required_fields` paths point into. */
export interface BookingForRules {
  start_time: string;
  visit_reason_id: string;
  provider_location_id: string;
  patient_type: string;
  notes?: string | null | undefined;
  patient: Patient;
}

const valueAt = (root: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => {
    if (node === null || typeof node !== 'object') return undefined;
    return (node as Record<string, unknown>)[key];
  }, root);

const present = (value: unknown) =>
  value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');

/**
 * Where the booking's payment comes from: self-pay when `is_self_pay`; otherwise in or out
 * of network by the plan; undefined when the patient gives no insurance at all (not a
 * source any location refuses: a location that needs insurance lists its fields as
 * required instead).
 */
export function insuranceSource(
  patient: Patient,
  isInNetwork: (planId: string) => boolean,
): InsuranceSource | undefined {
  const insurance = patient.insurance;
  if (insurance?.is_self_pay) return 'self_pay';
  if (insurance?.insurance_plan_id) {
    return isInNetwork(insurance.insurance_plan_id) ? 'in_network' : 'out_of_network';
  }
  return undefined;
}

const sourceNames: Readonly<Record<InsuranceSource, string>> = {
  in_network: 'in-network insurance',
  out_of_network: 'out-of-network insurance',
  self_pay: 'self-pay',
};

/**
 * Every way the booking falls short of the provider location's requirements, as 400
 * details: each missing required field (named by its path, which is also the error's
 * field), then an insurance source the location does not accept.
 */
export function bookingRequirementErrors(
  pl: ProviderLocation,
  booking: BookingForRules,
  isInNetwork: (planId: string) => boolean,
): ErrorDetail[] {
  const requirements = pl.booking_requirements;
  const errors: ErrorDetail[] = [];
  const body = { data: booking };
  for (const field of requirements.required_fields) {
    if (!present(valueAt(body, field))) {
      errors.push({
        field,
        message: `${field} is required for bookings at provider location ${pl.provider_location_id}`,
      });
    }
  }
  const source = insuranceSource(booking.patient, isInNetwork);
  if (source !== undefined && !requirements.accepts_booking_requests_from.includes(source)) {
    const field =
      source === 'self_pay'
        ? 'data.patient.insurance.is_self_pay'
        : 'data.patient.insurance.insurance_plan_id';
    const accepted = requirements.accepts_booking_requests_from.map((s) => sourceNames[s]);
    errors.push({
      field,
      message:
        `Provider location ${pl.provider_location_id} does not accept ${sourceNames[source]} bookings` +
        (source === 'out_of_network'
          ? ` (plan ${booking.patient.insurance?.insurance_plan_id} is out of network)`
          : '') +
        `; it accepts ${accepted.length > 0 ? accepted.join(', ') : 'no booking requests'}`,
    });
  }
  return errors;
}
