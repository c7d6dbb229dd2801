import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRejectedInput, failureOf, type Paged, requestsDuring } from './action-assertions.ts';
import { type ActionHarness, startActionHarness } from './action-harness.ts';

// Zocdoc's sandbox values for facilities (§12).
const ONE_FACILITY_NPI = '2988113970';
const SEVERAL_FACILITIES_NPI = '5884143085';
const MISSING_FACILITY_ID = '45a305f4-00df-43e6-89a9-17c315c22bcd';
const ERROR_FACILITY_ID = '1d399a6a-283b-4991-89dd-a01ed9960a76';

interface Facility {
  facility_id: string;
  name: string;
  npi?: string | null;
  building_type?: string | null;
  visit_reason_ids: string[];
  default_visit_reason_id: string;
  location: { zip_code: string; city: string };
  schedule: { schedule_id: string; provider_location_id: string; booking_requirements: unknown };
}

let harness: ActionHarness;
beforeAll(async () => {
  harness = await startActionHarness();
});
afterAll(async () => {
  await harness.close();
});

const search = (input: Record<string, unknown>) =>
  harness.run('zocdoc.search_facilities', input) as Promise<Paged<Facility>>;

describe('zocdoc.search_facilities', () => {
  it('finds the one facility of an NPI', async () => {
    const sent = await requestsDuring(harness, async () => {
      const output = await search({ npis: [ONE_FACILITY_NPI] });
      expect(output.items).toHaveLength(1);
      expect(output.items[0]!.npi).toBe(ONE_FACILITY_NPI);
      expect(output.items[0]!.schedule.provider_location_id).toMatch(/^[^|]+\|[^|]+$/);
      expect(output.has_more).toBe(false);
    });
    expect(sent).toEqual([`GET /v1-beta/facilities?npis=${ONE_FACILITY_NPI}&page=0&page_size=10`]);
  });

  it('finds several facilities, pages through them and filters by building type', async () => {
    const all = await search({ npis: [SEVERAL_FACILITIES_NPI], page_size: 50 });
    expect(all.items.length).toBeGreaterThanOrEqual(2);
    expect(all.total_count).toBe(all.items.length);

    const one = await search({ npis: [SEVERAL_FACILITIES_NPI], page_size: 1 });
    expect(one.items.map((f) => f.facility_id)).toEqual([all.items[0]!.facility_id]);
    expect(one.has_more).toBe(true);
    expect(one.next_page).toBe(1);

    const every = await search({ npis: [SEVERAL_FACILITIES_NPI], page_size: 1, max_pages: 10 });
    expect(every.items.map((f) => f.facility_id)).toEqual(all.items.map((f) => f.facility_id));
    expect(every.pages_fetched).toBe(all.items.length);
    expect(every.has_more).toBe(false);
    expect(every.next_page).toBeNull();

    for (const buildingType of ['clinic', 'hospital'] as const) {
      const filtered = await search({
        npis: [SEVERAL_FACILITIES_NPI],
        building_type: buildingType,
        page_size: 50,
      });
      expect(filtered.items.every((f) => f.building_type === buildingType)).toBe(true);
    }
  });

  it('finds facilities near a zip code', async () => {
    const near = (await search({ npis: [ONE_FACILITY_NPI] })).items[0]!;
    const output = await search({ zip_code: near.location.zip_code, page_size: 50 });
    expect(output.items.map((f) => f.facility_id)).toContain(near.facility_id);
  });

  it('answers the sandbox’s empty zip code with no facilities', async () => {
    const output = await search({ zip_code: '99734' });
    expect(output.items).toEqual([]);
    expect(output.has_more).toBe(false);
  });

  it('maps the sandbox’s error zip (500) to upstream', async () => {
    const error = await failureOf(search({ zip_code: '10112' }));
    expect(error.kind).toBe('upstream');
    expect(error.extra.status).toBe(500);
  });

  it('maps a refused insurance plan (400) to validation, with the API’s errors and request id', async () => {
    const error = await failureOf(search({ zip_code: '10118', insurance_plan_id: 'ip_0' }));
    expect(error.kind).toBe('validation');
    expect(error.extra.status).toBe(400);
    expect(error.extra.requestId).toEqual(expect.any(String));
    expect(error.extra.details?.map((d) => d.field)).toContain('insurance_plan_id');
    expect(error.toJSON()).toMatchObject({
      kind: 'validation',
      status: 400,
      request_id: error.extra.requestId,
    });
  });

  it('refuses bad input before calling the API', async () => {
    const key = 'zocdoc.search_facilities';
    for (const field of ['npis', 'zip_code']) await expectRejectedInput(harness, key, {}, field);
    await expectRejectedInput(harness, key, { zip_code: '1011A' }, 'zip_code');
    await expectRejectedInput(harness, key, { npis: Array.from({ length: 51 }, (_, i) => `${i}`) }, 'npis');
    await expectRejectedInput(harness, key, { zip_code: '10118', building_type: 'office' }, 'building_type');
    await expectRejectedInput(harness, key, { zip_code: '10118', page: 11 }, 'page');
    await expectRejectedInput(harness, key, { zip_code: '10118', page_size: 51 }, 'page_size');
    await expectRejectedInput(
      harness,
      key,
      { zip_code: '10118', max_distance_to_patient_mi: 51 },
      'max_distance_to_patient_mi',
    );
  });
});

describe('zocdoc.get_facility', () => {
  it('reads a facility found by a search', async () => {
    const found = (await search({ npis: [SEVERAL_FACILITIES_NPI] })).items[0]!;
    const sent = await requestsDuring(harness, async () => {
      const output = (await harness.run('zocdoc.get_facility', {
        facility_id: found.facility_id,
      })) as Facility;
      expect(output).toEqual(found);
    });
    expect(sent).toEqual([`GET /v1-beta/facilities/${found.facility_id}`]);
  });

  it('maps the sandbox’s missing facility (404) to not_found and its error facility (500) to upstream', async () => {
    const missing = await failureOf(harness.run('zocdoc.get_facility', { facility_id: MISSING_FACILITY_ID }));
    expect(missing.kind).toBe('not_found');
    expect(missing.extra.status).toBe(404);
    const broken = await failureOf(harness.run('zocdoc.get_facility', { facility_id: ERROR_FACILITY_ID }));
    expect(broken.kind).toBe('upstream');
    expect(broken.extra.status).toBe(500);
  });

  it('refuses an id that is not a UUID before calling the API', async () => {
    await expectRejectedInput(harness, 'zocdoc.get_facility', { facility_id: 'fa_123' }, 'facility_id');
  });
});
