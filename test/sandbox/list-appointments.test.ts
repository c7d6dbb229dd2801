import { describe, expect, it } from 'vitest';
import {
  DR_BELL_LOOP,
  DR_CHEN_BROOKLYN,
  DR_CHEN_MIDTOWN,
  type Harness,
  harness,
  PA_PARK_SANTA_MONICA,
} from './sandbox-harness.ts';

interface Item {
  appointment_id: string;
  appointment_status: string;
  start_time: string;
  created_time_utc: string;
  last_modified_time_utc: string;
  developer_patient_id: string | null;
  provider_location_id: string;
}

const LIST = '/v1/appointments';

/** `count` appointments at Dr. Chen Midtown, one per hour from Monday 2026-11-23 09:00 New York. */
function seedHourly(h: Harness, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const start = new Date(Date.parse('2026-11-23T14:00:00Z') + i * 3_600_000);
    ids.push(
      h.store.createAppointment({ provider_location_id: DR_CHEN_MIDTOWN, start_time: start }).appointment_id,
    );
    h.advance(1000);
  }
  return ids;
}

async function list(h: Harness, query = '') {
  const response = await h.call({ method: 'GET', url: `${LIST}${query ? `?${query}` : ''}` });
  return response;
}

describe('GET /v1/appointments', () => {
  it('pages with an absolute next_url and "" on the last page', async () => {
    const h = await harness({ seedFixtureAppointments: false });
    const ids = seedHourly(h, 25);

    const seen: string[] = [];
    let url: string = `${LIST}?page_size=10`;
    const pages: Array<{ page: number; next_url: string; total_count: number; n: number }> = [];
    while (url) {
      const response = await h.call({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      pages.push({
        page: body.page,
        next_url: body.next_url,
        total_count: body.total_count,
        n: body.data.length,
      });
      seen.push(...body.data.map((item: Item) => item.appointment_id));
      url = body.next_url ? body.next_url.replace('http://localhost:80', '') : '';
    }
    expect(pages).toEqual([
      {
        page: 0,
        next_url: 'http://localhost:80/v1/appointments?page_size=10&page=1',
        total_count: 25,
        n: 10,
      },
      {
        page: 1,
        next_url: 'http://localhost:80/v1/appointments?page_size=10&page=2',
        total_count: 25,
        n: 10,
      },
      { page: 2, next_url: '', total_count: 25, n: 5 },
    ]);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(seen).toHaveLength(25);
  });

  it('builds next_url from the request’s host and keeps the other parameters', async () => {
    const h = await harness({ seedFixtureAppointments: false });
    seedHourly(h, 3);
    const response = await h.call({
      method: 'GET',
      url: `${LIST}?page_size=1&statuses=pending_booking&location_ids=lo_nyMidtown01`,
      headers: { host: 'sandbox.test:3100' },
    });
    expect(response.json().next_url).toBe(
      'http://sandbox.test:3100/v1/appointments?page_size=1&statuses=pending_booking&location_ids=lo_nyMidtown01&page=1',
    );
  });

  it('has the envelope and AppointmentStatusResponseData items (no patient)', async () => {
    const h = await harness({ seedFixtureAppointments: false });
    seedHourly(h, 1);
    const body = (await list(h)).json();
    expect(Object.keys(body).sort()).toEqual([
      'data',
      'next_url',
      'page',
      'page_size',
      'request_id',
      'total_count',
    ]);
    expect(body).toMatchObject({ page: 0, page_size: 10, total_count: 1, next_url: '' });
    expect(Object.keys(body.data[0]).sort()).toEqual(
      [
        'appointment_id',
        'appointment_status',
        'cancellation_reason',
        'confirmation_type',
        'created_time_utc',
        'developer_patient_id',
        'is_provider_resource',
        'last_modified_time_utc',
        'location_phone_extension',
        'location_phone_number',
        'notes',
        'patient_type',
        'practice_id',
        'provider_location_id',
        'source',
        'start_time',
        'visit_reason_id',
        'visit_type',
        'waiting_room_path',
      ].sort(),
    );
  });

  it('refuses pages past the first 1,000 results, naming page', async () => {
    const h = await harness();
    const tooFar = await list(h, 'page=10&page_size=100');
    expect(tooFar.statusCode).toBe(400);
    expect(tooFar.json()).toEqual({
      request_id: expect.any(String),
      error_type: 'invalid_request',
      errors: [{ field: 'page', message: expect.stringContaining('first 1000 results') }],
    });
    expect((await list(h, 'page=9&page_size=100')).statusCode).toBe(200);
    expect((await list(h, 'page=10&page_size=90')).statusCode).toBe(200);
  });

  it('validates page and page_size', async () => {
    const h = await harness();
    for (const [query, field] of [
      ['page=11', 'page'],
      ['page=-1', 'page'],
      ['page=abc', 'page'],
      ['page_size=0', 'page_size'],
      ['page_size=101', 'page_size'],
      ['page_size=1.5', 'page_size'],
    ]) {
      const response = await list(h, query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }
  });

  it('stops next_url where the next page would pass the 1,000-result cap', async () => {
    const h = await harness({ seedFixtureAppointments: false });
    h.store.bulkCreateAppointments(1200);
    const page8 = (await list(h, 'page=8&page_size=100')).json();
    expect(page8.next_url).toBe('http://localhost:80/v1/appointments?page_size=100&page=9');
    const page9 = (await list(h, 'page=9&page_size=100')).json();
    expect(page9.total_count).toBe(1200);
    expect(page9.data).toHaveLength(100);
    expect(page9.next_url).toBe('');
  });

  it('filters by statuses, validated against the enum', async () => {
    const h = await harness({ seedFixtureAppointments: false });
    const [a, b, c] = seedHourly(h, 3) as [string, string, string];
    h.store.updateAppointment(a, { appointment_status: 'confirmed' });
    h.store.updateAppointment(b, { appointment_status: 'cancelled' });
    const both = (await list(h, 'statuses=confirmed,cancelled')).json();
    expect(both.data.map((i: Item) => i.appointment_id).sort()).toEqual([a, b].sort());
    const repeated = (await list(h, 'statuses=pending_booking&statuses=confirmed')).json();
    expect(repeated.data.map((i: Item) => i.appointment_id).sort()).toEqual([a, c].sort());

    const bad = await list(h, 'statuses=confirmed,arrived');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { field: 'statuses', message: expect.stringContaining('unknown value(s) arrived') },
    ]);
  });

  it('filters by developer_patient_id and by practice, provider and location ids', async () => {
    const h = await harness({ seedFixtureAppointments: false });
    const mine = h.store.createAppointment({
      provider_location_id: PA_PARK_SANTA_MONICA,
      patient: { developer_patient_id: 'partner-7' },
    });
    const bell = h.store.createAppointment({ provider_location_id: DR_BELL_LOOP });
    const brooklyn = h.store.createAppointment({ provider_location_id: DR_CHEN_BROOKLYN });
    const ids = async (query: string) =>
      ((await list(h, query)).json().data as Item[]).map((i) => i.appointment_id).sort();

    expect(await ids('developer_patient_id=partner-7')).toEqual([mine.appointment_id]);
    expect(await ids('practice_ids=pt_Pc5tJ8uGz1RyH4dQ7kLs2M')).toEqual([mine.appointment_id]);
    expect(await ids('provider_ids=pr_dL9qW4eR7tY1,pr_aN3kM8vQ2xL7')).toEqual(
      [bell.appointment_id, brooklyn.appointment_id].sort(),
    );
    expect(await ids('location_ids=lo_nyBrooklyn02')).toEqual([brooklyn.appointment_id]);
    expect(await ids('location_ids=lo_nowhere')).toEqual([]);
  });

  it('filters by start, created and last-modified windows in both documented formats', async () => {
    const h = await harness({ seedFixtureAppointments: false });
    const ids = seedHourly(h, 5); // starts 14:00Z…18:00Z on 2026-11-23; created 1 s apart from 12:00:00Z
    const got = async (query: string) => {
      const response = await list(h, query);
      expect(response.statusCode, query).toBe(200);
      return (response.json().data as Item[]).map((i) => i.appointment_id).sort();
    };
    // The docs' form, with '+' sent raw (decoded as a space) and percent-encoded.
    expect(await got('start_time_utc_min=2026-11-23%2016:00:00+00:00')).toEqual(ids.slice(2).sort());
    expect(await got('start_time_utc_min=2026-11-23%2016:00:00%2B00:00')).toEqual(ids.slice(2).sort());
    expect(await got('start_time_utc_max=2026-11-23T15:00:00Z')).toEqual(ids.slice(0, 2).sort());
    expect(
      await got('start_time_utc_min=2026-11-23T10:00:00-05:00&start_time_utc_max=2026-11-23T11:00:00-05:00'),
    ).toEqual(ids.slice(1, 3).sort());
    expect(await got('created_time_utc_min=2026-11-20T12:00:03Z')).toEqual(ids.slice(3).sort());
    expect(await got('created_time_utc_max=2026-11-20%2012:00:00')).toEqual(ids.slice(0, 1).sort());

    h.advance(60_000);
    h.store.updateAppointment(ids[4]!, { notes: 'moved' });
    expect(await got('last_modified_time_utc_min=2026-11-20T12:01:00Z')).toEqual([ids[4]]);
    expect(await got('last_modified_time_utc_max=2026-11-20T12:00:59Z')).toEqual(ids.slice(0, 4).sort());

    for (const param of [
      'start_time_utc_min',
      'start_time_utc_max',
      'created_time_utc_min',
      'created_time_utc_max',
      'last_modified_time_utc_min',
      'last_modified_time_utc_max',
    ]) {
      const response = await list(h, `${param}=yesterday`);
      expect(response.statusCode, param).toBe(400);
      expect(response.json().errors).toEqual([{ field: param, message: expect.stringContaining(param) }]);
    }
    expect((await list(h, 'start_time_utc_min=2026-02-30T00:00:00Z')).statusCode).toBe(400);
  });

  it('sorts by start time descending by default, and by each key in both directions', async () => {
    const h = await harness({ seedFixtureAppointments: false });
    const ids = seedHourly(h, 4); // created and started in the same order
    const order = async (query: string) =>
      ((await list(h, query)).json().data as Item[]).map((i) => i.appointment_id);

    expect(await order('')).toEqual([...ids].reverse());
    expect(await order('sort_direction=ascending')).toEqual(ids);
    expect(await order('sort_by=created_time_utc&sort_direction=ascending')).toEqual(ids);
    expect(await order('sort_by=created_time_utc')).toEqual([...ids].reverse());

    h.advance(60_000);
    h.store.updateAppointment(ids[0]!, { notes: 'touched last' });
    expect(await order('sort_by=last_modified_time_utc')).toEqual([ids[0], ids[3], ids[2], ids[1]]);
    expect(await order('sort_by=last_modified_time_utc&sort_direction=ascending')).toEqual([
      ids[1],
      ids[2],
      ids[3],
      ids[0],
    ]);

    for (const [query, field] of [
      ['sort_by=status', 'sort_by'],
      ['sort_direction=up', 'sort_direction'],
    ]) {
      const response = await list(h, query);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }
  });

  it('breaks ties on appointment_id, so pages never overlap and descending reverses ascending', async () => {
    const h = await harness({ seedFixtureAppointments: false });
    const start = '2026-11-23T09:00:00-05:00';
    const ids = Array.from(
      { length: 7 },
      () => h.store.createAppointment({ start_time: start }).appointment_id,
    );
    const sorted = [...ids].sort();
    const page = async (query: string) =>
      ((await list(h, query)).json().data as Item[]).map((i) => i.appointment_id);
    const ascending = [
      ...(await page('sort_direction=ascending&page_size=3&page=0')),
      ...(await page('sort_direction=ascending&page_size=3&page=1')),
      ...(await page('sort_direction=ascending&page_size=3&page=2')),
    ];
    expect(ascending).toEqual(sorted);
    expect(await page('page_size=7')).toEqual([...sorted].reverse());
  });
});
