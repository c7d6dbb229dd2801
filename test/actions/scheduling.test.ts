import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRejectedInput, requestsDuring } from './action-assertions.ts';
import { type ActionHarness, startActionHarness } from './action-harness.ts';

// Seeded in the sandbox (src/sandbox/README.md, Seed).
const DR_CHEN_MIDTOWN = 'pr_aN3kM8vQ2xL7|lo_nyMidtown01';

interface AvailabilityInfo {
  next_available_utc?: string | null;
  next_28_days: string;
  url: string;
}
interface SchedulableEntity {
  id: string;
  npi?: string | null;
  type: string;
  go_live_timestamp_utc: string;
  profile_last_modified_timestamp_utc: string;
  new_patient_availability: AvailabilityInfo;
  existing_patient_availability: AvailabilityInfo;
}
interface EntitiesOutput {
  items: SchedulableEntity[];
  total_count: number | null;
  pages_fetched: number;
  has_more: boolean;
  next_page: number | string | null;
  recent_change_summary: {
    schedulable_entities_added: string[];
    schedulable_entities_removed: string[];
    schedulable_entities_profile_updated: string[];
  };
}

let harness: ActionHarness;
beforeAll(async () => {
  harness = await startActionHarness();
});
afterAll(async () => {
  await harness.close();
});

const search = (input: Record<string, unknown>) =>
  harness.run('zocdoc.search_schedulable_entities', input) as Promise<EntitiesOutput>;

describe('zocdoc.search_schedulable_entities', () => {
  let all: SchedulableEntity[];
  beforeAll(async () => {
    const output = await search({});
    all = output.items;
    expect(output.has_more).toBe(false);
    expect(output.total_count).toBe(all.length);
  });

  it('lists the bookable provider locations with their 28-day availability and the change summary', async () => {
    const sent = await requestsDuring(harness, async () => {
      const output = await search({});
      expect(output.recent_change_summary).toEqual({
        schedulable_entities_added: expect.any(Array),
        schedulable_entities_removed: expect.any(Array),
        schedulable_entities_profile_updated: expect.any(Array),
      });
    });
    expect(sent).toEqual(['GET /v1/schedulable_entities?page=0&page_size=5000']);

    const chen = all.find((entity) => entity.id === DR_CHEN_MIDTOWN);
    expect(chen).toBeDefined();
    expect(chen!.type).toBe('provider_location');
    expect(chen!.npi).toBe('1245789031');
    for (const availability of [chen!.new_patient_availability, chen!.existing_patient_availability]) {
      expect(['none', 'limited', 'available']).toContain(availability.next_28_days);
      expect(availability.url).toContain('/v1/provider_locations/availability');
    }
    expect(all.every((entity) => entity.type === 'provider_location')).toBe(true);
  });

  it('fetches one page by default, follows pages up to max_pages, and keeps the first page’s summary', async () => {
    const one = await search({ page_size: 2 });
    expect(one.items.map((e) => e.id)).toEqual(all.slice(0, 2).map((e) => e.id));
    expect(one.pages_fetched).toBe(1);
    expect(one.has_more).toBe(true);
    expect(one.next_page).toBe(1);

    const three = await search({ page_size: 2, max_pages: 3 });
    expect(three.items.map((e) => e.id)).toEqual(all.slice(0, 6).map((e) => e.id));
    expect(three.pages_fetched).toBe(3);
    expect(three.recent_change_summary.schedulable_entities_added).toEqual(expect.any(Array));

    const everything = await search({ page_size: 2, max_pages: 50 });
    expect(everything.items.map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(everything.has_more).toBe(false);
    expect(everything.next_page).toBeNull();
  });

  it('sends schedule types comma-joined and the 72-hour filter as a boolean', async () => {
    const sent = await requestsDuring(harness, () =>
      search({ schedule_types: ['provider_location', 'facility'], recent_changes_72hrs: true }),
    );
    const query = new URL(`http://x${sent[0]!.slice(4)}`).searchParams;
    expect(query.get('schedule_types')).toBe('provider_location,facility');
    expect(query.get('recent_changes_72hrs')).toBe('true');
  });

  it('lists only recent changes when asked', async () => {
    const recent = await search({ recent_changes_72hrs: true });
    const changed = new Set([
      ...recent.recent_change_summary.schedulable_entities_added,
      ...recent.recent_change_summary.schedulable_entities_profile_updated,
    ]);
    expect(recent.items.every((entity) => changed.has(entity.id))).toBe(true);
  });

  it('refuses bad input before calling the API', async () => {
    const key = 'zocdoc.search_schedulable_entities';
    await expectRejectedInput(harness, key, { page_size: 10001 }, 'page_size');
    await expectRejectedInput(harness, key, { page: -1 }, 'page');
    await expectRejectedInput(harness, key, { schedule_types: [] }, 'schedule_types');
    await expectRejectedInput(harness, key, { schedule_types: 'provider_location' }, 'schedule_types');
    await expectRejectedInput(harness, key, { recent_changes_72hrs: 'yes' }, 'recent_changes_72hrs');
    await expectRejectedInput(harness, key, { max_pages: 51 }, 'max_pages');
  });
});
