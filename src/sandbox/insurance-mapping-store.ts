import type { Directory, ProviderLocation } from './directory.ts';
import {
  coversState,
  type InsuranceNetworkType,
  type InsurancePlan,
  type InsurancePlanCatalog,
  type InsuranceProgramType,
} from './insurance-plans.ts';
import {
  ALL_INSURANCE_ACCEPTED,
  MAPPING_LEVEL_CONFLICTS,
  magicProviderLocationId,
  NO_ACCEPTED_INSURANCE,
} from './magic-values.ts';
import { conflict, invalid } from './sandbox-errors.ts';
import { byCodeUnits, stableHash } from './stable-hash.ts';

/**
 * Which insurance plans each provider location takes (§5.9), and the asynchronous updates
 * of that. An accepted update (POST → 202) takes effect `delayMs` after it was accepted,
 * measured on the injected clock; it is applied lazily, by the first read at or after
 * that instant (every read applies what is due first), so a frozen test clock keeps it
 * pending and advancing the clock applies it, with no timers to leak or race.
 */

export const insuranceMappingOperations = ['Add', 'Remove', 'Replace'] as const;
export type InsuranceMappingOperation = (typeof insuranceMappingOperations)[number];

export interface EligibleNetwork {
  program_type: InsuranceProgramType;
  network_type: InsuranceNetworkType;
  insurance_plan_ids: string[];
}

/** §5.9 GET data. */
export interface InsuranceMappings {
  insurance_plan_mappings: Array<{ insurance_plan_id: string }>;
  eligible_insurances: Array<{ insurance_carrier_id: string; insurance_carrier_networks: EligibleNetwork[] }>;
}

export interface InsuranceMappingStoreOptions {
  clock: () => Date;
  directory: Directory;
  catalog: InsurancePlanCatalog;
  /** How long after acceptance an update takes effect. */
  delayMs: number;
  /** Told when an update takes effect (at the instant it took effect, not when it was read). */
  onApplied?: (providerLocationId: string, atMs: number) => void;
}

export interface InsuranceMappingStore {
  /** Active plans the provider location could take: its care categories, covering its state. */
  eligiblePlans(pl: ProviderLocation): InsurancePlan[];
  /** The current mappings (after applying what is due). Throws 409 for mapping-level test ids. */
  mappings(pl: ProviderLocation): InsuranceMappings;
  /** Whether the provider location currently takes the plan (after applying what is due). */
  accepts(providerLocationId: string, planId: string): boolean;
  /**
   * Validates and queues an update; throws 400 (unknown or ineligible plans) or 409. Returns
   * the instant it will take effect.
   */
  requestUpdate(
    pl: ProviderLocation,
    operation: InsuranceMappingOperation,
    planIds: readonly string[],
  ): { applyAtMs: number };
  /** Applies every update that is due by the clock. */
  applyDue(): void;
  /** Updates accepted but not yet in effect. */
  pendingCount(): number;
  /** Back to the seeded mappings, nothing pending. */
  reset(): void;
}

/** Plans every ordinary provider location takes when eligible, so tests and demos can rely on them. */
const ALWAYS_ACCEPTED = new Set(['ip_2224', 'ip_5432', 'ip_2052', 'ip_9111', 'ip_2600', 'ip_6501']);

interface PendingUpdate {
  providerLocationId: string;
  operation: InsuranceMappingOperation;
  planIds: string[];
  applyAtMs: number;
}

export function createInsuranceMappingStore(options: InsuranceMappingStoreOptions): InsuranceMappingStore {
  const { directory, catalog } = options;
  const accepted = new Map<string, Set<string>>();
  let pending: PendingUpdate[] = [];

  const eligiblePlans = (pl: ProviderLocation): InsurancePlan[] => {
    const categories = new Set(
      pl.provider.specialty_ids.map((id) => directory.specialty(id)?.care_category).filter((c) => c),
    );
    return catalog.plans.filter(
      (plan) =>
        plan.status === 'active' &&
        plan.care_categories.some((c) => categories.has(c)) &&
        coversState(plan, pl.location.state),
    );
  };

  /** Deterministic: about two thirds of the eligible plans, plus the well-known ones. */
  const seededPlans = (pl: ProviderLocation): string[] => {
    const eligible = eligiblePlans(pl).map((p) => p.id);
    if (pl.provider_location_id === magicProviderLocationId(NO_ACCEPTED_INSURANCE)) return [];
    if (pl.provider_location_id === magicProviderLocationId(ALL_INSURANCE_ACCEPTED)) return eligible;
    return eligible.filter(
      (id) => ALWAYS_ACCEPTED.has(id) || stableHash(`${pl.provider_location_id}/${id}`) % 3 !== 0,
    );
  };

  const seed = () => {
    accepted.clear();
    pending = [];
    for (const pl of directory.allProviderLocations) {
      accepted.set(pl.provider_location_id, new Set(seededPlans(pl)));
    }
  };

  const applyDue = () => {
    const now = options.clock().getTime();
    // In acceptance order (a test clock moved backwards could make a later one due first).
    const due = pending.filter((update) => update.applyAtMs <= now);
    if (due.length === 0) return;
    pending = pending.filter((update) => update.applyAtMs > now);
    for (const update of due) {
      const current = accepted.get(update.providerLocationId) ?? new Set<string>();
      if (update.operation === 'Replace') current.clear();
      for (const id of update.planIds) {
        if (update.operation === 'Remove') current.delete(id);
        else current.add(id);
      }
      accepted.set(update.providerLocationId, current);
      options.onApplied?.(update.providerLocationId, update.applyAtMs);
    }
  };

  const requireMappable = (pl: ProviderLocation) => {
    const level = MAPPING_LEVEL_CONFLICTS.get(pl.provider_location_id);
    if (level) {
      throw conflict(
        'provider_location_id',
        `The insurance mappings of provider location ${pl.provider_location_id} are held at ${level} level, ` +
          'not at provider-location level; they cannot be read or changed here',
      );
    }
  };

  seed();

  return {
    eligiblePlans,

    mappings(pl) {
      requireMappable(pl);
      applyDue();
      const mapped = [...(accepted.get(pl.provider_location_id) ?? [])].sort();
      // carrier id → "program/network" → the eligible plans there.
      const carriers = new Map<string, Map<string, EligibleNetwork>>();
      for (const plan of eligiblePlans(pl)) {
        let networks = carriers.get(plan.carrier.id);
        if (!networks) {
          networks = new Map();
          carriers.set(plan.carrier.id, networks);
        }
        const key = `${plan.program_type}/${plan.network_type}`;
        let network = networks.get(key);
        if (!network) {
          network = {
            program_type: plan.program_type,
            network_type: plan.network_type,
            insurance_plan_ids: [],
          };
          networks.set(key, network);
        }
        network.insurance_plan_ids.push(plan.id);
      }
      return {
        insurance_plan_mappings: mapped.map((id) => ({ insurance_plan_id: id })),
        eligible_insurances: [...carriers.entries()]
          .sort(([a], [b]) => byCodeUnits(a, b))
          .map(([carrierId, networks]) => ({
            insurance_carrier_id: carrierId,
            insurance_carrier_networks: [...networks.entries()]
              .sort(([a], [b]) => byCodeUnits(a, b))
              .map(([, network]) => ({ ...network, insurance_plan_ids: network.insurance_plan_ids.sort() })),
          })),
      };
    },

    accepts(providerLocationId, planId) {
      applyDue();
      return accepted.get(providerLocationId)?.has(planId) ?? false;
    },

    requestUpdate(pl, operation, planIds) {
      requireMappable(pl);
      const ids = [...new Set(planIds)];
      const unknown = ids.filter((id) => !catalog.get(id));
      if (unknown.length > 0) {
        throw invalid(
          'insurance_plan_ids',
          `insurance_plan_ids has unknown insurance plan(s): ${unknown.join(', ')}`,
        );
      }
      // Removing works for any known plan (one may have become ineligible since it was
      // mapped); adding needs the plan to be one this provider location could take.
      if (operation !== 'Remove') {
        const eligible = new Set(eligiblePlans(pl).map((p) => p.id));
        const ineligible = ids.filter((id) => !eligible.has(id));
        if (ineligible.length > 0) {
          throw invalid(
            'insurance_plan_ids',
            `insurance_plan_ids has plan(s) provider location ${pl.provider_location_id} is not eligible for ` +
              `(inactive, of another care category, or not covering ${pl.location.state}): ${ineligible.join(', ')}; ` +
              'see eligible_insurances in GET …/insurance_mappings',
          );
        }
      }
      const applyAtMs = options.clock().getTime() + options.delayMs;
      pending.push({ providerLocationId: pl.provider_location_id, operation, planIds: ids, applyAtMs });
      return { applyAtMs };
    },

    applyDue,
    pendingCount: () => pending.length,
    reset: seed,
  };
}
