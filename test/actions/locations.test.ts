import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRejectedInput, failureOf, requestsDuring } from './action-assertions.ts';
import { type ActionHarness, startActionHarness } from './action-harness.ts';

// Seeded in the sandbox (src/sandbox/README.md, Seed) and Zocdoc's sandbox values (§12).
const DR_CHEN_MIDTOWN = 'pr_aN3kM8vQ2xL7|lo_nyMidtown01';
const DR_CHEN_BROOKLYN = 'pr_aN3kM8vQ2xL7|lo_nyBrooklyn02';
const DR_BELL_VIDEO = 'pr_dL9qW4eR7tY1|lo_chiVideo04';
const MIDTOWN_ZIP = '10118';
const ILLNESS = 'pc_FRO-18leckytNKtruw5dLR';
const ERROR_LOCATION = 'pr_error|lo_error';
const MISSING_LOCATION = 'pr_missing|lo_missing';
const NO_PLANS = 'pr_noAcceptedInsurancePla|lo_noAcceptedInsurancePla';
const ALL_PLANS = 'pr_allInsurancePlansAccep|lo_allInsurancePlansAccep';
const PRACTICE_LEVEL = 'pr_ip_mapping_level_prac|lo_ip_mapping_level_prac';

interface ProviderLocation {
  provider_location_id: string;
  provider_location_type: string;
  accepts_patient_insurance: string;
  provider: { npi?: string | null; provider_id?: string | null };
  location?: { city: string; zip_code: string; distance_to_patient_mi?: number | null } | null;
  virtual_location?: { state: string } | null;
  booking_requirements: { required_fields: string[]; accepts_booking_requests_from: string[] };
}
interface SearchOutput {
  items: ProviderLocation[];
  total_count: number | null;
  pages_fetched: number;
  has_more: boolean;
  next_page: number | string | null;
  search_parameters: { specialty_id: string; visit_reason_id: string };
}
interface AvailabilityOutput {
  items: Array<{
    provider_location_id?: string | null;
    first_availability?: { start_time: string } | null;
    timeslots?: Array<{
      start_time: string;
      visit_reason_id?: string | null;
      booking_url?: string | null;
    }> | null;
  }>;
}
interface MappingsOutput {
  insurance_plan_mappings: Array<{ insurance_plan_id: string }>;
  eligible_insurances: Array<{
    insurance_carrier_id: string;
    insurance_carrier_networks: Array<{ insurance_plan_ids: string[] }>;
  }>;
}

let harness: ActionHarness;
beforeAll(async () => {
  harness = await startActionHarness();
});
afterAll(async () => {
  await harness.close();
});

const search = (input: Record<string, unknown>) =>
  harness.run('zocdoc.search_provider_locations', input) as Promise<SearchOutput>;

describe('zocdoc.search_provider_locations', () => {
  it('finds provider locations near a zip code and says what it searched for', async () => {
    const output = await search({ zip_code: MIDTOWN_ZIP, visit_reason_id: ILLNESS });
    expect(output.items.map((pl) => pl.provider_location_id)).toContain(DR_CHEN_MIDTOWN);
    expect(output.search_parameters.visit_reason_id).toBe(ILLNESS);
    expect(output.search_parameters.specialty_id).toMatch(/^sp_/);
    expect(output.pages_fetched).toBe(1);
    const chen = output.items.find((pl) => pl.provider_location_id === DR_CHEN_MIDTOWN)!;
    expect(chen.provider_location_type).toBe('in_person_provider');
    expect(chen.provider.npi).toBe('1245789031');
    expect(chen.location?.city).toBe('New York');
    expect(chen.accepts_patient_insurance).toBe('insurance_not_specified');
  });

  it('resolves the specialty’s default visit reason when only a specialty is given', async () => {
    const byReason = await search({ zip_code: MIDTOWN_ZIP, visit_reason_id: ILLNESS });
    const output = await search({
      zip_code: MIDTOWN_ZIP,
      specialty_id: byReason.search_parameters.specialty_id,
    });
    expect(output.search_parameters.specialty_id).toBe(byReason.search_parameters.specialty_id);
    expect(output.search_parameters.visit_reason_id).toMatch(/^pc_/);
  });

  it('offers video visits when asked', async () => {
    const output = await search({ zip_code: '60606', visit_reason_id: ILLNESS, visit_type: 'video_visit' });
    expect(output.items.map((pl) => pl.provider_location_id)).toContain(DR_BELL_VIDEO);
    expect(output.items.every((pl) => pl.provider_location_type === 'virtual_provider')).toBe(true);
  });

  it('fetches one page by default and follows pages up to max_pages', async () => {
    const all = await search({ zip_code: MIDTOWN_ZIP, visit_reason_id: ILLNESS, page_size: 50 });
    expect(all.items.length).toBeGreaterThanOrEqual(2);
    const sent = await requestsDuring(harness, async () => {
      const one = await search({ zip_code: MIDTOWN_ZIP, visit_reason_id: ILLNESS, page_size: 1 });
      expect(one.items.map((pl) => pl.provider_location_id)).toEqual([all.items[0]!.provider_location_id]);
      expect(one.has_more).toBe(true);
      expect(one.next_page).toBe(1);
      expect(one.total_count).toBe(all.items.length);
    });
    expect(sent).toHaveLength(1);

    const two = await search({ zip_code: MIDTOWN_ZIP, visit_reason_id: ILLNESS, page_size: 1, max_pages: 2 });
    expect(two.items.map((pl) => pl.provider_location_id)).toEqual(
      all.items.slice(0, 2).map((pl) => pl.provider_location_id),
    );
    expect(two.pages_fetched).toBe(2);
    expect(two.search_parameters.visit_reason_id).toBe(ILLNESS);
  });

  it('answers the sandbox’s empty zip code with no results', async () => {
    const output = await search({ zip_code: '99734', visit_reason_id: ILLNESS });
    expect(output.items).toEqual([]);
    expect(output.has_more).toBe(false);
  });

  it('returns the sandbox’s test provider locations, with booking requirements, at zip 11201', async () => {
    const output = await search({ zip_code: '11201', visit_reason_id: ILLNESS, page_size: 50 });
    const required = output.items.find((pl) =>
      pl.provider_location_id.startsWith('pr_insuranceIdIsRequired|'),
    );
    expect(required?.booking_requirements.required_fields).toContain(
      'data.patient.insurance.insurance_plan_id',
    );
  });

  it('maps the sandbox’s error zip (500) to upstream', async () => {
    const error = await failureOf(search({ zip_code: '10112', visit_reason_id: ILLNESS }));
    expect(error.kind).toBe('upstream');
    expect(error.extra.status).toBe(500);
  });

  it('maps a refused insurance plan (400) to validation, with the API’s errors and request id', async () => {
    const error = await failureOf(
      search({ zip_code: MIDTOWN_ZIP, visit_reason_id: ILLNESS, insurance_plan_id: 'ip_0' }),
    );
    expect(error.kind).toBe('validation');
    expect(error.extra.status).toBe(400);
    expect(error.extra.requestId).toEqual(expect.any(String));
    expect(error.extra.details?.map((d) => d.field)).toContain('insurance_plan_id');
  });

  it('refuses bad input before calling the API', async () => {
    const key = 'zocdoc.search_provider_locations';
    await expectRejectedInput(harness, key, { zip_code: '1011', visit_reason_id: ILLNESS }, 'zip_code');
    await expectRejectedInput(harness, key, { visit_reason_id: ILLNESS }, 'zip_code');
    await expectRejectedInput(harness, key, { zip_code: MIDTOWN_ZIP }, 'visit_reason_id');
    await expectRejectedInput(harness, key, { zip_code: MIDTOWN_ZIP }, 'specialty_id');
    await expectRejectedInput(
      harness,
      key,
      { zip_code: MIDTOWN_ZIP, visit_reason_id: ILLNESS, visit_type: 'video' },
      'visit_type',
    );
    await expectRejectedInput(
      harness,
      key,
      { zip_code: MIDTOWN_ZIP, visit_reason_id: ILLNESS, page: 11 },
      'page',
    );
    await expectRejectedInput(
      harness,
      key,
      { zip_code: MIDTOWN_ZIP, visit_reason_id: ILLNESS, page_size: 51 },
      'page_size',
    );
    await expectRejectedInput(
      harness,
      key,
      { zip_code: MIDTOWN_ZIP, visit_reason_id: ILLNESS, max_distance_to_patient_mi: 0 },
      'max_distance_to_patient_mi',
    );
  });
});

describe('zocdoc.get_provider_location', () => {
  it('reads one provider location, sending the | percent-encoded', async () => {
    let output!: ProviderLocation;
    const sent = await requestsDuring(harness, async () => {
      output = (await harness.run('zocdoc.get_provider_location', {
        provider_location_id: DR_CHEN_BROOKLYN,
      })) as ProviderLocation;
    });
    expect(sent).toEqual(['GET /v1/provider_locations/pr_aN3kM8vQ2xL7%7Clo_nyBrooklyn02']);
    expect(output.provider_location_id).toBe(DR_CHEN_BROOKLYN);
    expect(output.location?.city).toBe('Brooklyn');
    expect(output.booking_requirements.accepts_booking_requests_from.length).toBeGreaterThan(0);
  });

  it('says whether the location takes an insurance plan when one is given', async () => {
    const output = (await harness.run('zocdoc.get_provider_location', {
      provider_location_id: DR_CHEN_MIDTOWN,
      insurance_plan_id: 'ip_5432',
    })) as ProviderLocation;
    expect(['accepted', 'not_accepted']).toContain(output.accepts_patient_insurance);
  });

  it('reads a virtual provider location', async () => {
    const output = (await harness.run('zocdoc.get_provider_location', {
      provider_location_id: DR_BELL_VIDEO,
    })) as ProviderLocation;
    expect(output.provider_location_type).toBe('virtual_provider');
    expect(output.virtual_location?.state).toBe('IL');
  });

  it('maps 404 to not_found and the sandbox’s error id (500) to upstream', async () => {
    const missing = await failureOf(
      harness.run('zocdoc.get_provider_location', { provider_location_id: MISSING_LOCATION }),
    );
    expect(missing.kind).toBe('not_found');
    expect(missing.extra.requestId).toEqual(expect.any(String));
    const broken = await failureOf(
      harness.run('zocdoc.get_provider_location', { provider_location_id: ERROR_LOCATION }),
    );
    expect(broken.kind).toBe('upstream');
    expect(broken.extra.status).toBe(500);
  });

  it('refuses a malformed id before calling the API', async () => {
    await expectRejectedInput(
      harness,
      'zocdoc.get_provider_location',
      { provider_location_id: 'pr_aN3kM8vQ2xL7' },
      'provider_location_id',
    );
  });
});

describe('zocdoc.get_provider_locations_availability', () => {
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const days = (from: string, n: number) =>
    new Date(Date.parse(`${from}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

  it('lists free slots per provider location, in request order', async () => {
    let output!: AvailabilityOutput;
    const sent = await requestsDuring(harness, async () => {
      output = (await harness.run('zocdoc.get_provider_locations_availability', {
        provider_location_ids: [DR_CHEN_MIDTOWN, DR_CHEN_BROOKLYN],
        visit_reason_id: ILLNESS,
        patient_type: 'new',
        start_date_in_provider_local_time: inAWeek,
        end_date_in_provider_local_time: days(inAWeek, 6),
      })) as AvailabilityOutput;
    });
    const query = new URL(`http://x${sent[0]!.slice(4)}`).searchParams;
    expect(query.get('provider_location_ids')).toBe(`${DR_CHEN_MIDTOWN},${DR_CHEN_BROOKLYN}`);
    expect(output.items.map((entry) => entry.provider_location_id)).toEqual([
      DR_CHEN_MIDTOWN,
      DR_CHEN_BROOKLYN,
    ]);
    for (const entry of output.items) {
      expect(entry.timeslots!.length).toBeGreaterThan(0);
      for (const slot of entry.timeslots!) {
        expect(slot.start_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[45]:00$/);
        expect(slot.start_time.slice(0, 10) >= inAWeek).toBe(true);
      }
      expect(entry.first_availability?.start_time).toBe(entry.timeslots![0]!.start_time);
    }
  });

  it('answers the no-availability test location with an empty list, not an error', async () => {
    const output = (await harness.run('zocdoc.get_provider_locations_availability', {
      provider_location_ids: ['pr_no_availbility|lo_no_availbility'],
      visit_reason_id: ILLNESS,
      patient_type: 'new',
    })) as AvailabilityOutput;
    expect(output.items[0]!.timeslots).toEqual([]);
  });

  it('maps an unknown provider location (404) to not_found', async () => {
    const error = await failureOf(
      harness.run('zocdoc.get_provider_locations_availability', {
        provider_location_ids: [DR_CHEN_MIDTOWN, 'pr_nobody|lo_nowhere'],
        visit_reason_id: ILLNESS,
        patient_type: 'new',
      }),
    );
    expect(error.kind).toBe('not_found');
    expect(error.extra.details?.[0]?.field).toBe('provider_location_ids');
  });

  it('refuses bad input, including §5.8’s date limits, before calling the API', async () => {
    const key = 'zocdoc.get_provider_locations_availability';
    const base = { provider_location_ids: [DR_CHEN_MIDTOWN], visit_reason_id: ILLNESS, patient_type: 'new' };
    const fiftyOne = Array.from({ length: 51 }, (_, i) => `pr_p${i}|lo_l${i}`);
    await expectRejectedInput(
      harness,
      key,
      { ...base, provider_location_ids: fiftyOne },
      'provider_location_ids',
    );
    await expectRejectedInput(harness, key, { ...base, provider_location_ids: [] }, 'provider_location_ids');
    await expectRejectedInput(
      harness,
      key,
      { ...base, provider_location_ids: ['pr_a'] },
      'provider_location_ids.0',
    );
    await expectRejectedInput(harness, key, { ...base, patient_type: 'returning' }, 'patient_type');
    await expectRejectedInput(harness, key, { ...base, visit_reason_id: undefined }, 'visit_reason_id');
    await expectRejectedInput(
      harness,
      key,
      {
        ...base,
        start_date_in_provider_local_time: inAWeek,
        end_date_in_provider_local_time: days(inAWeek, -1),
      },
      'end_date_in_provider_local_time',
    );
    await expectRejectedInput(
      harness,
      key,
      {
        ...base,
        start_date_in_provider_local_time: inAWeek,
        end_date_in_provider_local_time: days(inAWeek, 32),
      },
      'end_date_in_provider_local_time',
    );
    await expectRejectedInput(
      harness,
      key,
      { ...base, start_date_in_provider_local_time: '2026/01/05' },
      'start_date_in_provider_local_time',
    );
    await expectRejectedInput(harness, key, { ...base, published_context: 'search' }, 'published_context');
  });

  it('accepts a range of exactly 31 days', async () => {
    const output = (await harness.run('zocdoc.get_provider_locations_availability', {
      provider_location_ids: [DR_CHEN_MIDTOWN],
      visit_reason_id: ILLNESS,
      patient_type: 'new',
      start_date_in_provider_local_time: inAWeek,
      end_date_in_provider_local_time: days(inAWeek, 31),
      published_context: 'direct_listing',
      insurance_plan_id: 'ip_5432',
    })) as AvailabilityOutput;
    expect(output.items[0]!.timeslots!.at(-1)!.start_time.slice(0, 10) <= days(inAWeek, 31)).toBe(true);
    expect(output.items[0]!.timeslots![0]!.booking_url).toContain('ip_5432');
  });
});

describe('zocdoc.get_provider_location_insurance_mappings', () => {
  it('reads mapped and eligible plans', async () => {
    const all = (await harness.run('zocdoc.get_provider_location_insurance_mappings', {
      provider_location_id: ALL_PLANS,
    })) as MappingsOutput;
    const eligible = all.eligible_insurances.flatMap((e) =>
      e.insurance_carrier_networks.flatMap((n) => n.insurance_plan_ids),
    );
    expect(eligible.length).toBeGreaterThan(0);
    expect(all.insurance_plan_mappings.map((m) => m.insurance_plan_id).sort()).toEqual(
      [...new Set(eligible)].sort(),
    );

    const none = (await harness.run('zocdoc.get_provider_location_insurance_mappings', {
      provider_location_id: NO_PLANS,
    })) as MappingsOutput;
    expect(none.insurance_plan_mappings).toEqual([]);
  });

  it('maps mappings held at practice level (409) to conflict, and an unknown location to not_found', async () => {
    const conflict = await failureOf(
      harness.run('zocdoc.get_provider_location_insurance_mappings', {
        provider_location_id: PRACTICE_LEVEL,
      }),
    );
    expect(conflict.kind).toBe('conflict');
    const missing = await failureOf(
      harness.run('zocdoc.get_provider_location_insurance_mappings', {
        provider_location_id: MISSING_LOCATION,
      }),
    );
    expect(missing.kind).toBe('not_found');
  });

  it('refuses a malformed id before calling the API', async () => {
    await expectRejectedInput(
      harness,
      'zocdoc.get_provider_location_insurance_mappings',
      { provider_location_id: 'lo_nyMidtown01' },
      'provider_location_id',
    );
  });
});

describe('zocdoc.update_provider_location_insurance_mappings', () => {
  const key = 'zocdoc.update_provider_location_insurance_mappings';

  it('submits a change and reports it accepted (202) with the request id', async () => {
    const sent = await requestsDuring(harness, async () => {
      const output = await harness.run(key, {
        provider_location_id: NO_PLANS,
        operation: 'Add',
        insurance_plan_ids: ['ip_5432'],
      });
      expect(output).toEqual({ accepted: true, request_id: expect.any(String) });
    });
    expect(sent).toEqual([
      'POST /v1/provider_locations/pr_noAcceptedInsurancePla%7Clo_noAcceptedInsurancePla/insurance_mappings',
    ]);
  });

  it('needs at least one plan to Add or Remove', async () => {
    for (const operation of ['Add', 'Remove']) {
      await expectRejectedInput(
        harness,
        key,
        { provider_location_id: ALL_PLANS, operation, insurance_plan_ids: [] },
        'insurance_plan_ids',
      );
    }
  });

  it('needs confirm_remove_all to Replace with an empty list, and sends it when given', async () => {
    await expectRejectedInput(
      harness,
      key,
      { provider_location_id: ALL_PLANS, operation: 'Replace', insurance_plan_ids: [] },
      'confirm_remove_all',
    );
    const output = await harness.run(key, {
      provider_location_id: ALL_PLANS,
      operation: 'Replace',
      insurance_plan_ids: [],
      confirm_remove_all: true,
    });
    expect(output).toEqual({ accepted: true, request_id: expect.any(String) });
  });

  it('refuses an unknown operation before calling the API', async () => {
    await expectRejectedInput(
      harness,
      key,
      { provider_location_id: ALL_PLANS, operation: 'add', insurance_plan_ids: ['ip_5432'] },
      'operation',
    );
  });

  it('maps mappings held at practice level (409) to conflict', async () => {
    const error = await failureOf(
      harness.run(key, {
        provider_location_id: PRACTICE_LEVEL,
        operation: 'Add',
        insurance_plan_ids: ['ip_5432'],
      }),
    );
    expect(error.kind).toBe('conflict');
    expect(error.extra.status).toBe(409);
  });
});
