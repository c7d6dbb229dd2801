import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { startSandbox } from '../../src/sandbox/sandbox-app.ts';
import { type ApiKit, bearer, connectToSandbox, createApiKit } from './api-test-kit.ts';

describe('catalog API', () => {
  let kit: ApiKit;
  beforeAll(async () => {
    kit = await createApiKit();
  });
  afterAll(() => kit.close());

  it('lists connectors with their counts, for authenticated callers only', async () => {
    expect((await kit.app.inject({ method: 'GET', url: '/v1/connectors' })).statusCode).toBe(401);
    const res = await kit.app.inject({ method: 'GET', url: '/v1/connectors', headers: bearer(kit.a.key) });
    expect(res.statusCode).toBe(200);
    const [zocdoc] = res.json().data;
    expect(zocdoc).toMatchObject({ key: 'zocdoc', title: 'Zocdoc' });
    expect(zocdoc.action_count).toBeGreaterThanOrEqual(9);
  });

  it('describes each action with draft 2020-12 JSON Schemas and retry safety, and each trigger with its payload', async () => {
    const res = await kit.app.inject({
      method: 'GET',
      url: '/v1/connectors/zocdoc',
      headers: bearer(kit.a.key),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const create = body.actions.find((a: { key: string }) => a.key === 'zocdoc.create_appointment');
    expect(create).toMatchObject({ group: 'Appointments', safe_to_retry: false, paginated: false });
    expect(create.input_schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(create.input_schema.properties.patient.properties.phone_number).toMatchObject({
      type: 'string',
      pattern: expect.any(String),
      description: expect.any(String),
    });
    expect(create.input_schema.properties.provider_location_id['x-options']).toBe('provider_locations');
    const search = body.actions.find((a: { key: string }) => a.key === 'zocdoc.search_appointments');
    expect(search).toMatchObject({ safe_to_retry: true, paginated: true });
    expect(search.output_schema.properties.items.type).toBe('array');
    expect(body.triggers.map((t: { key: string }) => t.key)).toEqual(
      expect.arrayContaining(['zocdoc.appointment_created', 'zocdoc.appointment_updated']),
    );
    expect(body.triggers[0].payload_schema.properties.appointment_id).toBeDefined();
  });

  it('answers 404 for an unknown connector', async () => {
    const res = await kit.app.inject({
      method: 'GET',
      url: '/v1/connectors/nope',
      headers: bearer(kit.a.key),
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('test this step, and dropdown options', () => {
  let kit: ApiKit;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let connectionId: string;

  beforeAll(async () => {
    kit = await createApiKit();
    ({ sandbox, connectionId } = await connectToSandbox(kit.app, kit.a.key));
  });
  afterAll(async () => {
    await sandbox.close();
    await kit.close();
  });

  const test = (key: string, input: unknown, apiKey = kit.a.key, id = connectionId) =>
    kit.app.inject({
      method: 'POST',
      url: `/v1/connections/${id}/actions/${key}/test`,
      headers: bearer(apiKey),
      payload: { input },
    });

  it('runs an action once and returns its output', async () => {
    const booked = sandbox.store.createAppointment({ appointment_status: 'pending_booking' });
    const res = await test('zocdoc.get_appointment', { appointment_id: booked.appointment_id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      ok: true,
      output: { appointment_id: booked.appointment_id, appointment_status: 'pending_booking' },
    });
  });

  it('returns an upstream failure as a classified error, not an HTTP error', async () => {
    const res = await test('zocdoc.get_appointment', { appointment_id: randomUUID() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      ok: false,
      error: { kind: 'not_found', status: 404, request_id: expect.any(String) },
    });
  });

  it('answers 400 naming body.input.<field> for an input the action rejects', async () => {
    const res = await test('zocdoc.get_appointment', { appointment_id: 'not-a-uuid', extra: 1 });
    expect(res.statusCode).toBe(400);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.input.appointment_id', 'body.input.extra']));
  });

  it('answers 404 for an unknown action, and for another workspace’s connection', async () => {
    expect((await test('zocdoc.nope', {})).statusCode).toBe(404);
    const booked = sandbox.store.createAppointment();
    expect(
      (await test('zocdoc.get_appointment', { appointment_id: booked.appointment_id }, kit.b.key)).statusCode,
    ).toBe(404);
  });

  it('serves options from the connection: provider locations, their visit reasons, insurance plans', async () => {
    const options = async (source: string, query: string) => {
      const res = await kit.app.inject({
        method: 'GET',
        url: `/v1/connections/${connectionId}/options/${source}?${query}`,
        headers: bearer(kit.a.key),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data as Array<{ value: string; label: string }>;
    };
    const location = sandbox.store
      .listProviderLocations()
      .find((l) => l.provider_location_id.startsWith('pr_') && !l.provider_location_id.includes('_error'))!;
    const locations = await options(
      'provider_locations',
      `zip_code=10001&visit_reason_id=${location.default_visit_reason_id}`,
    );
    expect(locations.length).toBeGreaterThan(0);
    expect(locations.every((o) => /\|/.test(o.value) && o.label.length > 0)).toBe(true);

    const reasons = await options(
      'visit_reasons',
      `provider_location_id=${encodeURIComponent(location.provider_location_id)}`,
    );
    expect(reasons.map((o) => o.value)).toContain(location.default_visit_reason_id);
    expect(reasons.find((o) => o.value === location.default_visit_reason_id)!.label).toContain('default');

    const plans = await options('insurance_plans', 'state=CA');
    expect(plans.map((o) => o.value)).toContain('ip_2345');
  });

  it('serves options for a field, and 400 for missing source parameters', async () => {
    const missing = await kit.app.inject({
      method: 'GET',
      url: `/v1/connections/${connectionId}/options/visit_reasons`,
      headers: bearer(kit.a.key),
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('query.provider_location_id');
    const unknown = await kit.app.inject({
      method: 'GET',
      url: `/v1/connections/${connectionId}/options/nope`,
      headers: bearer(kit.a.key),
    });
    expect(unknown.statusCode).toBe(404);
  });
});
