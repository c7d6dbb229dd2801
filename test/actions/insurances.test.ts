import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRejectedInput, failureOf, type Paged, requestsDuring } from './action-assertions.ts';
import { type ActionHarness, startActionHarness } from './action-harness.ts';

interface InsurancePlan {
  id: string;
  name: string;
  carrier: { id: string; name: string };
  network_type: string;
  program_type: string;
  status: string;
  care_categories: string[];
  coverage_area: { is_national: boolean; states?: string[] | null };
}

let harness: ActionHarness;
beforeAll(async () => {
  harness = await startActionHarness();
});
afterAll(async () => {
  await harness.close();
});

const plans = (input: Record<string, unknown>) =>
  harness.run('zocdoc.get_insurance_plans', input) as Promise<Paged<InsurancePlan>>;

describe('zocdoc.get_insurance_plans', () => {
  it('lists one page of 100 active plans by default', async () => {
    const sent = await requestsDuring(harness, async () => {
      const output = await plans({});
      expect(output.items).toHaveLength(100);
      expect(output.items.every((plan) => plan.status === 'active')).toBe(true);
      expect(output.pages_fetched).toBe(1);
      expect(output.total_count).toBeGreaterThan(100);
      expect(output.has_more).toBe(true);
      expect(output.next_page).toBe(1);
    });
    expect(sent).toEqual(['GET /v1/insurance_plans?page=0&page_size=100']);
  });

  it('follows pages up to max_pages and concatenates them', async () => {
    const single = await plans({ page_size: 150 });
    const sent = await requestsDuring(harness, async () => {
      const paged = await plans({ page_size: 50, max_pages: 3 });
      expect(paged.pages_fetched).toBe(3);
      expect(paged.items.map((plan) => plan.id)).toEqual(single.items.map((plan) => plan.id));
      expect(paged.next_page).toBe(3);
    });
    expect(sent.map((line) => new URL(`http://x${line.slice(4)}`).searchParams.get('page'))).toEqual([
      '0',
      '1',
      '2',
    ]);
  });

  it('stops at the last page', async () => {
    const total = (await plans({ page_size: 1 })).total_count!;
    // Three pages, the last one partly filled (or full), whatever the seed's size.
    const pageSize = Math.ceil(total / 3);
    const output = await plans({ page_size: pageSize, max_pages: 50 });
    expect(output.pages_fetched).toBe(Math.ceil(total / pageSize));
    expect(output.items).toHaveLength(total);
    expect(new Set(output.items.map((plan) => plan.id)).size).toBe(total);
    expect(output.has_more).toBe(false);
    expect(output.next_page).toBeNull();
  });

  it('filters by state, care category, network and program type, and status', async () => {
    const dental = await plans({ care_category: 'dental', page_size: 500 });
    expect(dental.items.length).toBeGreaterThan(0);
    expect(dental.items.every((plan) => plan.care_categories.includes('dental'))).toBe(true);

    const california = await plans({ state: 'CA', page_size: 500 });
    expect(california.items.map((plan) => plan.id)).toContain('ip_2345');
    expect(
      california.items.every(
        (plan) => plan.coverage_area.is_national || plan.coverage_area.states?.includes('CA'),
      ),
    ).toBe(true);

    const ppo = await plans({ network_type: 'ppo', program_type: 'commercial', page_size: 500 });
    expect(ppo.items.every((plan) => plan.network_type === 'ppo' && plan.program_type === 'commercial')).toBe(
      true,
    );

    const inactive = await plans({ status: 'inactive', page_size: 500 });
    expect(inactive.items.map((plan) => plan.id)).toContain('ip_2667');
  });

  it('answers an empty list for the sandbox state AK', async () => {
    const output = await plans({ state: 'AK' });
    expect(output.items).toEqual([]);
    expect(output.has_more).toBe(false);
  });

  it('refuses bad filters and paging before calling the API', async () => {
    const key = 'zocdoc.get_insurance_plans';
    await expectRejectedInput(harness, key, { state: 'ny' }, 'state');
    await expectRejectedInput(harness, key, { state: 'NYC' }, 'state');
    await expectRejectedInput(harness, key, { network_type: 'plan' }, 'network_type');
    await expectRejectedInput(harness, key, { program_type: 'private' }, 'program_type');
    await expectRejectedInput(harness, key, { care_category: 'mental' }, 'care_category');
    await expectRejectedInput(harness, key, { status: 'ACTIVE' }, 'status');
    await expectRejectedInput(harness, key, { page: 201 }, 'page');
    await expectRejectedInput(harness, key, { page_size: 501 }, 'page_size');
    await expectRejectedInput(harness, key, { page_size: 0 }, 'page_size');
    // The 1.22 name of network_type (§5.3): refused, not silently dropped.
    await expectRejectedInput(harness, key, { plan_type: 'ppo' }, null);
  });
});

describe('zocdoc.get_insurance_plan', () => {
  it('reads the sandbox’s fixed plans', async () => {
    const national = (await harness.run('zocdoc.get_insurance_plan', {
      insurance_plan_id: 'ip_5432',
    })) as InsurancePlan;
    expect(national.id).toBe('ip_5432');
    expect(national.coverage_area.is_national).toBe(true);

    const california = (await harness.run('zocdoc.get_insurance_plan', {
      insurance_plan_id: 'ip_2345',
    })) as InsurancePlan;
    expect(california.coverage_area).toMatchObject({ is_national: false, states: ['CA'] });

    const vision = (await harness.run('zocdoc.get_insurance_plan', {
      insurance_plan_id: 'ip_5907',
    })) as InsurancePlan;
    expect(vision.care_categories).toEqual(['vision']);
    const deleted = (await harness.run('zocdoc.get_insurance_plan', {
      insurance_plan_id: 'ip_5292',
    })) as InsurancePlan;
    expect(deleted.status).toBe('deleted');
  });

  it('maps an unknown plan (404) to not_found', async () => {
    const error = await failureOf(harness.run('zocdoc.get_insurance_plan', { insurance_plan_id: 'ip_0' }));
    expect(error.kind).toBe('not_found');
    expect(error.extra.status).toBe(404);
    expect(error.extra.requestId).toEqual(expect.any(String));
  });

  it('refuses a missing id before calling the API', async () => {
    await expectRejectedInput(
      harness,
      'zocdoc.get_insurance_plan',
      { insurance_plan_id: '' },
      'insurance_plan_id',
    );
    await expectRejectedInput(harness, 'zocdoc.get_insurance_plan', {}, 'insurance_plan_id');
  });
});
