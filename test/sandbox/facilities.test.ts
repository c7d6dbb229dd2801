import { describe, expect, it } from 'vitest';
import { DR_CHEN_MIDTOWN, harness, ILLNESS } from './sandbox-harness.ts';

/** GET /v1-beta/facilities and /v1-beta/facilities/{facility_id} (§5.10, §12). */

type Harness = Awaited<ReturnType<typeof harness>>;
const search = (h: Harness, query: string) => h.call({ method: 'GET', url: `/v1-beta/facilities?${query}` });
const byId = (h: Harness, id: string) => h.call({ method: 'GET', url: `/v1-beta/facilities/${id}` });

const MIDTOWN_CLINIC = 'a6f3c1d2-5b7e-4c89-9d01-2e3f4a5b6c7d';
const DENTAL_CLEANING = 'pc_Tn6gH1jKl4ZxC8vBn2MqPr';

describe('GET /v1-beta/facilities', () => {
  it('npis 2988113970 → one facility, in the paged envelope with Facility items', async () => {
    const h = await harness();
    const response = await search(h, 'npis=2988113970');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      request_id: expect.any(String),
      page: 0,
      page_size: 10,
      total_count: 1,
      next_url: '',
      data: [
        {
          facility_id: MIDTOWN_CLINIC,
          name: 'Hudson Family Medicine - Midtown Clinic',
          npi: '2988113970',
          building_type: 'clinic',
          specialties: ['Primary Care Physician (PCP)'],
          languages: ['English', 'Mandarin'],
          visit_reason_ids: expect.arrayContaining([ILLNESS]),
          default_visit_reason_id: ILLNESS,
          location: expect.objectContaining({
            address1: '350 5th Ave',
            city: 'New York',
            state: 'NY',
            zip_code: '10118',
            latitude: 40.7484,
            longitude: -73.9857,
          }),
          schedule: {
            schedule_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
            provider_location_id: DR_CHEN_MIDTOWN,
            booking_requirements: {
              required_fields: [],
              accepts_booking_requests_from: ['in_network', 'out_of_network', 'self_pay'],
            },
          },
          practice: { practice_id: 'pt_Hk2mV8qLr4TzW1nB5xYc7D', practice_name: 'Hudson Family Medicine' },
        },
      ],
    });
    expect(response.json().data[0].location).not.toHaveProperty('distance_to_patient_mi');
  });

  it('npis 5884143085 → several facilities; npis keep request order', async () => {
    const h = await harness();
    const several = (await search(h, 'npis=5884143085')).json();
    expect(several.total_count).toBeGreaterThan(1);
    expect(several.data.every((f: { npi: string }) => f.npi === '5884143085')).toBe(true);
    const both = (await search(h, 'npis=5884143085,2988113970')).json();
    expect(both.data.map((f: { npi: string }) => f.npi)).toEqual([
      ...several.data.map(() => '5884143085'),
      '2988113970',
    ]);
    expect((await search(h, 'npis=1999999999')).json()).toMatchObject({ total_count: 0, data: [] });
  });

  it('searches by zip code, nearest first with distance, and filters by building type and visit reason', async () => {
    const h = await harness();
    const ny = (await search(h, 'zip_code=10001')).json();
    expect(ny.data.map((f: { facility_id: string }) => f.facility_id)).toEqual([
      MIDTOWN_CLINIC,
      'b2c4d6e8-1a3b-4c5d-8e7f-90a1b2c3d4e5',
    ]);
    const distances = ny.data.map(
      (f: { location: { distance_to_patient_mi: number } }) => f.location.distance_to_patient_mi,
    );
    expect(distances[0]).toBeLessThan(distances[1]);
    const hospitals = (await search(h, 'zip_code=10001&building_type=hospital')).json();
    expect(hospitals.data.map((f: { building_type: string }) => f.building_type)).toEqual(['hospital']);
    const dental = (await search(h, `zip_code=90036&visit_reason_id=${DENTAL_CLEANING}`)).json();
    expect(dental.data.map((f: { name: string }) => f.name)).toEqual([
      'Pacific Coast Medical Group - Wilshire Dental Clinic',
    ]);
    const near = (await search(h, 'zip_code=10001&max_distance_to_patient_mi=1')).json();
    expect(near.total_count).toBe(1);
    // npis and zip_code together: both must match.
    const together = (await search(h, 'zip_code=10001&npis=5884143085')).json();
    expect(together.total_count).toBe(0);
  });

  it('filters by insurance plan through the schedule’s mappings; ip_0 → 400', async () => {
    const h = await harness();
    const accepted = (await search(h, 'zip_code=10001&insurance_plan_id=ip_2224')).json();
    expect(accepted.total_count).toBe(2);
    const caOnly = (await search(h, 'zip_code=10001&insurance_plan_id=ip_2345')).json();
    expect(caOnly.total_count).toBe(0);
    const invalid = await search(h, 'zip_code=10001&insurance_plan_id=ip_0');
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors).toEqual([
      { field: 'insurance_plan_id', message: 'insurance_plan_id ip_0 is not a valid insurance plan' },
    ]);
  });

  it('zip_code 10112 → 500; 99734 → empty', async () => {
    const h = await harness();
    const error = await search(h, 'zip_code=10112');
    expect(error.statusCode).toBe(500);
    expect(error.json().error_type).toBe('api_error');
    const empty = await search(h, 'zip_code=99734');
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ total_count: 0, next_url: '', data: [] });
  });

  it('pages with an absolute next_url', async () => {
    const h = await harness();
    const first = (await search(h, 'npis=5884143085&page_size=1')).json();
    expect(first.data).toHaveLength(1);
    expect(first.next_url).toBe('http://localhost:80/v1-beta/facilities?npis=5884143085&page_size=1&page=1');
    const second = (await search(h, 'npis=5884143085&page_size=1&page=1')).json();
    expect(second.next_url).toBe('');
    expect(second.data[0].facility_id).not.toBe(first.data[0].facility_id);
  });

  it('validates its parameters, naming them', async () => {
    const h = await harness();
    const neither = await search(h, 'building_type=clinic');
    expect(neither.statusCode).toBe(400);
    expect(neither.json().errors).toEqual([{ field: 'npis', message: 'npis or zip_code is required' }]);
    const cases: Array<[string, string]> = [
      ['zip_code=123', 'zip_code'],
      ['npis=2988113970&building_type=office', 'building_type'],
      ['npis=2988113970&page=11', 'page'],
      ['npis=2988113970&page_size=51', 'page_size'],
      ['zip_code=10001&max_distance_to_patient_mi=51', 'max_distance_to_patient_mi'],
      ['zip_code=10001&visit_reason_id=pc_nope', 'visit_reason_id'],
      [`npis=${Array.from({ length: 51 }, (_, i) => 1_000_000_000 + i).join(',')}`, 'npis'],
    ];
    for (const [query, field] of cases) {
      const response = await search(h, query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors[0].field, query).toBe(field);
    }
  });

  it('answers 401 without a token', async () => {
    const h = await harness();
    expect(
      (await h.app.inject({ method: 'GET', url: '/v1-beta/facilities?npis=2988113970' })).statusCode,
    ).toBe(401);
  });
});

describe('GET /v1-beta/facilities/{facility_id}', () => {
  it('answers one facility', async () => {
    const h = await harness();
    const response = await byId(h, MIDTOWN_CLINIC);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      request_id: expect.any(String),
      data: expect.objectContaining({ facility_id: MIDTOWN_CLINIC, npi: '2988113970' }),
    });
  });

  it('§12: 45a305f4-… → 404, 1d399a6a-… → 500; malformed → 400', async () => {
    const h = await harness();
    const missing = await byId(h, '45a305f4-00df-43e6-89a9-17c315c22bcd');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      request_id: expect.any(String),
      error_type: 'invalid_request',
      errors: [
        { field: 'facility_id', message: 'Facility 45a305f4-00df-43e6-89a9-17c315c22bcd was not found' },
      ],
    });
    const error = await byId(h, '1d399a6a-283b-4991-89dd-a01ed9960a76');
    expect(error.statusCode).toBe(500);
    expect(error.json().error_type).toBe('api_error');
    const malformed = await byId(h, 'midtown');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].field).toBe('facility_id');
  });
});
