import { describe, expect, it } from 'vitest';
import { harness } from './sandbox-harness.ts';

/** GET /v1/insurance_plans and /v1/insurance_plans/{id} (§5.3–§5.4, §12). */

interface Plan {
  id: string;
  name: string;
  carrier: { id: string; name: string };
  network_type: string;
  program_type: string;
  status: string;
  care_categories: string[];
  coverage_area: { is_national: boolean; states: string[] | null };
  ref_metadata: { created_timestamp_utc: string; last_updated_timestamp_utc: string };
}

type Harness = Awaited<ReturnType<typeof harness>>;

const list = (h: Harness, query = '') => h.call({ method: 'GET', url: `/v1/insurance_plans${query}` });
const one = (h: Harness, id: string) => h.call({ method: 'GET', url: `/v1/insurance_plans/${id}` });

/** Every page of a query, following next_url. */
async function all(h: Harness, query: string): Promise<Plan[]> {
  const plans: Plan[] = [];
  let url = `/v1/insurance_plans${query}`;
  for (;;) {
    const body = (await h.call({ method: 'GET', url })).json();
    plans.push(...body.data);
    if (body.next_url === '') return plans;
    url = body.next_url.replace('http://localhost:80', '');
  }
}

describe('GET /v1/insurance_plans/{insurance_plan_id}', () => {
  it('serves §12’s fixed plans with the InsurancePlan shape', async () => {
    const h = await harness();
    const response = await one(h, 'ip_5432');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      request_id: expect.any(String),
      data: {
        id: 'ip_5432',
        name: expect.any(String),
        carrier: { id: expect.stringMatching(/^ic_/), name: 'Aetna' },
        network_type: 'pos',
        program_type: 'commercial',
        status: 'active',
        care_categories: ['health'],
        coverage_area: { is_national: true, states: null },
        ref_metadata: {
          created_timestamp_utc: expect.stringMatching(/Z$/),
          last_updated_timestamp_utc: expect.stringMatching(/Z$/),
        },
      },
    });

    const expectations: Array<[string, (plan: Plan) => void]> = [
      ['ip_2345', (p) => expect(p.coverage_area).toEqual({ is_national: false, states: ['CA'] })],
      ['ip_2052', (p) => expect([p.program_type, p.network_type]).toEqual(['medicare', 'medicare'])],
      ['ip_8281', (p) => expect([p.program_type, p.network_type]).toEqual(['medicaid', 'medicaid'])],
      ['ip_9111', (p) => expect(p.status).toBe('active')],
      ['ip_2667', (p) => expect(p.status).toBe('inactive')],
      ['ip_5292', (p) => expect(p.status).toBe('deleted')],
      ['ip_2600', (p) => expect(p.care_categories).toEqual(['health'])],
      ['ip_6501', (p) => expect(p.care_categories).toEqual(['dental'])],
      ['ip_5907', (p) => expect(p.care_categories).toEqual(['vision'])],
      ['ip_2224', (p) => expect(p.status).toBe('active')],
    ];
    for (const [id, check] of expectations) {
      const plan = await one(h, id);
      expect(plan.statusCode, id).toBe(200);
      expect(plan.json().data.id).toBe(id);
      check(plan.json().data);
    }
  });

  it('answers ip_0 and other unknown plans with 404, and a malformed id with 400', async () => {
    const h = await harness();
    for (const id of ['ip_0', 'ip_99999999']) {
      const response = await one(h, id);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        request_id: expect.any(String),
        error_type: 'invalid_request',
        errors: [{ field: 'insurance_plan_id', message: `Insurance plan ${id} was not found` }],
      });
    }
    const malformed = await one(h, 'aetna');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].field).toBe('insurance_plan_id');
  });
});

describe('GET /v1/insurance_plans', () => {
  it('lists active plans by default, 100 a page, with an absolute next_url and "" on the last page', async () => {
    const h = await harness();
    const response = await list(h);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ request_id: expect.any(String), page: 0, page_size: 100 });
    expect(body.data).toHaveLength(100);
    expect(body.total_count).toBeGreaterThan(200);
    expect(body.next_url).toBe('http://localhost:80/v1/insurance_plans?page=1');
    expect((body.data as Plan[]).every((p) => p.status === 'active')).toBe(true);

    const plans = await all(h, '');
    expect(plans).toHaveLength(body.total_count);
    expect(new Set(plans.map((p) => p.id)).size).toBe(plans.length);
    expect(plans.map((p) => p.id)).toContain('ip_2224');
    expect(plans.map((p) => p.id)).not.toContain('ip_2667');

    const lastPage = Math.ceil(body.total_count / 100) - 1;
    const last = (await list(h, `?page=${lastPage}`)).json();
    expect(last.next_url).toBe('');
    expect(last.data.length).toBe(body.total_count - lastPage * 100);
  });

  it('filters by status', async () => {
    const h = await harness();
    const inactive = await all(h, '?status=inactive');
    expect(inactive.map((p) => p.id)).toContain('ip_2667');
    expect(inactive.every((p) => p.status === 'inactive')).toBe(true);
    const deleted = await all(h, '?status=deleted');
    expect(deleted.map((p) => p.id)).toContain('ip_5292');
    expect(deleted.every((p) => p.status === 'deleted')).toBe(true);
  });

  it('filters by coverage state (national plans cover every state); AK is empty', async () => {
    const h = await harness();
    const ca = await all(h, '?state=CA');
    const ids = ca.map((p) => p.id);
    expect(ids).toContain('ip_2345');
    expect(ids).toContain('ip_5432'); // national
    expect(ca.every((p) => p.coverage_area.is_national || p.coverage_area.states?.includes('CA'))).toBe(true);
    const ny = (await all(h, '?state=NY')).map((p) => p.id);
    expect(ny).not.toContain('ip_2345');
    expect(ny).toContain('ip_8281');

    const alaska = await list(h, '?state=AK');
    expect(alaska.statusCode).toBe(200);
    expect(alaska.json()).toMatchObject({ total_count: 0, next_url: '', data: [] });
  });

  it('filters by network_type (or its 1.22 name plan_type), program_type and care_category', async () => {
    const h = await harness();
    const medicare = await all(h, '?network_type=medicare');
    expect(medicare.map((p) => p.id)).toContain('ip_2052');
    expect(medicare.every((p) => p.network_type === 'medicare')).toBe(true);
    const planType = await all(h, '?plan_type=medicare');
    expect(planType.map((p) => p.id)).toEqual(medicare.map((p) => p.id));

    const medicaid = await all(h, '?program_type=medicaid');
    expect(medicaid.map((p) => p.id)).toContain('ip_8281');
    expect(medicaid.every((p) => p.program_type === 'medicaid')).toBe(true);

    for (const [category, id] of [
      ['health', 'ip_2600'],
      ['dental', 'ip_6501'],
      ['vision', 'ip_5907'],
    ] as const) {
      const plans = await all(h, `?care_category=${category}`);
      expect(plans.map((p) => p.id)).toContain(id);
      expect(plans.every((p) => p.care_categories.includes(category))).toBe(true);
    }

    const combined = await all(h, '?state=NY&network_type=hmo&care_category=health&program_type=commercial');
    expect(combined.length).toBeGreaterThan(0);
    for (const plan of combined) {
      expect(plan).toMatchObject({ network_type: 'hmo', program_type: 'commercial', status: 'active' });
    }
  });

  it('validates every parameter, naming it: page 0–200, page_size 1–500, the enums, the state', async () => {
    const h = await harness();
    const cases: Array<[string, string]> = [
      ['page=201', 'page'],
      ['page=-1', 'page'],
      ['page_size=0', 'page_size'],
      ['page_size=501', 'page_size'],
      ['status=archived', 'status'],
      ['state=ZZ', 'state'],
      ['state=NYC', 'state'],
      ['network_type=hmmo', 'network_type'],
      ['plan_type=hmmo', 'plan_type'],
      ['program_type=private', 'program_type'],
      ['care_category=mental', 'care_category'],
      ['network_type=hmo&plan_type=ppo', 'plan_type'],
    ];
    for (const [query, field] of cases) {
      const response = await list(h, `?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error_type).toBe('invalid_request');
      expect(response.json().errors[0].field, query).toBe(field);
    }
    const several = await list(h, '?page=999&status=nope');
    expect(several.json().errors.map((e: { field: string }) => e.field)).toEqual(['page', 'status']);

    const limits = await list(h, '?page=200&page_size=500');
    expect(limits.statusCode).toBe(200);
    expect(limits.json()).toMatchObject({ page: 200, page_size: 500, data: [], next_url: '' });
  });

  it('answers 401 without a token', async () => {
    const h = await harness();
    expect((await h.app.inject({ method: 'GET', url: '/v1/insurance_plans' })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/v1/insurance_plans/ip_5432' })).statusCode).toBe(401);
  });
});
