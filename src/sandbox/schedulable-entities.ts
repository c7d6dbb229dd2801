import { firstAvailable, slotsInNextDays } from './availability-summary.ts';
import type { Directory, PatientType, ProviderLocation } from './directory.ts';
import { DAY_MS, formatUtc } from './local-time.ts';
import { notFound } from './sandbox-errors.ts';
import type { SandboxStore } from './sandbox-store.ts';
import type { schedulableEntityHistory } from './seed-data.ts';
import { byCodeUnits } from './stable-hash.ts';

/**
 * The schedulable-entity feed (§5.2): every provider location as an entity with its
 * go-live and profile timestamps, and the adds, removals and profile updates of the last
 * 72 hours by the injected clock. Profile updates come from applied insurance-mapping
 * changes and from the admin surface; adds and removals from the seed and the admin
 * surface. A removal only takes the entity out of this feed (the directory is read-only:
 * search, availability and booking still see it).
 */

export const RECENT_WINDOW_MS = 72 * 60 * 60 * 1000;
/** §5.2: "limited" means fewer than 20 slots in the next 28 days. */
export const OUTLOOK_DAYS = 28;
export const LIMITED_BELOW_SLOTS = 20;

const HOUR_MS = 60 * 60 * 1000;

export type AvailabilityOutlook = 'none' | 'limited' | 'available';

export interface PatientAvailability {
  next_available_utc: string | null;
  next_28_days: AvailabilityOutlook;
  /** A ready-to-call availability GET for the default visit reason and this patient type. */
  url: string;
}

/** §5.2 SchedulableEntity (with 1.177's main specialty). */
export interface SchedulableEntity {
  id: string;
  npi: string;
  type: 'provider_location';
  go_live_timestamp_utc: string;
  profile_last_modified_timestamp_utc: string;
  new_patient_availability: PatientAvailability;
  existing_patient_availability: PatientAvailability;
  time_zone: string;
  main_specialty_id: string | null;
  main_specialty_name: string | null;
}

export interface RecentChangeSummary {
  schedulable_entities_added: string[];
  schedulable_entities_removed: string[];
  schedulable_entities_profile_updated: string[];
}

export type EntityEvent = 'added' | 'removed' | 'profile_updated';
export const entityEvents = ['added', 'removed', 'profile_updated'] as const satisfies readonly EntityEvent[];

export interface SchedulableEntityRegistry {
  /** Live entities (not removed), by id. */
  live(): ProviderLocation[];
  isLive(id: string): boolean;
  goLiveMs(id: string): number;
  profileModifiedMs(id: string): number;
  /** What changed in the 72 hours up to now; each list sorted. */
  recentChanges(): RecentChangeSummary;
  /** Ids added or profile-updated in the last 72 hours (the `recent_changes_72hrs` filter). */
  isRecentlyChanged(id: string): boolean;
  /** Records an event now (`profile_updated` may give its own instant). Throws 404 unknown ids. */
  record(id: string, event: EntityEvent, atMs?: number): void;
  reset(): void;
}

export function createSchedulableEntityRegistry(options: {
  clock: () => Date;
  directory: Directory;
  history: typeof schedulableEntityHistory;
}): SchedulableEntityRegistry {
  const { directory } = options;
  const goLive = new Map<string, number>();
  const profileModified = new Map<string, number>();
  const removed = new Map<string, number>();
  const now = () => options.clock().getTime();

  const seed = () => {
    const at = now();
    goLive.clear();
    profileModified.clear();
    removed.clear();
    directory.allProviderLocations.forEach((pl, i) => {
      // Months ago, staggered, whole seconds: a feed that has existed for a while.
      const live = Math.floor((at - (180 + 7 * i) * DAY_MS) / 1000) * 1000;
      goLive.set(pl.provider_location_id, live);
      profileModified.set(pl.provider_location_id, live + ((i * 11) % 60) * DAY_MS);
    });
    for (const { provider_location_id: id, hours_ago } of options.history.added) {
      goLive.set(id, at - hours_ago * HOUR_MS);
      profileModified.set(id, at - hours_ago * HOUR_MS);
    }
    for (const { provider_location_id: id, hours_ago } of options.history.profile_updated) {
      profileModified.set(id, at - hours_ago * HOUR_MS);
    }
    for (const { provider_location_id: id, hours_ago } of options.history.removed) {
      removed.set(id, at - hours_ago * HOUR_MS);
    }
  };
  seed();

  const recent = (ms: number | undefined) => ms !== undefined && ms > now() - RECENT_WINDOW_MS && ms <= now();
  const isLive = (id: string) => goLive.has(id) && !removed.has(id);
  const wasAdded = (id: string) => isLive(id) && recent(goLive.get(id));
  const wasProfileUpdated = (id: string) => isLive(id) && !wasAdded(id) && recent(profileModified.get(id));

  return {
    live: () =>
      directory.allProviderLocations
        .filter((pl) => isLive(pl.provider_location_id))
        .sort((a, b) => byCodeUnits(a.provider_location_id, b.provider_location_id)),
    isLive,
    goLiveMs: (id) => goLive.get(id) ?? 0,
    profileModifiedMs: (id) => profileModified.get(id) ?? 0,
    recentChanges() {
      const ids = [...goLive.keys()].sort();
      return {
        schedulable_entities_added: ids.filter(wasAdded),
        schedulable_entities_removed: [...removed.entries()]
          .filter(([, ms]) => recent(ms))
          .map(([id]) => id)
          .sort(),
        schedulable_entities_profile_updated: ids.filter(wasProfileUpdated),
      };
    },
    isRecentlyChanged: (id) => wasAdded(id) || wasProfileUpdated(id),
    record(id, event, atMs) {
      // A retired entity (removed, no longer in the directory) can only be seen going away.
      if (!directory.providerLocation(id)) {
        throw notFound('provider_location_id', `Provider location ${id} is not in the directory`);
      }
      const at = atMs ?? now();
      if (event === 'removed') {
        removed.set(id, at);
      } else if (event === 'added') {
        removed.delete(id);
        goLive.set(id, at);
        profileModified.set(id, at);
      } else {
        profileModified.set(id, Math.max(at, profileModified.get(id) ?? 0));
      }
    },
    reset: seed,
  };
}

/** The feed entry of a provider location, its availability taken from the store right now. */
export function schedulableEntityView(
  store: SandboxStore,
  registry: SchedulableEntityRegistry,
  pl: ProviderLocation,
  origin: string,
): SchedulableEntity {
  const reasonId = pl.provider.default_visit_reason_id;
  const specialty = store.directory.specialty(pl.provider.specialty_ids[0] ?? '');
  const outlook = (patientType: PatientType): PatientAvailability => {
    const url =
      `${origin}/v1/provider_locations/availability?` +
      new URLSearchParams({
        provider_location_ids: pl.provider_location_id,
        visit_reason_id: reasonId,
        patient_type: patientType,
      }).toString();
    const count = slotsInNextDays(store, pl, reasonId, patientType, OUTLOOK_DAYS).length;
    const next = firstAvailable(store, pl, reasonId, patientType);
    return {
      next_available_utc: next ? formatUtc(Date.parse(next.start_time)) : null,
      next_28_days: count === 0 ? 'none' : count < LIMITED_BELOW_SLOTS ? 'limited' : 'available',
      url,
    };
  };
  return {
    id: pl.provider_location_id,
    npi: pl.provider.npi,
    type: 'provider_location',
    go_live_timestamp_utc: formatUtc(registry.goLiveMs(pl.provider_location_id)),
    profile_last_modified_timestamp_utc: formatUtc(registry.profileModifiedMs(pl.provider_location_id)),
    new_patient_availability: outlook('new'),
    existing_patient_availability: outlook('existing'),
    time_zone: pl.location.time_zone,
    main_specialty_id: specialty?.specialty_id ?? null,
    main_specialty_name: specialty?.name ?? null,
  };
}
