import { describe, expect, it } from 'vitest';
import {
  DR_CHEN_MIDTOWN,
  DR_OKAFOR_MIDTOWN,
  harness,
  ILLNESS,
  PA_PARK_SANTA_MONICA,
  PHYSICAL,
} from './sandbox-harness.ts';

/** GET /v1/reference/npi (§5.1) and GET /v1/schedulable_entities (§5.2). */

const DR_ROSSI_LOOP = 'pr_cJ5hF2dS8gK3|lo_chiLoop03';
const RETIRED = 'pr_dL9qW4eR7tY1|lo_chiOldTown07';
const NO_AVAILABILITY = 'pr_no_availbility|lo_no_availbility';
const HOUR = 60 * 60 * 1000;
/** These tests move the clock by days: a token that outlives them. */
const LONG_TOKENS = { tokenTtlSeconds: 30 * 24 * 3600 };
/** 9 ordinary provider locations and Zocdoc's 16 test ones. */
const ENTITY_COUNT = 25;
const NPI_COUNT = 23;

type Harness = Awaited<ReturnType<typeof harness>>;

interface Outlook {
  next_available_utc: string | null;
  next_28_days: string;
  url: string;
}
interface Entity {
  id: string;
  new_patient_availability: Outlook;
  existing_patient_availability: Outlook;
}

async function entities(h: Harness, query = '', token?: string) {
  return h.call({
    method: 'GET',
    url: `/v1/schedulable_entities${query}`,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
}

describe('GET /v1/reference/npi', () => {
  it('lists every provider NPI once, sorted, as data.npis in the paged envelope', async () => {
    const h = await harness();
    const response = await h.call({ method: 'GET', url: '/v1/reference/npi' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      request_id: expect.any(String),
      page: 0,
      page_size: 60000,
      total_count: NPI_COUNT,
      next_url: '',
      data: { npis: expect.any(Array) },
    });
    expect(body.data.npis).toHaveLength(NPI_COUNT);
    expect(body.data.npis).toEqual([...body.data.npis].sort());
    expect(body.data.npis).toContain('1245789031');
    for (const npi of body.data.npis) expect(npi).toMatch(/^\d{10}$/);
  });

  it('pages with an absolute next_url that keeps the query, and "" on the last page', async () => {
    const h = await harness();
    const first = (await h.call({ method: 'GET', url: '/v1/reference/npi?page_size=10' })).json();
    expect(first.data.npis).toHaveLength(10);
    expect(first.next_url).toBe('http://localhost:80/v1/reference/npi?page_size=10&page=1');
    const second = (
      await h.call({ method: 'GET', url: first.next_url.replace('http://localhost:80', '') })
    ).json();
    expect(second.page).toBe(1);
    expect(second.data.npis[0] > first.data.npis[9]).toBe(true);
    const last = (await h.call({ method: 'GET', url: '/v1/reference/npi?page_size=10&page=2' })).json();
    expect(last.data.npis).toHaveLength(NPI_COUNT - 20);
    expect(last.next_url).toBe('');
    const beyond = (await h.call({ method: 'GET', url: '/v1/reference/npi?page_size=10&page=7' })).json();
    expect(beyond.data.npis).toEqual([]);
    expect(beyond.total_count).toBe(NPI_COUNT);
  });

  it('validates page and page_size (1–60000), naming the parameter', async () => {
    const h = await harness();
    for (const [query, field] of [
      ['page=-1', 'page'],
      ['page=x', 'page'],
      ['page_size=0', 'page_size'],
      ['page_size=60001', 'page_size'],
    ]) {
      const response = await h.call({ method: 'GET', url: `/v1/reference/npi?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json()).toMatchObject({ error_type: 'invalid_request', errors: [{ field }] });
    }
    expect((await h.call({ method: 'GET', url: '/v1/reference/npi?page_size=60000' })).statusCode).toBe(200);
  });

  it('answers 401 without a token', async () => {
    const h = await harness();
    const response = await h.app.inject({ method: 'GET', url: '/v1/reference/npi' });
    expect(response.statusCode).toBe(401);
    expect(response.body).toBe('');
  });
});

describe('GET /v1/schedulable_entities', () => {
  it('needs external.schedulable_entity.read: 403 ErrorResult naming the scope without it', async () => {
    const h = await harness();
    const without = await entities(h, '', await h.token('external.appointment.read'));
    expect(without.statusCode).toBe(403);
    expect(without.json()).toEqual({
      request_id: expect.any(String),
      error_type: 'invalid_request',
      errors: [{ message: expect.stringContaining('external.schedulable_entity.read') }],
    });
    const withScope = await entities(h, '', await h.token('external.schedulable_entity.read'));
    expect(withScope.statusCode).toBe(200);
  });

  it('returns every provider location as an entity, with the object-shaped data and 1.176 defaults', async () => {
    const h = await harness();
    const body = (await entities(h)).json();
    expect(body).toMatchObject({ page: 0, page_size: 5000, total_count: ENTITY_COUNT, next_url: '' });
    expect(Object.keys(body.data).sort()).toEqual(['recent_change_summary', 'schedulable_entities']);
    const list = body.data.schedulable_entities as Array<{ id: string }>;
    expect(list).toHaveLength(ENTITY_COUNT);
    const ids = list.map((e) => e.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain('pr_pending|lo_pending');

    const chen = list.find((e) => e.id === DR_CHEN_MIDTOWN);
    expect(chen).toEqual({
      id: DR_CHEN_MIDTOWN,
      npi: '1245789031',
      type: 'provider_location',
      go_live_timestamp_utc: expect.stringMatching(/^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      profile_last_modified_timestamp_utc: expect.stringMatching(/Z$/),
      new_patient_availability: {
        // Friday 09:00 in New York, the first slot of the default visit reason.
        next_available_utc: '2026-11-20T14:00:00.000Z',
        next_28_days: 'available',
        url: `http://localhost:80/v1/provider_locations/availability?provider_location_ids=pr_aN3kM8vQ2xL7%7Clo_nyMidtown01&visit_reason_id=${ILLNESS}&patient_type=new`,
      },
      existing_patient_availability: {
        next_available_utc: '2026-11-20T14:00:00.000Z',
        next_28_days: 'available',
        url: expect.stringContaining('patient_type=existing'),
      },
      time_zone: 'America/New_York',
      main_specialty_id: 'sp_153',
      main_specialty_name: 'Primary Care Physician (PCP)',
    });
  });

  it('derives the 28-day outlook from real availability: none, limited and available', async () => {
    const h = await harness();
    const list = (await entities(h)).json().data.schedulable_entities as Entity[];
    const byId = new Map(list.map((e) => [e.id, e]));
    // Existing patients only: no new-patient availability at all.
    expect(byId.get(DR_OKAFOR_MIDTOWN)?.new_patient_availability).toMatchObject({
      next_available_utc: null,
      next_28_days: 'none',
    });
    expect(byId.get(DR_OKAFOR_MIDTOWN)?.existing_patient_availability.next_28_days).toBe('available');
    expect(byId.get(NO_AVAILABILITY)?.new_patient_availability).toMatchObject({
      next_available_utc: null,
      next_28_days: 'none',
    });

    // A calendar with a handful of slots on one day replaces that day; with the weekly
    // schedule wiped for the next 28 days the outlook is "limited" (< 20 slots).
    const provider = 'pr_eX2vB6nM3kP8'; // Dr. Nair, Mon–Fri, America/Los_Angeles
    for (let day = 0; day < 29; day++) {
      const date = new Date(Date.UTC(2026, 10, 20 + day)).toISOString().slice(0, 10);
      const timeslots =
        day === 3
          ? ['09:00', '10:00', '11:00'].map((t) => ({
              provider_id: provider,
              location_id: 'lo_laWilshire05',
              start_time: `${date}T${t}:00`,
              time_zone: 'America/Los_Angeles',
            }))
          : [];
      const put = await h.call({
        method: 'PUT',
        url: `/v1/providers/${provider}/calendar/timeslots?date=${date}`,
        payload: { timeslots },
      });
      expect(put.statusCode).toBe(200);
    }
    const after = (await entities(h)).json().data.schedulable_entities as Entity[];
    const nair = after.find((e) => e.id === 'pr_eX2vB6nM3kP8|lo_laWilshire05');
    expect(nair?.new_patient_availability).toMatchObject({
      next_available_utc: '2026-11-23T17:00:00.000Z',
      next_28_days: 'limited',
    });
  });

  it('summarises the adds, removals and profile updates of the last 72 hours by the clock', async () => {
    const h = await harness(LONG_TOKENS);
    const body = (await entities(h)).json();
    expect(body.data.recent_change_summary).toEqual({
      schedulable_entities_added: [PA_PARK_SANTA_MONICA],
      schedulable_entities_removed: [RETIRED],
      schedulable_entities_profile_updated: [DR_ROSSI_LOOP],
    });
    const park = body.data.schedulable_entities.find((e: { id: string }) => e.id === PA_PARK_SANTA_MONICA);
    expect(Date.parse(park.go_live_timestamp_utc)).toBe(h.now().getTime() - 20 * HOUR);

    const recent = (await entities(h, '?recent_changes_72hrs=true')).json();
    expect(recent.total_count).toBe(2);
    expect(recent.data.schedulable_entities.map((e: { id: string }) => e.id)).toEqual([
      DR_ROSSI_LOOP,
      PA_PARK_SANTA_MONICA,
    ]);
    expect((await entities(h, '?recent_changes_72hrs=false')).json().total_count).toBe(ENTITY_COUNT);

    // 73 hours on, none of it is recent any more.
    h.advance(73 * HOUR);
    const later = (await entities(h, '?recent_changes_72hrs=true')).json();
    expect(later.data.recent_change_summary).toEqual({
      schedulable_entities_added: [],
      schedulable_entities_removed: [],
      schedulable_entities_profile_updated: [],
    });
    expect(later.data.schedulable_entities).toEqual([]);
  });

  it('tracks removals, re-adds and profile updates made through the admin surface', async () => {
    const h = await harness(LONG_TOKENS);
    h.advance(80 * HOUR); // past the seeded history
    const event = (id: string, name: string) =>
      h.app.inject({
        method: 'POST',
        url: `/_sandbox/schedulable-entities/${encodeURIComponent(id)}/events`,
        payload: { event: name },
      });

    const removed = await event(DR_CHEN_MIDTOWN, 'removed');
    expect(removed.statusCode).toBe(200);
    expect(removed.json().data).toEqual({
      provider_location_id: DR_CHEN_MIDTOWN,
      event: 'removed',
      live: false,
    });
    let body = (await entities(h)).json();
    expect(body.total_count).toBe(ENTITY_COUNT - 1);
    expect(body.data.recent_change_summary.schedulable_entities_removed).toEqual([DR_CHEN_MIDTOWN]);

    h.advance(HOUR);
    await event(DR_CHEN_MIDTOWN, 'added');
    await event(DR_OKAFOR_MIDTOWN, 'profile_updated');
    body = (await entities(h)).json();
    expect(body.total_count).toBe(ENTITY_COUNT);
    expect(body.data.recent_change_summary).toEqual({
      schedulable_entities_added: [DR_CHEN_MIDTOWN],
      schedulable_entities_removed: [],
      schedulable_entities_profile_updated: [DR_OKAFOR_MIDTOWN],
    });
    const chen = body.data.schedulable_entities.find((e: { id: string }) => e.id === DR_CHEN_MIDTOWN);
    expect(chen.go_live_timestamp_utc).toBe(h.now().toISOString());

    expect((await event('pr_nope|lo_nope', 'added')).statusCode).toBe(404);
    const bad = await event(DR_CHEN_MIDTOWN, 'renamed');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('event');
  });

  it('pages with next_url, filters by schedule_types, and validates its parameters', async () => {
    const h = await harness();
    const first = (await entities(h, '?page_size=10')).json();
    expect(first.data.schedulable_entities).toHaveLength(10);
    expect(first.next_url).toBe('http://localhost:80/v1/schedulable_entities?page_size=10&page=1');
    // The summary does not depend on the page.
    expect(first.data.recent_change_summary.schedulable_entities_added).toEqual([PA_PARK_SANTA_MONICA]);
    const last = (await entities(h, '?page_size=10&page=2')).json();
    expect(last.data.schedulable_entities).toHaveLength(ENTITY_COUNT - 20);
    expect(last.next_url).toBe('');

    expect((await entities(h, '?schedule_types=provider_location')).json().total_count).toBe(ENTITY_COUNT);
    expect((await entities(h, '?schedule_types=facility')).json().total_count).toBe(0);

    for (const [query, field] of [
      ['?page_size=0', 'page_size'],
      ['?page_size=10001', 'page_size'],
      ['?page=-2', 'page'],
      ['?recent_changes_72hrs=yes', 'recent_changes_72hrs'],
    ]) {
      const response = await entities(h, query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }
    expect((await entities(h, '?page_size=10000')).statusCode).toBe(200);
  });

  it('keeps the url of each outlook callable: it answers the default visit reason', async () => {
    const h = await harness();
    const list = (await entities(h)).json().data.schedulable_entities as Entity[];
    const okafor = list.find((e) => e.id === DR_OKAFOR_MIDTOWN)!;
    const url = new URL(okafor.existing_patient_availability.url);
    expect(url.searchParams.get('visit_reason_id')).toBe(PHYSICAL);
    const response = await h.call({ method: 'GET', url: `${url.pathname}${url.search}` });
    expect(response.statusCode).toBe(200);
    expect(response.json().data[0].timeslots.length).toBeGreaterThan(0);
  });
});
