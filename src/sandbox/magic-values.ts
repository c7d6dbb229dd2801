/**
 * Zocdoc's documented sandbox test values (zocdoc-api.md §12) for the directory, insurance,
 * facility and provider endpoints, in one place, so a route names the value instead of
 * repeating a literal. Provider locations that must exist (searchable, bookable) are seeded
 * in seed-data.ts from `magicProviderLocationNames`; the ones that stand for failures are
 * not in the directory at all and are checked here by the routes.
 */

/** `pr_<name>|lo_<name>` for a test provider location's short name. */
export const magicProviderLocationId = (name: string) => `pr_${name}|lo_${name}`;

/** Provider location ids whose every read answers 500 (a simulated Zocdoc fault). */
export const ERROR_PROVIDER_LOCATION_ID = magicProviderLocationId('error');
/** Documented as 404; it is simply not in the directory. */
export const MISSING_PROVIDER_LOCATION_ID = magicProviderLocationId('missing');

/** Bookings at these get the named status (the booking route applies it). */
export const bookingStatusProviderLocations = {
  pending: 'pending_booking',
  confirmed: 'confirmed',
  bookingfailed: 'booking_failed',
  cancelled: 'cancelled',
  noshow: 'no_show',
  pendingreschedule: 'pending_reschedule',
  rescheduled: 'rescheduled',
  reschedulefailed: 'reschedule_failed',
} as const;

export const INSURANCE_ID_REQUIRED = 'insuranceIdIsRequired';
export const SELF_PAY_NOT_ACCEPTED = 'selfPayNotAccepted';
export const ACCEPTS_IN_NETWORK_ONLY = 'acceptsInNetworkOnly';
/** (sic) Zocdoc's spelling. Seeded with an empty schedule. */
export const NO_AVAILABILITY = 'no_availbility';
/** Insurance mappings: none / every eligible plan (both answer 202 to updates). */
export const NO_ACCEPTED_INSURANCE = 'noAcceptedInsurancePla';
export const ALL_INSURANCE_ACCEPTED = 'allInsurancePlansAccep';
/** Insurance mappings held at practice / provider level: 409 on the mapping endpoints. */
export const MAPPING_LEVEL_PRACTICE = 'ip_mapping_level_prac';
export const MAPPING_LEVEL_PROVIDER = 'ip_mapping_level_prov';

/** Every test provider location that exists in the seeded directory, by short name. */
export const magicProviderLocationNames: readonly string[] = [
  ...Object.keys(bookingStatusProviderLocations),
  INSURANCE_ID_REQUIRED,
  SELF_PAY_NOT_ACCEPTED,
  ACCEPTS_IN_NETWORK_ONLY,
  NO_AVAILABILITY,
  NO_ACCEPTED_INSURANCE,
  ALL_INSURANCE_ACCEPTED,
  MAPPING_LEVEL_PRACTICE,
  MAPPING_LEVEL_PROVIDER,
];

export const MAPPING_LEVEL_CONFLICTS: ReadonlyMap<string, string> = new Map([
  [magicProviderLocationId(MAPPING_LEVEL_PRACTICE), 'practice'],
  [magicProviderLocationId(MAPPING_LEVEL_PROVIDER), 'provider'],
]);

/** `insurance_plan_id` that searches refuse with 400 (and GET by id answers 404: it does not exist). */
export const INVALID_INSURANCE_PLAN_ID = 'ip_0';
/** GET /v1/insurance_plans?state=AK answers an empty list. */
export const EMPTY_PLAN_STATE = 'AK';

/** Search zip codes (provider locations and facilities). */
export const ERROR_ZIP_CODE = '10112';
export const EMPTY_ZIP_CODE = '99734';
/** Documented as "results with booking requirements": the test provider locations sit here. */
export const BOOKING_REQUIREMENTS_ZIP_CODE = '11201';

/** GET /v1/providers `npis`. */
export const ERROR_NPI = 'npi_error';
export const MISSING_NPI = 'npi_missing';
export const MULTIPLE_PROVIDERS_NPI = 'npi_multipleproviders';
export const MULTIPLE_LOCATIONS_NPI = 'npi_multiplelocations';
export const ALL_VIRTUAL_NPI = 'npi_allvirtual';
export const HAS_VIRTUAL_NPI = 'npi_hasvirtual';
export const INSURANCE_ID_REQUIRED_NPI = 'npi_insuranceIdRequired';

/** GET /v1-beta/facilities `npis`: one facility / several facilities (seeded). */
export const ONE_FACILITY_NPI = '2988113970';
export const SEVERAL_FACILITIES_NPI = '5884143085';
/** GET /v1-beta/facilities/{id}: 404 (not seeded) / 500. */
export const MISSING_FACILITY_ID = '45a305f4-00df-43e6-89a9-17c315c22bcd';
export const ERROR_FACILITY_ID = '1d399a6a-283b-4991-89dd-a01ed9960a76';
