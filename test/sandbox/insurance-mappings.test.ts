import { describe, expect, it } from 'vitest';
import { DR_CHEN_MIDTOWN, DR_NAIR_WILSHIRE, harness } from './sandbox-harness.ts';

/** GET/POST /v1/provider_locations/{id}/insurance_mappings (§5.9, §12). */

type Harness = Awaited<ReturnType<typeof harness>>;
const path = (id: string) => `/v1/provider_locations/${encodeURIComponent(id)}/insurance_mappings`;
const read = (h: Harness, id: string) => h.call({ method: 'GET', url: path(id) });
const update = (h: Harness, id: string, payload: unknown, token?: string) =>
  h.call({
    method: 'POST',
    url: path(id),
    payload: payload as Record<string, unknown>,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
const mapped = async (h: Harness, id: string): Promise<string[]> =>
  (await read(h, id))
    .json()
    .data.insurance_plan_mappings.map((m: { insurance_plan_id: string }) => m.insurance_plan_id);

const magic = (name: string) => `pr_${name}|lo_${name}`;

interface Mapping {
  insurance_plan_id: string;
}
interface MappingsData {
  insurance_plan_mappings: Mapping[];
  eligible_insurances: Array<{ insurance_carrier_networks: Array<{ insurance_plan_ids: string[] }> }>;
}
const eligiblePlanIds = (data: MappingsData): string[] =>
  data.eligible_insurances.flatMap((c) => c.insurance_carrier_networks.flatMap((n) => n.insurance_plan_ids));

describe('GET /v1/provider_locations/{id}/insurance_mappings', () => {
  it('shows the mapped plans and the eligible ones grouped by carrier and network', async () => {
    const h = await harness();
    const response = await read(h, DR_CHEN_MIDTOWN);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body.data).sort()).toEqual(['eligible_insurances', 'insurance_plan_mappings']);
    const ids = body.data.insurance_plan_mappings.map(
      (m: { insurance_plan_id: string }) => m.insurance_plan_id,
    );
    expect(ids).toContain('ip_2224');
    expect(ids).toEqual([...ids].sort());
    expect(body.data.insurance_plan_mappings[0]).toEqual({
      insurance_plan_id: expect.stringMatching(/^ip_/),
    });

    const eligible = body.data.eligible_insurances as Array<{
      insurance_carrier_id: string;
      insurance_carrier_networks: Array<{
        program_type: string;
        network_type: string;
        insurance_plan_ids: string[];
      }>;
    }>;
    expect(eligible.length).toBeGreaterThan(3);
    const eligibleIds = eligible.flatMap((c) =>
      c.insurance_carrier_networks.flatMap((n) => n.insurance_plan_ids),
    );
    // Every mapped plan is eligible; a California-only, an inactive and a dental plan are not.
    for (const id of ids) expect(eligibleIds).toContain(id);
    expect(eligibleIds).not.toContain('ip_2345');
    expect(eligibleIds).not.toContain('ip_2667');
    expect(eligibleIds).not.toContain('ip_6501');
    expect(eligible[0]?.insurance_carrier_id).toMatch(/^ic_/);
    expect(eligible[0]?.insurance_carrier_networks[0]).toEqual({
      program_type: expect.any(String),
      network_type: expect.any(String),
      insurance_plan_ids: expect.any(Array),
    });
    // A dentist is eligible for dental plans.
    const nair = (await read(h, DR_NAIR_WILSHIRE)).json().data;
    const nairIds = eligiblePlanIds(nair);
    expect(nairIds).toContain('ip_6501');
    expect(nairIds).not.toContain('ip_2224');
  });

  it('serves the empty and the full test mappings', async () => {
    const h = await harness();
    expect(await mapped(h, magic('noAcceptedInsurancePla'))).toEqual([]);
    const full = (await read(h, magic('allInsurancePlansAccep'))).json().data;
    const eligibleIds = eligiblePlanIds(full).sort();
    expect(full.insurance_plan_mappings.map((m: Mapping) => m.insurance_plan_id)).toEqual(eligibleIds);
  });

  it('answers 409 for mappings held at practice or provider level', async () => {
    const h = await harness();
    for (const name of ['ip_mapping_level_prac', 'ip_mapping_level_prov']) {
      const response = await read(h, magic(name));
      expect(response.statusCode, name).toBe(409);
      expect(response.json()).toEqual({
        request_id: expect.any(String),
        error_type: 'invalid_request',
        errors: [
          {
            field: 'provider_location_id',
            message: expect.stringContaining(name.endsWith('prac') ? 'practice' : 'provider'),
          },
        ],
      });
      const post = await update(h, magic(name), { operation: 'Add', insurance_plan_ids: ['ip_2224'] });
      expect(post.statusCode).toBe(409);
    }
  });

  it('answers 404 for unknown provider locations and 500 for pr_error|lo_error', async () => {
    const h = await harness();
    expect((await read(h, 'pr_missing|lo_missing')).statusCode).toBe(404);
    expect(
      (await update(h, 'pr_missing|lo_missing', { operation: 'Add', insurance_plan_ids: ['ip_2224'] }))
        .statusCode,
    ).toBe(404);
    const error = await read(h, 'pr_error|lo_error');
    expect(error.statusCode).toBe(500);
    expect(error.json().error_type).toBe('api_error');
  });
});

describe('POST /v1/provider_locations/{id}/insurance_mappings', () => {
  it('answers 202 {request_id} at once and applies the update after the delay, by the clock', async () => {
    const h = await harness({ insuranceMappingDelayMs: 5000 });
    const target = magic('noAcceptedInsurancePla');
    const response = await update(h, target, {
      operation: 'Add',
      insurance_plan_ids: ['ip_2224', 'ip_5432'],
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ request_id: expect.any(String) });
    expect(response.headers['x-request-id']).toBe(response.json().request_id);

    // Still pending on a frozen clock, however often it is read.
    expect(await mapped(h, target)).toEqual([]);
    h.advance(4999);
    expect(await mapped(h, target)).toEqual([]);
    h.advance(1);
    expect(await mapped(h, target)).toEqual(['ip_2224', 'ip_5432']);

    // Searches see it too once applied.
    const view = await h.call({
      method: 'GET',
      url: `/v1/provider_locations/${encodeURIComponent(target)}?insurance_plan_id=ip_2224`,
    });
    expect(view.json().data.accepts_patient_insurance).toBe('accepted');
  });

  it('applies Add, Remove and Replace in the order accepted', async () => {
    const h = await harness();
    const target = magic('noAcceptedInsurancePla');
    expect(
      (await update(h, target, { operation: 'Add', insurance_plan_ids: ['ip_2224', 'ip_9111'] })).statusCode,
    ).toBe(202);
    expect(
      (await update(h, target, { operation: 'Remove', insurance_plan_ids: ['ip_2224'] })).statusCode,
    ).toBe(202);
    h.advance(2000); // the default delay
    expect(await mapped(h, target)).toEqual(['ip_9111']);

    await update(h, target, { operation: 'Replace', insurance_plan_ids: ['ip_2052', 'ip_2600', 'ip_2052'] });
    h.advance(2000);
    expect(await mapped(h, target)).toEqual(['ip_2052', 'ip_2600']);

    // Replace with [] clears every mapping.
    await update(h, target, { operation: 'Replace', insurance_plan_ids: [] });
    h.advance(2000);
    expect(await mapped(h, target)).toEqual([]);
  });

  it('reports an applied update as a profile update in the schedulable-entity feed', async () => {
    const h = await harness({ tokenTtlSeconds: 30 * 24 * 3600 });
    h.advance(80 * 60 * 60 * 1000); // past the seeded history
    await update(h, DR_CHEN_MIDTOWN, { operation: 'Remove', insurance_plan_ids: ['ip_2224'] });
    const acceptedAt = h.now().getTime();
    h.advance(10_000);
    const feed = (await h.call({ method: 'GET', url: '/v1/schedulable_entities' })).json();
    expect(feed.data.recent_change_summary.schedulable_entities_profile_updated).toEqual([DR_CHEN_MIDTOWN]);
    const chen = feed.data.schedulable_entities.find((e: { id: string }) => e.id === DR_CHEN_MIDTOWN);
    // It took effect when the delay ran out, not when it was read.
    expect(chen.profile_last_modified_timestamp_utc).toBe(new Date(acceptedAt + 2000).toISOString());
  });

  it('needs external.provider_insurance.write', async () => {
    const h = await harness();
    const body = { operation: 'Add', insurance_plan_ids: ['ip_2224'] };
    const without = await update(h, DR_CHEN_MIDTOWN, body, await h.token('external.appointment.write'));
    expect(without.statusCode).toBe(403);
    expect(without.json().errors[0].message).toContain('external.provider_insurance.write');
    const granted = await update(
      h,
      DR_CHEN_MIDTOWN,
      body,
      await h.token('external.provider_insurance.write'),
    );
    expect(granted.statusCode).toBe(202);
    // Reading needs no particular scope.
    const read = await h.call({
      method: 'GET',
      url: path(DR_CHEN_MIDTOWN),
      headers: { authorization: `Bearer ${await h.token('external.appointment.read')}` },
    });
    expect(read.statusCode).toBe(200);
  });

  it('validates the body, naming the field, and refuses unknown or ineligible plans', async () => {
    const h = await harness();
    const cases: Array<[unknown, string]> = [
      [{ insurance_plan_ids: ['ip_2224'] }, 'operation'],
      [{ operation: 'Append', insurance_plan_ids: ['ip_2224'] }, 'operation'],
      [{ operation: 'Add' }, 'insurance_plan_ids'],
      [{ operation: 'Add', insurance_plan_ids: 'ip_2224' }, 'insurance_plan_ids'],
      [{ operation: 'Add', insurance_plan_ids: [] }, 'insurance_plan_ids'],
      [{ operation: 'Remove', insurance_plan_ids: [] }, 'insurance_plan_ids'],
      [{ operation: 'Add', insurance_plan_ids: [''] }, 'insurance_plan_ids.0'],
      [{ operation: 'Add', insurance_plan_ids: ['ip_0'] }, 'insurance_plan_ids'],
      [{ operation: 'Add', insurance_plan_ids: ['ip_2345'] }, 'insurance_plan_ids'], // CA only
      [{ operation: 'Replace', insurance_plan_ids: ['ip_2667'] }, 'insurance_plan_ids'], // inactive
    ];
    for (const [body, field] of cases) {
      const response = await update(h, DR_CHEN_MIDTOWN, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().errors[0].field, JSON.stringify(body)).toBe(field);
    }
    const noBody = await h.call({ method: 'POST', url: path(DR_CHEN_MIDTOWN) });
    expect(noBody.statusCode).toBe(400);
    // Nothing was queued by any of them.
    h.advance(5000);
    expect(await mapped(h, DR_CHEN_MIDTOWN)).toContain('ip_2224');
    // Removing a known plan that is not eligible (any more) is fine.
    expect(
      (await update(h, DR_CHEN_MIDTOWN, { operation: 'Remove', insurance_plan_ids: ['ip_2667'] })).statusCode,
    ).toBe(202);
  });

  it('updates the test locations with full and empty mappings (202)', async () => {
    const h = await harness();
    const full = magic('allInsurancePlansAccep');
    const response = await update(h, full, { operation: 'Remove', insurance_plan_ids: ['ip_2224'] });
    expect(response.statusCode).toBe(202);
    h.advance(2000);
    expect(await mapped(h, full)).not.toContain('ip_2224');
  });

  it('goes back to the seeded mappings on reset', async () => {
    const h = await harness();
    const target = magic('noAcceptedInsurancePla');
    await update(h, target, { operation: 'Add', insurance_plan_ids: ['ip_2224'] });
    h.advance(2000);
    expect(await mapped(h, target)).toEqual(['ip_2224']);
    expect((await h.app.inject({ method: 'POST', url: '/_sandbox/reset' })).statusCode).toBe(200);
    expect(await mapped(h, target)).toEqual([]);
  });
});
