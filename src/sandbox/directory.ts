import { parseWallTime } from './local-time.ts';

/**
 * The simulated provider directory: practices, providers, locations, the provider
 * locations that join them, visit reasons and weekly schedules. Read-only once built;
 * appointments live in the store.
 */

export type PatientType = 'new' | 'existing';
export const patientTypes = ['new', 'existing'] as const satisfies readonly PatientType[];

export interface Practice {
  practice_id: string;
  practice_name: string;
  /** What a booking's `confirmation_type` says for this practice (§9). */
  confirmation_type: 'auto' | 'manual' | 'pending_evaluation';
}

export interface Specialty {
  specialty_id: string;
  name: string;
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

export interface ProviderLocationSeed {
  provider_id: string;
  location_id: string;
  schedule: ScheduleBlock[];
  accepts_new_patients: boolean;
  /** Seen by a supervised professional (§8 `is_provider_resource`). */
  is_provider_resource: boolean;
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
  default_visit_reason_id: string;
  visit_reasons: Array<{
    visit_reason_id: string;
    name: string;
    duration_minutes: Record<PatientType, number>;
  }>;
  schedule: ScheduleBlock[];
}

export interface Directory {
  readonly providerLocations: readonly ProviderLocation[];
  providerLocation(id: string): ProviderLocation | undefined;
  visitReason(id: string): VisitReason | undefined;
  provider(id: string): Provider | undefined;
  practice(id: string): Practice | undefined;
  summarise(providerLocation: ProviderLocation): ProviderLocationSummary;
}

export const providerLocationId = (providerId: string, locationId: string) => `${providerId}|${locationId}`;

export function buildDirectory(seed: DirectorySeed): Directory {
  const byId = <T, K extends keyof T>(items: T[], key: K) => new Map(items.map((item) => [item[key], item]));
  const practices = byId(seed.practices, 'practice_id') as Map<string, Practice>;
  const visitReasons = byId(seed.visitReasons, 'visit_reason_id') as Map<string, VisitReason>;
  const providers = byId(seed.providers, 'provider_id') as Map<string, Provider>;
  const locations = byId(seed.locations, 'location_id') as Map<string, Location>;

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
    };
  });
  const providerLocations = new Map(resolved.map((pl) => [pl.provider_location_id, pl]));

  return {
    providerLocations: resolved,
    providerLocation: (id) => providerLocations.get(id),
    visitReason: (id) => visitReasons.get(id),
    provider: (id) => providers.get(id),
    practice: (id) => practices.get(id),
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
      default_visit_reason_id: pl.provider.default_visit_reason_id,
      visit_reasons: pl.provider.visit_reason_ids.map((id) => {
        const reason = visitReasons.get(id)!;
        return { visit_reason_id: id, name: reason.name, duration_minutes: { ...reason.duration_minutes } };
      }),
      schedule: pl.schedule.map((block) => ({ ...block, weekdays: [...block.weekdays] })),
    }),
  };
}
