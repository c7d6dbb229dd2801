import type { BookingRequirements, Directory, ProviderLocation } from './directory.ts';
import type { InsuranceMappingStore } from './insurance-mapping-store.ts';
import { type BaseLocation, baseLocation, distanceTo } from './provider-views.ts';
import type { facilitySeed } from './seed-data.ts';
import type { ZipPlace } from './zip-geography.ts';

/**
 * Facilities (§5.10, v1-beta): clinics and hospitals, each bookable through one schedule,
 * which is a provider location of the directory. Read-only; the search filters on the
 * facility's NPI, distance from a zip code, building type, visit reason and (through the
 * schedule's insurance mappings) insurance plan.
 */

export const buildingTypes = ['clinic', 'hospital'] as const;
export type BuildingType = (typeof buildingTypes)[number];

/** §5.10 Facility. */
export interface Facility {
  facility_id: string;
  name: string;
  npi: string;
  building_type: BuildingType;
  specialties: string[];
  languages: string[];
  visit_reason_ids: string[];
  default_visit_reason_id: string;
  /** With `distance_to_patient_mi` in a zip-code search. */
  location: BaseLocation & { distance_to_patient_mi?: number };
  schedule: { schedule_id: string; provider_location_id: string; booking_requirements: BookingRequirements };
  practice: { practice_id: string; practice_name: string };
}

interface FacilityRecord {
  seed: (typeof facilitySeed)[number];
  pl: ProviderLocation;
}

export interface FacilitySearch {
  npis?: readonly string[] | undefined;
  /** Where the patient is; with `maxDistanceMi`. */
  place?: ZipPlace | undefined;
  maxDistanceMi: number;
  buildingType?: BuildingType | undefined;
  visitReasonId?: string | undefined;
  insurancePlanId?: string | undefined;
}

export interface FacilityDirectory {
  get(id: string): Facility | undefined;
  /** Matches, nearest first in a zip search, else in `npis` order then by name. */
  search(query: FacilitySearch): Facility[];
}

export function createFacilityDirectory(options: {
  directory: Directory;
  mappings: InsuranceMappingStore;
  seed: typeof facilitySeed;
}): FacilityDirectory {
  const { directory } = options;
  const records: FacilityRecord[] = options.seed.map((seed) => {
    const pl = directory.providerLocation(seed.provider_location_id);
    if (!pl)
      throw new Error(`Seed: facility ${seed.facility_id} refers to unknown ${seed.provider_location_id}`);
    return { seed, pl };
  });
  const byId = new Map(records.map((r) => [r.seed.facility_id, r]));

  const view = ({ seed, pl }: FacilityRecord, distance?: number): Facility => ({
    facility_id: seed.facility_id,
    name: seed.name,
    npi: seed.npi,
    building_type: seed.building_type,
    specialties: pl.provider.specialty_ids.map((id) => directory.specialty(id)?.name ?? id),
    languages: [...pl.provider.languages],
    visit_reason_ids: [...pl.provider.visit_reason_ids],
    default_visit_reason_id: pl.provider.default_visit_reason_id,
    location: {
      ...baseLocation(pl.location),
      ...(distance === undefined ? {} : { distance_to_patient_mi: distance }),
    },
    schedule: {
      schedule_id: seed.schedule_id,
      provider_location_id: pl.provider_location_id,
      booking_requirements: structuredClone(pl.booking_requirements),
    },
    practice: { practice_id: pl.practice.practice_id, practice_name: pl.practice.practice_name },
  });

  return {
    get(id) {
      const record = byId.get(id);
      return record && view(record);
    },
    search(query) {
      const place = query.place;
      const matches: Array<{ record: FacilityRecord; distance?: number | undefined }> = [];
      for (const record of records) {
        const { seed, pl } = record;
        if (query.npis && !query.npis.includes(seed.npi)) continue;
        if (query.buildingType && seed.building_type !== query.buildingType) continue;
        if (query.visitReasonId && !pl.provider.visit_reason_ids.includes(query.visitReasonId)) continue;
        if (
          query.insurancePlanId &&
          !options.mappings.accepts(pl.provider_location_id, query.insurancePlanId)
        ) {
          continue;
        }
        let distance: number | undefined;
        if (place) {
          if (place.latitude === null || place.longitude === null) continue;
          distance = distanceTo(pl, place.latitude, place.longitude);
          if (distance === undefined || distance > query.maxDistanceMi) continue;
        }
        matches.push({ record, distance });
      }
      const npiRank = (npi: string) => query.npis?.indexOf(npi) ?? 0;
      matches.sort(
        (a, b) =>
          (a.distance ?? 0) - (b.distance ?? 0) ||
          npiRank(a.record.seed.npi) - npiRank(b.record.seed.npi) ||
          a.record.seed.name.localeCompare(b.record.seed.name, 'en'),
      );
      return matches.map((m) => view(m.record, m.distance));
    },
  };
}
