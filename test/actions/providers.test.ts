import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRejectedInput, failureOf, type Paged, requestsDuring } from './action-assertions.ts';
import { type ActionHarness, startActionHarness } from './action-harness.ts';

// Seeded in the sandbox (src/sandbox/README.md, Seed).
const DR_CHEN_NPI = '1245789031';
const DR_OKAFOR_NPI = '1346792587';
const DR_CHEN = 'pr_aN3kM8vQ2xL7';
const DR_CHEN_MIDTOWN = 'pr_aN3kM8vQ2xL7|lo_nyMidtown01';
const DR_CHEN_BROOKLYN = 'pr_aN3kM8vQ2xL7|lo_nyBrooklyn02';

interface ProviderDetails {
  provider_id?: string | null;
  npi?: string | null;
  locations: Array<{
    provider_location_id: string;
    accepts_patient_insurance: string;
    distance_to_patient_mi?: number | null;
    is_nearest_match?: boolean | null;
  }>;
  virtual_locations: Array<{ provider_location_id: string }>;
  practice: { practice_id: string; practice_name: string };
}
interface ProvidersOutput {
  items: Array<{ npi?: string | null; providers?: ProviderDetails[] | null }>;
}

let harness: ActionHarness;
beforeAll(async () => {
  harness = await startActionHarness();
});
afterAll(async () => {
  await harness.close();
});

describe('zocdoc.get_providers_by_npis', () => {
  it('finds each NPI’s providers with their locations, sending the NPIs comma-joined', async () => {
    let output!: ProvidersOutput;
    const sent = await requestsDuring(harness, async () => {
      output = (await harness.run('zocdoc.get_providers_by_npis', {
        npis: [DR_CHEN_NPI, DR_OKAFOR_NPI],
      })) as ProvidersOutput;
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^GET \/v1\/providers\?/);
    expect(new URL(`http://x${sent[0]!.slice(4)}`).searchParams.get('npis')).toBe(
      `${DR_CHEN_NPI},${DR_OKAFOR_NPI}`,
    );

    expect(output.items.map((entry) => entry.npi)).toEqual([DR_CHEN_NPI, DR_OKAFOR_NPI]);
    const chen = output.items[0]!.providers![0]!;
    expect(chen.npi).toBe(DR_CHEN_NPI);
    expect(chen.locations.map((l) => l.provider_location_id).sort()).toEqual(
      [DR_CHEN_BROOKLYN, DR_CHEN_MIDTOWN].sort(),
    );
    expect(chen.practice.practice_id).toMatch(/^pt_/);
    // No plan given: the API cannot tell whether the plan is taken.
    expect(chen.locations.every((l) => l.accepts_patient_insurance === 'insurance_not_specified')).toBe(true);
  });

  it('says whether each location takes the plan when an insurance plan is given', async () => {
    const output = (await harness.run('zocdoc.get_providers_by_npis', {
      npis: [DR_CHEN_NPI],
      insurance_plan_id: 'ip_5432',
    })) as ProvidersOutput;
    const locations = output.items[0]!.providers![0]!.locations;
    expect(locations.length).toBeGreaterThan(0);
    for (const location of locations) {
      expect(['accepted', 'not_accepted']).toContain(location.accepts_patient_insurance);
    }
  });

  it('adds distances and marks the nearest location when latitude and longitude are given', async () => {
    // Near Brooklyn's Flatbush Avenue office.
    const output = (await harness.run('zocdoc.get_providers_by_npis', {
      npis: [DR_CHEN_NPI],
      latitude: 40.68,
      longitude: -73.97,
    })) as ProvidersOutput;
    const locations = output.items[0]!.providers![0]!.locations;
    expect(locations.every((l) => typeof l.distance_to_patient_mi === 'number')).toBe(true);
    const nearest = locations.filter((l) => l.is_nearest_match === true);
    expect(nearest.map((l) => l.provider_location_id)).toEqual([DR_CHEN_BROOKLYN]);
  });

  it('answers an NPI outside the directory with no providers (sandbox npi_missing)', async () => {
    const output = (await harness.run('zocdoc.get_providers_by_npis', {
      npis: ['npi_missing'],
    })) as ProvidersOutput;
    expect(output.items).toHaveLength(1);
    expect(output.items[0]!.providers ?? []).toEqual([]);
  });

  it('reports a Zocdoc fault as upstream (sandbox npi_error → 500)', async () => {
    const error = await failureOf(harness.run('zocdoc.get_providers_by_npis', { npis: ['npi_error'] }));
    expect(error.kind).toBe('upstream');
    expect(error.extra.status).toBe(500);
  });

  it('maps a refused insurance plan (400) to validation, with the API’s errors and request id', async () => {
    const error = await failureOf(
      harness.run('zocdoc.get_providers_by_npis', { npis: [DR_CHEN_NPI], insurance_plan_id: 'ip_0' }),
    );
    expect(error.kind).toBe('validation');
    expect(error.extra.status).toBe(400);
    expect(error.extra.requestId).toEqual(expect.any(String));
    expect(error.extra.details).toEqual([{ field: 'insurance_plan_id', message: expect.any(String) }]);
  });

  it('refuses bad input before calling the API', async () => {
    const fiftyOne = Array.from({ length: 51 }, (_, i) => String(1000000000 + i));
    await expectRejectedInput(harness, 'zocdoc.get_providers_by_npis', { npis: fiftyOne }, 'npis');
    await expectRejectedInput(harness, 'zocdoc.get_providers_by_npis', { npis: [] }, 'npis');
    await expectRejectedInput(
      harness,
      'zocdoc.get_providers_by_npis',
      { npis: [DR_CHEN_NPI], latitude: 40.7 },
      'longitude',
    );
    await expectRejectedInput(
      harness,
      'zocdoc.get_providers_by_npis',
      { npis: [DR_CHEN_NPI], longitude: -73.9 },
      'latitude',
    );
    await expectRejectedInput(
      harness,
      'zocdoc.get_providers_by_npis',
      { npis: [DR_CHEN_NPI], latitude: 91, longitude: 0 },
      'latitude',
    );
  });
});

describe('zocdoc.get_provider_reviews', () => {
  it('reads the review summary of a provider', async () => {
    const output = (await harness.run('zocdoc.get_provider_reviews', { provider_id: DR_CHEN })) as {
      provider_id: string;
      total_reviews: number;
      average_overall_rating?: number | null;
    };
    expect(output.provider_id).toBe(DR_CHEN);
    expect(Number.isInteger(output.total_reviews)).toBe(true);
    if (output.total_reviews > 0) {
      expect(output.average_overall_rating).toBeGreaterThanOrEqual(1);
      expect(output.average_overall_rating).toBeLessThanOrEqual(5);
    }
  });

  it('maps an unknown provider (404) to not_found', async () => {
    const error = await failureOf(
      harness.run('zocdoc.get_provider_reviews', { provider_id: 'pr_noSuchProvider' }),
    );
    expect(error.kind).toBe('not_found');
    expect(error.extra.status).toBe(404);
    expect(error.extra.requestId).toEqual(expect.any(String));
  });

  it('refuses a provider location id where a provider id belongs', async () => {
    await expectRejectedInput(
      harness,
      'zocdoc.get_provider_reviews',
      { provider_id: DR_CHEN_MIDTOWN },
      'provider_id',
    );
  });
});

describe('zocdoc.get_active_provider_npis', () => {
  let all: string[];
  beforeAll(async () => {
    const output = (await harness.run('zocdoc.get_active_provider_npis', {
      page_size: 60000,
    })) as Paged<string>;
    all = output.items;
    expect(output.has_more).toBe(false);
    expect(output.next_page).toBeNull();
    expect(output.total_count).toBe(all.length);
  });

  it('lists the directory’s NPIs', () => {
    expect(all).toContain(DR_CHEN_NPI);
    expect(all).toContain(DR_OKAFOR_NPI);
    expect(new Set(all).size).toBe(all.length);
  });

  it('fetches one page by default and says where the next one starts', async () => {
    const sent = await requestsDuring(harness, async () => {
      const output = (await harness.run('zocdoc.get_active_provider_npis', {
        page_size: 2,
      })) as Paged<string>;
      expect(output.items).toEqual(all.slice(0, 2));
      expect(output.pages_fetched).toBe(1);
      expect(output.has_more).toBe(true);
      expect(output.next_page).toBe(1);
    });
    expect(sent).toEqual(['GET /v1/reference/npi?page=0&page_size=2']);
  });

  it('follows pages up to max_pages and concatenates them', async () => {
    const sent = await requestsDuring(harness, async () => {
      const output = (await harness.run('zocdoc.get_active_provider_npis', {
        page_size: 2,
        max_pages: 2,
      })) as Paged<string>;
      expect(output.items).toEqual(all.slice(0, 4));
      expect(output.pages_fetched).toBe(2);
      expect(output.next_page).toBe(2);
    });
    expect(sent).toEqual([
      'GET /v1/reference/npi?page=0&page_size=2',
      'GET /v1/reference/npi?page=1&page_size=2',
    ]);
  });

  it('stops at the last page', async () => {
    const output = (await harness.run('zocdoc.get_active_provider_npis', {
      page_size: 2,
      max_pages: 50,
    })) as Paged<string>;
    expect(output.items).toEqual(all);
    expect(output.pages_fetched).toBe(Math.ceil(all.length / 2));
    expect(output.has_more).toBe(false);
    expect(output.next_page).toBeNull();
  });

  it('starts at the page asked for', async () => {
    const output = (await harness.run('zocdoc.get_active_provider_npis', {
      page: 1,
      page_size: 2,
    })) as Paged<string>;
    expect(output.items).toEqual(all.slice(2, 4));
  });

  it('refuses bad paging before calling the API', async () => {
    await expectRejectedInput(harness, 'zocdoc.get_active_provider_npis', { page_size: 60001 }, 'page_size');
    await expectRejectedInput(harness, 'zocdoc.get_active_provider_npis', { page: -1 }, 'page');
    await expectRejectedInput(harness, 'zocdoc.get_active_provider_npis', { max_pages: 0 }, 'max_pages');
  });
});
