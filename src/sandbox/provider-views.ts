import { firstAvailabilityDate } from './availability-summary.ts';
import type { BookingRequirements, Directory, Location, Provider, ProviderLocation } from './directory.ts';
import type { InsuranceMappingStore } from './insurance-mapping-store.ts';
import type { SandboxStore } from './sandbox-store.ts';
import { distanceMiles } from './zip-geography.ts';

/**
 * The API's views of providers and locations (§6): BaseProvider, BaseLocation,
 * ProviderLocation (search and by-id), and ProviderDetails with Location / VirtualLocation
 * (GET /v1/providers). Optional fields are present with null when empty, as elsewhere in
 * the sandbox. Availability dates and insurance acceptance are read live.
 */

export type AcceptsPatientInsurance = 'accepted' | 'not_accepted' | 'insurance_not_specified';

export interface BaseProvider {
  provider_id: string;
  npi: string;
  first_name: string;
  last_name: string;
  title: string;
  full_name: string;
  gender_identity: string;
  /** Specialty names, in `specialty_ids` order. */
  specialties: string[];
  specialty_ids: string[];
  default_visit_reason_id: string;
  visit_reason_ids: string[];
  statement: string;
  /** Protocol-relative, as the docs show (`//…`). */
  provider_photo_url: string;
  languages: string[];
  profile_url: string;
  credentials: { certifications: string[]; education: { institutions: string[] } };
}

export interface BaseLocation {
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string;
  zip_code: string | null;
  latitude: number | null;
  longitude: number | null;
  location_name: string;
  phone_number: string | null;
  phone_extension: string | null;
  time_zone: string;
}

export interface BaseVirtualLocation {
  state: string;
  location_name: string;
  time_zone: string;
}

/** §6 ProviderLocation: what search and GET by id return. */
export interface ProviderLocationView {
  provider_location_id: string;
  provider_location_type: 'in_person_provider' | 'virtual_provider';
  accepts_patient_insurance: AcceptsPatientInsurance;
  first_availability_date_in_provider_local_time: string | null;
  provider: BaseProvider;
  /** In person: the address (with `distance_to_patient_mi` in searches); virtual: null. */
  location: (BaseLocation & { distance_to_patient_mi?: number }) | null;
  /** Virtual: where the provider is licensed; in person: null. */
  virtual_location: BaseVirtualLocation | null;
  practice: { practice_id: string; practice_name: string };
  booking_requirements: BookingRequirements;
}

interface LocationCommon {
  provider_location_id: string;
  accepts_patient_insurance: AcceptsPatientInsurance;
  booking_requirements: BookingRequirements;
  first_availability_date_in_provider_local_time: string | null;
}

/** §6 Location (GET /v1/providers). Distance and nearest-match only with latitude/longitude. */
export type LocationView = LocationCommon &
  BaseLocation & { distance_to_patient_mi: number | null; is_nearest_match: boolean | null };
export type VirtualLocationView = LocationCommon & BaseVirtualLocation;

/** §5.5 ProviderDetails. */
export type ProviderDetails = BaseProvider & {
  locations: LocationView[];
  virtual_locations: VirtualLocationView[];
  practice: { practice_id: string; practice_name: string };
};

export interface ViewContext {
  store: SandboxStore;
  mappings: InsuranceMappingStore;
}

const slug = (value: string) =>
  value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export function fullName(provider: Provider): string {
  // "Dr." goes in front; post-nominal titles (PA-C, NP) go after the name.
  return provider.title.endsWith('.')
    ? `${provider.title} ${provider.first_name} ${provider.last_name}`
    : `${provider.first_name} ${provider.last_name}, ${provider.title}`;
}

export function baseProvider(directory: Directory, provider: Provider): BaseProvider {
  return {
    provider_id: provider.provider_id,
    npi: provider.npi,
    first_name: provider.first_name,
    last_name: provider.last_name,
    title: provider.title,
    full_name: fullName(provider),
    gender_identity: provider.gender_identity,
    specialties: provider.specialty_ids.map((id) => directory.specialty(id)?.name ?? id),
    specialty_ids: [...provider.specialty_ids],
    default_visit_reason_id: provider.default_visit_reason_id,
    visit_reason_ids: [...provider.visit_reason_ids],
    statement: provider.statement,
    provider_photo_url: `//images.example.com/zocdoc-sandbox/providers/${provider.provider_id}.jpg`,
    languages: [...provider.languages],
    profile_url: `https://www.zocdoc.com/doctor/${slug(`${provider.first_name} ${provider.last_name}`)}-${provider.npi}`,
    credentials: {
      certifications: [...provider.certifications],
      education: { institutions: [...provider.institutions] },
    },
  };
}

export function baseLocation(location: Location): BaseLocation {
  return {
    address1: location.address1,
    address2: location.address2,
    city: location.city,
    state: location.state,
    zip_code: location.zip_code,
    latitude: location.latitude,
    longitude: location.longitude,
    location_name: location.location_name,
    phone_number: location.phone_number,
    phone_extension: location.phone_extension,
    time_zone: location.time_zone,
  };
}

const baseVirtualLocation = (location: Location): BaseVirtualLocation => ({
  state: location.state,
  location_name: location.location_name,
  time_zone: location.time_zone,
});

/** Without a plan: `insurance_not_specified`; else whether the location's mappings hold it. */
export function acceptsInsurance(
  mappings: InsuranceMappingStore,
  pl: ProviderLocation,
  insurancePlanId: string | undefined,
): AcceptsPatientInsurance {
  if (insurancePlanId === undefined) return 'insurance_not_specified';
  return mappings.accepts(pl.provider_location_id, insurancePlanId) ? 'accepted' : 'not_accepted';
}

/** Distance from a point to an in-person location; undefined for virtual ones. */
export function distanceTo(pl: ProviderLocation, latitude: number, longitude: number): number | undefined {
  const { latitude: lat, longitude: lon } = pl.location;
  if (pl.location.virtual || lat === null || lon === null) return undefined;
  return distanceMiles(latitude, longitude, lat, lon);
}

export function providerLocationView(
  ctx: ViewContext,
  pl: ProviderLocation,
  options: { insurancePlanId?: string | undefined; distance?: number | undefined } = {},
): ProviderLocationView {
  const virtual = pl.location.virtual;
  return {
    provider_location_id: pl.provider_location_id,
    provider_location_type: virtual ? 'virtual_provider' : 'in_person_provider',
    accepts_patient_insurance: acceptsInsurance(ctx.mappings, pl, options.insurancePlanId),
    first_availability_date_in_provider_local_time: firstAvailabilityDate(ctx.store, pl),
    provider: baseProvider(ctx.store.directory, pl.provider),
    location: virtual
      ? null
      : {
          ...baseLocation(pl.location),
          ...(options.distance === undefined ? {} : { distance_to_patient_mi: options.distance }),
        },
    virtual_location: virtual ? baseVirtualLocation(pl.location) : null,
    practice: { practice_id: pl.practice.practice_id, practice_name: pl.practice.practice_name },
    booking_requirements: structuredClone(pl.booking_requirements),
  };
}

export function providerDetails(
  ctx: ViewContext,
  provider: Provider,
  options: {
    insurancePlanId?: string | undefined;
    point?: { latitude: number; longitude: number } | undefined;
  },
): ProviderDetails {
  const pls = ctx.store.directory.providerLocationsOf(provider.provider_id);
  const common = (pl: ProviderLocation): LocationCommon => ({
    provider_location_id: pl.provider_location_id,
    accepts_patient_insurance: acceptsInsurance(ctx.mappings, pl, options.insurancePlanId),
    booking_requirements: structuredClone(pl.booking_requirements),
    first_availability_date_in_provider_local_time: firstAvailabilityDate(ctx.store, pl),
  });
  const inPerson = pls.filter((pl) => !pl.location.virtual);
  const point = options.point;
  const distances = inPerson.map((pl) =>
    point ? distanceTo(pl, point.latitude, point.longitude) : undefined,
  );
  const nearest = point ? Math.min(...distances.map((d) => d ?? Number.POSITIVE_INFINITY)) : undefined;
  const practice = ctx.store.directory.practice(provider.practice_id)!;
  return {
    ...baseProvider(ctx.store.directory, provider),
    locations: inPerson.map((pl, i) => ({
      ...common(pl),
      ...baseLocation(pl.location),
      distance_to_patient_mi: distances[i] ?? null,
      is_nearest_match: nearest === undefined ? null : distances[i] === nearest,
    })),
    virtual_locations: pls
      .filter((pl) => pl.location.virtual)
      .map((pl) => ({ ...common(pl), ...baseVirtualLocation(pl.location) })),
    practice: { practice_id: practice.practice_id, practice_name: practice.practice_name },
  };
}
