import type { CareCategory } from './directory.ts';
import type {
  InsuranceNetworkType,
  InsurancePlan,
  InsuranceProgramType,
  InsuranceStatus,
} from './insurance-plans.ts';

/**
 * The seeded insurance-plan catalog (§5.3): Zocdoc's fixed sandbox plans of §12 plus a few
 * hundred generated ones, so filters and paging (default page size 100) have something to
 * work on. Deterministic: no randomness, fixed timestamps. Carrier ids are the sandbox's
 * own (`ic_…`): the docs never show one (§14).
 */

interface Carrier {
  id: string;
  name: string;
}

const carrier = (id: number, name: string): Carrier => ({ id: `ic_${id}`, name });

const AETNA = carrier(1001, 'Aetna');
const BCBS = carrier(1002, 'Blue Cross Blue Shield');
const CIGNA = carrier(1003, 'Cigna');
const UHC = carrier(1004, 'UnitedHealthcare');
const HUMANA = carrier(1005, 'Humana');
const EMBLEM = carrier(1006, 'EmblemHealth');
const BLUE_SHIELD_CA = carrier(1007, 'Blue Shield of California');
const KAISER = carrier(1008, 'Kaiser Permanente');
const OSCAR = carrier(1009, 'Oscar Health');
const MEDICARE = carrier(1010, 'Medicare');
const DELTA = carrier(1011, 'Delta Dental');
const VSP = carrier(1012, 'VSP Vision Care');
const FIDELIS = carrier(1013, 'Fidelis Care');
const MEDI_CAL = carrier(1014, 'Medi-Cal');
const MERIDIAN = carrier(1015, 'Meridian Health');
const GUARDIAN = carrier(1016, 'Guardian');
const EYEMED = carrier(1017, 'EyeMed');
const TRICARE = carrier(1018, 'TRICARE');
const TRAVELERS = carrier(1019, 'Travelers');
const BCBS_IL = carrier(1020, 'Blue Cross and Blue Shield of Illinois');

interface PlanSpec {
  id: string;
  name: string;
  carrier: Carrier;
  network_type: InsuranceNetworkType;
  program_type: InsuranceProgramType;
  status?: InsuranceStatus;
  care_categories?: CareCategory[];
  /** null: national. */
  states: string[] | null;
  created: string;
  updated: string;
}

const plan = (spec: PlanSpec): InsurancePlan => ({
  id: spec.id,
  name: spec.name,
  carrier: { ...spec.carrier },
  network_type: spec.network_type,
  program_type: spec.program_type,
  status: spec.status ?? 'active',
  care_categories: spec.care_categories ?? ['health'],
  coverage_area: { is_national: spec.states === null, states: spec.states },
  ref_metadata: { created_timestamp_utc: spec.created, last_updated_timestamp_utc: spec.updated },
});

/** §12's fixed plans (and ip_2224, the docs' sample plan). */
const fixedPlans: InsurancePlan[] = [
  plan({
    id: 'ip_5432',
    name: 'Aetna Open Access Managed Choice (National)',
    carrier: AETNA,
    network_type: 'pos',
    program_type: 'commercial',
    states: null,
    created: '2019-03-04T15:20:00.000Z',
    updated: '2025-01-12T09:00:00.000Z',
  }),
  plan({
    id: 'ip_2345',
    name: 'Blue Shield of California PPO',
    carrier: BLUE_SHIELD_CA,
    network_type: 'ppo',
    program_type: 'commercial',
    states: ['CA'],
    created: '2019-05-21T18:02:00.000Z',
    updated: '2024-11-03T12:30:00.000Z',
  }),
  plan({
    id: 'ip_2052',
    name: 'Medicare',
    carrier: MEDICARE,
    network_type: 'medicare',
    program_type: 'medicare',
    states: null,
    created: '2018-11-30T10:00:00.000Z',
    updated: '2025-02-01T10:00:00.000Z',
  }),
  plan({
    id: 'ip_8281',
    name: 'Fidelis Care Medicaid Managed Care',
    carrier: FIDELIS,
    network_type: 'medicaid',
    program_type: 'medicaid',
    states: ['NY'],
    created: '2020-01-15T14:45:00.000Z',
    updated: '2024-08-19T16:10:00.000Z',
  }),
  plan({
    id: 'ip_9111',
    name: 'Cigna Open Access Plus',
    carrier: CIGNA,
    network_type: 'pos',
    program_type: 'commercial',
    states: null,
    created: '2019-07-08T13:00:00.000Z',
    updated: '2025-03-22T08:15:00.000Z',
  }),
  plan({
    id: 'ip_2667',
    name: 'Oxford Liberty (Legacy)',
    carrier: UHC,
    network_type: 'hmo',
    program_type: 'commercial',
    status: 'inactive',
    states: ['NY', 'NJ', 'CT'],
    created: '2018-06-01T12:00:00.000Z',
    updated: '2023-12-31T23:00:00.000Z',
  }),
  plan({
    id: 'ip_5292',
    name: 'Humana ChoiceCare Network PPO (Retired)',
    carrier: HUMANA,
    network_type: 'ppo',
    program_type: 'commercial',
    status: 'deleted',
    states: null,
    created: '2018-04-17T09:30:00.000Z',
    updated: '2022-10-01T00:00:00.000Z',
  }),
  plan({
    id: 'ip_2600',
    name: 'UnitedHealthcare Choice Plus',
    carrier: UHC,
    network_type: 'ppo',
    program_type: 'commercial',
    care_categories: ['health'],
    states: null,
    created: '2019-02-11T11:11:00.000Z',
    updated: '2025-04-30T17:45:00.000Z',
  }),
  plan({
    id: 'ip_6501',
    name: 'Delta Dental PPO',
    carrier: DELTA,
    network_type: 'ppo',
    program_type: 'commercial',
    care_categories: ['dental'],
    states: null,
    created: '2019-09-09T09:09:00.000Z',
    updated: '2024-09-09T09:09:00.000Z',
  }),
  plan({
    id: 'ip_5907',
    name: 'VSP Choice',
    carrier: VSP,
    network_type: 'other',
    program_type: 'commercial',
    care_categories: ['vision'],
    states: null,
    created: '2020-04-01T12:00:00.000Z',
    updated: '2024-04-01T12:00:00.000Z',
  }),
  plan({
    id: 'ip_2224',
    name: 'Aetna Choice POS II',
    carrier: AETNA,
    network_type: 'pos',
    program_type: 'commercial',
    states: null,
    created: '2018-08-08T08:00:00.000Z',
    updated: '2025-05-05T15:00:00.000Z',
  }),
];

const NETWORK_LABEL: Record<InsuranceNetworkType, string> = {
  hmo: 'HMO',
  ppo: 'PPO',
  pos: 'POS',
  epo: 'EPO',
  indemnity: 'Indemnity',
  aso: 'ASO',
  aco: 'ACO',
  acp: 'ACP',
  medicare: 'Medicare',
  medicaid: 'Medicaid',
  other: 'Plan',
  uncategorized: 'Plan',
  hmo_pos: 'HMO-POS',
};

interface ProductLine {
  carrier: Carrier;
  networks: InsuranceNetworkType[];
  /** null: national. */
  states: string[] | null;
  /** Individual-market (exchange) metal tiers are sold per state. */
  exchangeStates: string[];
}

const commercialLines: ProductLine[] = [
  { carrier: AETNA, networks: ['hmo', 'ppo', 'epo', 'pos'], states: null, exchangeStates: ['TX', 'FL'] },
  { carrier: BCBS, networks: ['hmo', 'ppo', 'epo', 'indemnity'], states: null, exchangeStates: ['NY', 'PA'] },
  { carrier: CIGNA, networks: ['hmo', 'ppo', 'epo', 'pos'], states: null, exchangeStates: ['IL', 'TX'] },
  { carrier: UHC, networks: ['hmo', 'ppo', 'hmo_pos', 'epo'], states: null, exchangeStates: ['NY', 'WA'] },
  { carrier: HUMANA, networks: ['hmo', 'ppo', 'pos'], states: null, exchangeStates: ['FL'] },
  { carrier: EMBLEM, networks: ['hmo', 'ppo', 'epo'], states: ['NY', 'NJ', 'CT'], exchangeStates: ['NY'] },
  { carrier: BLUE_SHIELD_CA, networks: ['hmo', 'epo', 'hmo_pos'], states: ['CA'], exchangeStates: ['CA'] },
  { carrier: KAISER, networks: ['hmo', 'hmo_pos'], states: ['CA', 'WA', 'CO'], exchangeStates: ['CA'] },
  {
    carrier: OSCAR,
    networks: ['epo', 'hmo'],
    states: ['NY', 'IL', 'CA', 'TX', 'FL'],
    exchangeStates: ['NY', 'IL'],
  },
  { carrier: BCBS_IL, networks: ['hmo', 'ppo', 'pos'], states: ['IL'], exchangeStates: ['IL'] },
];

const METALS = ['Bronze', 'Silver', 'Gold'];

/** A fixed timestamp spread over 2019–2025, from a plan's sequence number. */
function timestamps(n: number): { created: string; updated: string } {
  const base = Date.UTC(2019, 0, 1);
  const day = 86_400_000;
  const created = base + ((n * 7919) % 1800) * day + ((n * 37) % 86_400) * 1000;
  const updated = Math.min(created + (30 + ((n * 131) % 700)) * day, Date.UTC(2025, 5, 30));
  return { created: new Date(created).toISOString(), updated: new Date(updated).toISOString() };
}

function generatedPlans(): InsurancePlan[] {
  const plans: InsurancePlan[] = [];
  let n = 10_001;
  const add = (spec: Omit<PlanSpec, 'id' | 'created' | 'updated'>) => {
    // Every 17th generated plan is inactive and every 29th deleted, so the status filter
    // has more to find than the fixed ip_2667 / ip_5292.
    const status: InsuranceStatus = n % 29 === 0 ? 'deleted' : n % 17 === 0 ? 'inactive' : 'active';
    plans.push(plan({ ...spec, status: spec.status ?? status, id: `ip_${n}`, ...timestamps(n) }));
    n++;
  };

  for (const line of commercialLines) {
    for (const network of line.networks) {
      const label = NETWORK_LABEL[network];
      const base = { carrier: line.carrier, network_type: network } as const;
      add({
        ...base,
        name: `${line.carrier.name} ${label}`,
        program_type: 'commercial',
        states: line.states,
      });
      add({
        ...base,
        name: `${line.carrier.name} Open Access ${label}`,
        program_type: 'commercial',
        states: line.states,
      });
      for (const state of line.exchangeStates) {
        for (const metal of METALS) {
          add({
            ...base,
            name: `${line.carrier.name} ${state} ${metal} ${label} (Individual Exchange)`,
            program_type: 'commercial_exchange',
            states: [state],
          });
        }
      }
    }
  }

  for (const c of [AETNA, HUMANA, UHC, BCBS]) {
    for (const network of ['hmo', 'ppo'] as const) {
      add({
        carrier: c,
        name: `${c.name} Medicare Advantage ${NETWORK_LABEL[network]}`,
        network_type: network,
        program_type: 'medicare_advantage',
        states: null,
      });
    }
  }
  for (const [c, states] of [
    [FIDELIS, ['NY']],
    [EMBLEM, ['NY']],
    [MEDI_CAL, ['CA']],
    [BLUE_SHIELD_CA, ['CA']],
    [MERIDIAN, ['IL']],
    [BCBS_IL, ['IL']],
  ] as const) {
    add({
      carrier: c,
      name: `${c.name} Medicaid Managed Care (${states.join(', ')})`,
      network_type: 'medicaid',
      program_type: 'medicaid_managed_care',
      states: [...states],
    });
  }
  for (const c of [DELTA, AETNA, CIGNA, GUARDIAN]) {
    for (const network of ['ppo', 'hmo', 'epo'] as const) {
      add({
        carrier: c,
        name: `${c.name} Dental ${NETWORK_LABEL[network]}`,
        network_type: network,
        program_type: 'commercial',
        care_categories: ['dental'],
        states: null,
      });
    }
  }
  for (const c of [VSP, EYEMED]) {
    for (const tier of ['Signature', 'Advantage', 'Access']) {
      add({
        carrier: c,
        name: `${c.name} ${tier}`,
        network_type: 'other',
        program_type: 'commercial',
        care_categories: ['vision'],
        states: null,
      });
    }
  }
  for (const name of ['TRICARE Prime', 'TRICARE Select']) {
    add({ carrier: TRICARE, name, network_type: 'hmo', program_type: 'federal', states: null });
  }
  for (const state of ['NY', 'IL', 'CA']) {
    add({
      carrier: TRAVELERS,
      name: `Travelers Workers' Compensation (${state})`,
      network_type: 'uncategorized',
      program_type: 'workers_compensation',
      states: [state],
    });
  }
  add({
    carrier: AETNA,
    name: 'Aetna Health and Dental PPO',
    network_type: 'ppo',
    program_type: 'commercial',
    care_categories: ['health', 'dental'],
    states: null,
  });
  add({
    carrier: UHC,
    name: 'UnitedHealthcare ACO Plan',
    network_type: 'aco',
    program_type: 'uncategorized',
    states: ['NY', 'NJ'],
  });
  return plans;
}

export const insurancePlanSeed: readonly InsurancePlan[] = [...fixedPlans, ...generatedPlans()];
