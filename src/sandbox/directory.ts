import { parseWallTime } from './local-time.ts';

/**
 * The simulated provider directory: practices, providers, locations, the provider
 * locations that join them, specialties, visit reasons, weekly schedules and booking
 * requirements. Read-only once built: appointments live in the store; calendar timeslots,
 * insurance mappings and feed changes live in their own modules (timeslot-store.ts,
 * insurance-mapping-store.ts, schedulable-entities.ts).
 */

export type PatientType = 'new' | 'existing';
export const patientTypes = ['new', 'existing'] as const satisfies readonly PatientType[];

export interface Practice {
  practice_id: string;
  practice_name: string;
  /** What a booking's `confirmation_type` says for this practice (§9). */
  confirmation_type: 'auto' | 'manual' | 'pending_evaluation';
}

export type CareCategory = 'health' | 'dental' | 'vision';

export interface Specialty {
  specialty_id: string;
  name: string;
  /** §5.6: a search by specialty alone uses the specialty's default visit reason. */
  default_visit_reason_id: string;
  /** Which insurance plans (§5.3 care_categories) a provider of this specialty can take. */
  care_category: CareCategory;
}

export interface VisitReason {
  visit_reason_id: string;
  name: string;
  specialty_id: string;
  /** Slot length by patient type (§5.8: "visit reason + patient type determine slot length"). */
  duration_minutes: Record<PatientType, number>;
}

export interface Provider {
  provider_id: string;
  npi: string;
  first_name: string;
  last_name: string;
  title: string;
  gender_identity: string;
  practice_id: string;
  specialty_ids: string[];
  default_visit_reason_id: string;
  visit_reason_ids: string[];
  languages: string[];
  /** Profile text (§6 BaseProvider `statement`). */
  statement: string;
  /** §6 `credentials.certifications` and `credentials.education.institutions`. */
  certifications: string[];
  institutions: string[];
  /** Review summary (§5.22); when absent, derived deterministically from the provider id. */
  reviews?: ReviewSeed | undefined;
}

export interface ReviewSeed {
  total_reviews: number;
  /** 1–5, one decimal; null when there are no reviews. */
  average_overall_rating: number | null;
  average_bedside_rating: number | null;
  average_wait_time_rating: number | null;
}

export interface Location {
  location_id: string;
  location_name: string;
  /** Virtual (video) location: no street address; bookings get a waiting-room path. */
  virtual: boolean;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string;
  zip_code: string | null;
  latitude: number | null;
  longitude: number | null;
  phone_number: string | null;
  phone_extension: string | null;
  time_zone: string;
}

/** One weekly opening: ISO weekdays (1 = Monday … 7 = Sunday), local `HH:MM` to `HH:MM`. */
export interface ScheduleBlock {
  weekdays: number[];
  start: string;
  end: string;
}

/** §9 BookingRequestInsuranceSource. */
export type InsuranceSource = 'in_network' | 'out_of_network' | 'self_pay';
export const insuranceSources = [
  'in_network',
  'out_of_network',
  'self_pay',
] as const satisfies readonly InsuranceSource[];

/**
 * §6 BookingRequirements: what a booking at this provider location must carry. The booking
 * route enforces it; the directory endpoints show it. `required_fields` are dotted paths
 * of the booking body, e.g. `data.patient.insurance.insurance_member_id`.
 */
export interface BookingRequirements {
  required_fields: string[];
  accepts_booking_requests_from: InsuranceSource[];
}

/** What a provider location without special rules takes: anyone, nothing extra required. */
export const OPEN_BOOKING_REQUIREMENTS: BookingRequirements = {
  required_fields: [],
  accepts_booking_requests_from: ['in_network', 'out_of_network', 'self_pay'],
};

export interface ProviderLocationSeed {
  provider_id: string;
  location_id: string;
  schedule: ScheduleBlock[];
  accepts_new_patients: boolean;
  /** Seen by a supervised professional (§8 `is_provider_resource`). */
  is_provider_resource: boolean;
  /** Default OPEN_BOOKING_REQUIREMENTS. */
  booking_requirements?: BookingRequirements | undefined;
  /**
   * One of Zocdoc's documented sandbox test provider locations (§12): searchable and
   * bookable like any other, but left out of `Directory.providerLocations` (the admin
   * listing, bulk data, the demo driver) because their bookings behave specially.
   */
  magic?: boolean | undefined;
}

export interface DirectorySeed {
  practices: Practice[];
  specialties: Specialty[];
  visitReasons: VisitReason[];
  providers: Provider[];
  locations: Location[];
  providerLocations: ProviderLocationSeed[];
}

export interface ResolvedScheduleBlock {
  weekdays: ReadonlySet<number>;
  startMinute: number;
  endMinute: number;
}

/** A provider location with everything it refers to resolved. */
export interface ProviderLocation {
  provider_location_id: string;
  provider: Provider;
  location: Location;
  practice: Practice;
  schedule: ScheduleBlock[];
  blocks: ResolvedScheduleBlock[];
  accepts_new_patients: boolean;
  is_provider_resource: boolean;
  booking_requirements: BookingRequirements;
  /** A §12 test provider location (see ProviderLocationSeed.magic). */
  magic: boolean;
}

/** What the admin surface and `store.listProviderLocations()` show of a provider location. */
export interface ProviderLocationSummary {
  provider_location_id: string;
  provider_location_type: 'in_person_provider' | 'virtual_provider';
  provider_id: string;
  location_id: string;
  practice_id: string;
  practice_name: string;
  npi: string;
  provider_name: string;
  location_name: string;
  time_zone: string;
  accepts_new_patients: boolean;
  booking_requirements: BookingRequirements;
  default_visit_reason_id: string;
  visit_reasons: Array<{
    visit_reason_id: string;
    name: string;
    duration_minutes: Record<PatientType, number>;
  }>;
  schedule: ScheduleBlock[];
}

export interface Directory {
  /** The ordinary provider locations (without the §12 test ones), in seed order. */
  readonly providerLocations: readonly ProviderLocation[];
  /** Every provider location, the §12 test ones included, in seed order. */
  readonly allProviderLocations: readonly ProviderLocation[];
  readonly providers: readonly Provider[];
  readonly specialties: readonly Specialty[];
  providerLocation(id: string): ProviderLocation | undefined;
  /** A provider's provider locations (all of them), in seed order. */
  providerLocationsOf(providerId: string): readonly ProviderLocation[];
  /** Providers carrying this NPI (normally one). */
  providersByNpi(npi: string): readonly Provider[];
  visitReason(id: string): VisitReason | undefined;
  specialty(id: string): Specialty | undefined;
  provider(id: string): Provider | undefined;
  practice(id: string): Practice | undefined;
  location(id: string): Location | undefined;
  summarise(providerLocation: ProviderLocation): ProviderLocationSummary;
}

export const providerLocationId = (providerId: string, locationId: string) => `${providerId}|${locationId}`;

export function buildDirectory(seed: DirectorySeed): Directory {
  const byId = <T, K extends keyof T>(items: T[], key: K) => new Map(items.map((item) => [item[key], item]));
  const practices = byId(seed.practices, 'practice_id') as Map<string, Practice>;
  const visitReasons = byId(seed.visitReasons, 'visit_reason_id') as Map<string, VisitReason>;
  const providers = byId(seed.providers, 'provider_id') as Map<string, Provider>;
  const locations = byId(seed.locations, 'location_id') as Map<string, Location>;
  const specialties = byId(seed.specialties, 'specialty_id') as Map<string, Specialty>;
  for (const specialty of seed.specialties) {
    if (visitReasons.get(specialty.default_visit_reason_id)?.specialty_id !== specialty.specialty_id) {
      throw new Error(
        `Seed: specialty ${specialty.specialty_id} has a default visit reason of another specialty`,
      );
    }
  }

  const resolved = seed.providerLocations.map((pl): ProviderLocation => {
    const provider = providers.get(pl.provider_id);
    const location = locations.get(pl.location_id);
    const practice = provider && practices.get(provider.practice_id);
    if (!provider || !location || !practice) {
      throw new Error(`Seed: provider location ${pl.provider_id}|${pl.location_id} refers to unknown ids`);
    }
    for (const id of provider.visit_reason_ids) {
      if (!visitReasons.has(id)) throw new Error(`Seed: unknown visit reason ${id}`);
    }
    for (const id of provider.specialty_ids) {
      if (!specialties.has(id)) throw new Error(`Seed: unknown specialty ${id}`);
    }
    return {
      provider_location_id: providerLocationId(pl.provider_id, pl.location_id),
      provider,
      location,
      practice,
      schedule: pl.schedule,
      blocks: pl.schedule.map((block) => ({
        weekdays: new Set(block.weekdays),
        startMinute: parseWallTime(block.start),
        endMinute: parseWallTime(block.end),
      })),
      accepts_new_patients: pl.accepts_new_patients,
      is_provider_resource: pl.is_provider_resource,
      booking_requirements: structuredClone(pl.booking_requirements ?? OPEN_BOOKING_REQUIREMENTS),
      magic: pl.magic ?? false,
    };
  });
  const providerLocations = new Map(resolved.map((pl) => [pl.provider_location_id, pl]));
  const byProvider = new Map<string, ProviderLocation[]>();
  for (const pl of resolved) {
    const list = byProvider.get(pl.provider.provider_id) ?? [];
    list.push(pl);
    byProvider.set(pl.provider.provider_id, list);
  }
  const byNpi = new Map<string, Provider[]>();
  for (const provider of seed.providers) {
    byNpi.set(provider.npi, [...(byNpi.get(provider.npi) ?? []), provider]);
  }

  return {
    providerLocations: resolved.filter((pl) => !pl.magic),
    allProviderLocations: resolved,
    providers: seed.providers,
    specialties: seed.specialties,
    providerLocation: (id) => providerLocations.get(id),
    providerLocationsOf: (providerId) => byProvider.get(providerId) ?? [],
    providersByNpi: (npi) => byNpi.get(npi) ?? [],
    visitReason: (id) => visitReasons.get(id),
    specialty: (id) => specialties.get(id),
    provider: (id) => providers.get(id),
    practice: (id) => practices.get(id),
    location: (id) => locations.get(id),
    summarise: (pl) => ({
      provider_location_id: pl.provider_location_id,
      provider_location_type: pl.location.virtual ? 'virtual_provider' : 'in_person_provider',
      provider_id: pl.provider.provider_id,
      location_id: pl.location.location_id,
      practice_id: pl.practice.practice_id,
      practice_name: pl.practice.practice_name,
      npi: pl.provider.npi,
      provider_name: `${pl.provider.title} ${pl.provider.first_name} ${pl.provider.last_name}`,
      location_name: pl.location.location_name,
      time_zone: pl.location.time_zone,
      accepts_new_patients: pl.accepts_new_patients,
      booking_requirements: structuredClone(pl.booking_requirements),
      default_visit_reason_id: pl.provider.default_visit_reason_id,
      visit_reasons: pl.provider.visit_reason_ids.map((id) => {
        const reason = visitReasons.get(id)!;
        return { visit_reason_id: id, name: reason.name, duration_minutes: { ...reason.duration_minutes } };
      }),
      schedule: pl.schedule.map((block) => ({ ...block, weekdays: [...block.weekdays] })),
    }),
  };
}
