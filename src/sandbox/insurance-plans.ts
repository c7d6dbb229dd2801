import type { CareCategory } from './directory.ts';
import { EMPTY_PLAN_STATE, INVALID_INSURANCE_PLAN_ID } from './magic-values.ts';
import { invalid } from './sandbox-errors.ts';

/**
 * The insurance-plan catalog (§5.3–§5.4): the plans, looked up by id and filtered for the
 * list endpoint. Read-only; which provider location takes which plan is the mapping
 * store's business (insurance-mapping-store.ts).
 */

export const insuranceNetworkTypes = [
  'hmo',
  'ppo',
  'pos',
  'epo',
  'indemnity',
  'aso',
  'aco',
  'acp',
  'medicare',
  'medicaid',
  'other',
  'uncategorized',
  'hmo_pos',
] as const;
export type InsuranceNetworkType = (typeof insuranceNetworkTypes)[number];

export const insuranceProgramTypes = [
  'commercial',
  'commercial_exchange',
  'medicare',
  'medicaid',
  'workers_compensation',
  'uncategorized',
  'medicare_advantage',
  'medicaid_managed_care',
  'federal',
] as const;
export type InsuranceProgramType = (typeof insuranceProgramTypes)[number];

export const insuranceStatuses = ['active', 'inactive', 'deleted'] as const;
export type InsuranceStatus = (typeof insuranceStatuses)[number];

export const careCategories = ['health', 'dental', 'vision'] as const satisfies readonly CareCategory[];

/** §5.3 InsurancePlan. */
export interface InsurancePlan {
  id: string;
  name: string;
  carrier: { id: string; name: string };
  network_type: InsuranceNetworkType;
  program_type: InsuranceProgramType;
  status: InsuranceStatus;
  care_categories: CareCategory[];
  /** `states` is null when the plan is national. */
  coverage_area: { is_national: boolean; states: string[] | null };
  ref_metadata: { created_timestamp_utc: string; last_updated_timestamp_utc: string };
}

export interface InsurancePlanFilter {
  /** Default `active`. */
  status?: InsuranceStatus | undefined;
  /** A USPS code: plans covering it, national ones included. */
  state?: string | undefined;
  network_type?: InsuranceNetworkType | undefined;
  program_type?: InsuranceProgramType | undefined;
  care_category?: CareCategory | undefined;
}

export interface InsurancePlanCatalog {
  /** Every plan (any status), by name then id. */
  readonly plans: readonly InsurancePlan[];
  get(id: string): InsurancePlan | undefined;
  /** The matching plans, by name then id (a stable order for paging). */
  query(filter: InsurancePlanFilter): InsurancePlan[];
}

/** Whether the plan covers `state` (a national plan covers every state). */
export const coversState = (plan: InsurancePlan, state: string) =>
  plan.coverage_area.is_national || (plan.coverage_area.states ?? []).includes(state);

export function createInsurancePlanCatalog(seed: readonly InsurancePlan[]): InsurancePlanCatalog {
  const plans = [...seed].sort(
    (a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id, 'en'),
  );
  const byId = new Map(plans.map((p) => [p.id, p]));
  if (byId.size !== plans.length) throw new Error('Seed: duplicate insurance plan ids');
  return {
    plans,
    get: (id) => byId.get(id),
    query(filter) {
      // §12: the sandbox has no plans in Alaska, not even national ones.
      if (filter.state === EMPTY_PLAN_STATE) return [];
      const status = filter.status ?? 'active';
      return plans.filter(
        (p) =>
          p.status === status &&
          (filter.state === undefined || coversState(p, filter.state)) &&
          (filter.network_type === undefined || p.network_type === filter.network_type) &&
          (filter.program_type === undefined || p.program_type === filter.program_type) &&
          (filter.care_category === undefined || p.care_categories.includes(filter.care_category)),
      );
    },
  };
}

/**
 * An `insurance_plan_id` given to a search (§5.5–§5.7, §5.10): it must be a plan of the
 * catalog (any status); §12's `ip_0` stands for an invalid plan. Throws 400 naming `field`.
 */
export function requireSearchPlan(
  catalog: InsurancePlanCatalog,
  id: string,
  field = 'insurance_plan_id',
): void {
  if (id === INVALID_INSURANCE_PLAN_ID || !catalog.get(id)) {
    throw invalid(field, `${field} ${id} is not a valid insurance plan`);
  }
}
