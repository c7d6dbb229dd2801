import { createFacilityDirectory, type FacilityDirectory } from './facilities.ts';
import { createInsuranceMappingStore, type InsuranceMappingStore } from './insurance-mapping-store.ts';
import { insurancePlanSeed } from './insurance-plan-seed.ts';
import { createInsurancePlanCatalog, type InsurancePlanCatalog } from './insurance-plans.ts';
import type { SandboxStore } from './sandbox-store.ts';
import { createSchedulableEntityRegistry, type SchedulableEntityRegistry } from './schedulable-entities.ts';
import { facilitySeed, schedulableEntityHistory } from './seed-data.ts';
import type { TimeslotStore } from './timeslot-store.ts';

/**
 * The state and read models behind the directory endpoints, built once per sandbox next to
 * the appointment store: the insurance-plan catalog, insurance mappings (with their
 * asynchronous updates), the schedulable-entity feed's history, facilities and the calendar
 * timeslots. The calendar is created first (the store's availability reads it) and handed in.
 */

/** §5.9: mapping updates are asynchronous; this is how long one takes by default. */
export const DEFAULT_INSURANCE_MAPPING_DELAY_MS = 2000;

export interface DirectoryServices {
  catalog: InsurancePlanCatalog;
  mappings: InsuranceMappingStore;
  entities: SchedulableEntityRegistry;
  facilities: FacilityDirectory;
  calendar: TimeslotStore;
  /** Back to the seed: calendar cleared, mappings and feed history re-seeded from the clock's now. */
  reset(): void;
}

export function createDirectoryServices(options: {
  clock: () => Date;
  store: SandboxStore;
  calendar: TimeslotStore;
  insuranceMappingDelayMs?: number | undefined;
}): DirectoryServices {
  const { clock, store, calendar } = options;
  const directory = store.directory;
  const catalog = createInsurancePlanCatalog(insurancePlanSeed);
  const entities = createSchedulableEntityRegistry({ clock, directory, history: schedulableEntityHistory });
  const mappings = createInsuranceMappingStore({
    clock,
    directory,
    catalog,
    delayMs: options.insuranceMappingDelayMs ?? DEFAULT_INSURANCE_MAPPING_DELAY_MS,
    // Accepted insurance is part of a provider's profile: the feed reports it as an update.
    onApplied: (id, atMs) => entities.record(id, 'profile_updated', atMs),
  });
  const facilities = createFacilityDirectory({ directory, mappings, seed: facilitySeed });
  return {
    catalog,
    mappings,
    entities,
    facilities,
    calendar,
    reset() {
      calendar.reset();
      mappings.reset();
      entities.reset();
    },
  };
}
