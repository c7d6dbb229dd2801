import { describe, expect, it } from 'vitest';
import {
  availabilityUrl,
  book,
  DR_CHEN_BROOKLYN,
  DR_CHEN_MIDTOWN,
  harness,
  ILLNESS,
  PHYSICAL,
} from './sandbox-harness.ts';

/** GET/PUT /v1/providers/{provider_id}/calendar/timeslots (§5.11) and their effect on availability. */

type Harness = Awaited<ReturnType<typeof harness>>;

const CHEN = 'pr_aN3kM8vQ2xL7';
const MIDTOWN = 'lo_nyMidtown01';
const BROOKLYN = 'lo_nyBrooklyn02';
const NY = 'America/New_York';
/** A Monday: Dr. Chen's weekly schedule has her in Midtown 09:00–17:00, not in Brooklyn. */
const MONDAY = '2026-11-23';

const url = (provider: string, query: string) => `/v1/providers/${provider}/calendar/timeslots?${query}`;
const put = (h: Harness, date: string, timeslots: unknown, provider = CHEN) =>
  h.call({
    method: 'PUT',
    url: url(provider, `date=${date}`),
    payload: { timeslots } as Record<string, unknown>,
  });
const get = (h: Harness, query: string, provider = CHEN) =>
  h.call({ method: 'GET', url: url(provider, query) });
const slot = (start: string, extra: Record<string, unknown> = {}) => ({
  provider_id: CHEN,
  location_id: MIDTOWN,
  start_time: start,
  time_zone: NY,
  ...extra,
});

async function offered(
  h: Harness,
  providerLocationId: string,
  date: string,
  visitReasonId = ILLNESS,
  patientType = 'new',
): Promise<string[]> {
  const response = await h.call({
    method: 'GET',
    url: availabilityUrl({
      provider_location_ids: providerLocationId,
      visit_reason_id: visitReasonId,
      patient_type: patientType,
      start_date_in_provider_local_time: date,
      end_date_in_provider_local_time: date,
    }),
  });
  expect(response.statusCode).toBe(200);
  return response.json().data[0].timeslots.map((t: { start_time: string }) => t.start_time);
}

describe('PUT then GET /v1/providers/{provider_id}/calendar/timeslots', () => {
  it('stores the date’s timeslots and lists them in the cursor envelope', async () => {
    const h = await harness();
    const response = await put(h, MONDAY, [
      slot(`${MONDAY}T10:00:00`),
      slot(`${MONDAY}T14:00`, { location_id: BROOKLYN, patient_type: 'existing' }),
      slot(`${MONDAY}T09:30`, { allowed_visit_reason_ids: [PHYSICAL], excluded_visit_reason_ids: [] }),
    ]);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      request_id: expect.any(String),
      errors: { not_found_location_ids: [] },
    });

    const listed = await get(h, `date=${MONDAY}`);
    expect(listed.statusCode).toBe(200);
    const body = listed.json();
    expect(body).toEqual({
      request_id: expect.any(String),
      limit: 100,
      next_page_token: null,
      next_url: '',
      data: [
        {
          timeslot_id: expect.stringMatching(/^slot:/),
          created_utc: h.now().toISOString(),
          provider_id: CHEN,
          location_id: MIDTOWN,
          start_time: `${MONDAY}T09:30:00`,
          time_zone: NY,
          allowed_visit_reason_ids: [PHYSICAL],
          excluded_visit_reason_ids: [],
          patient_type: null,
        },
        expect.objectContaining({ start_time: `${MONDAY}T10:00:00`, allowed_visit_reason_ids: null }),
        expect.objectContaining({
          start_time: `${MONDAY}T14:00:00`,
          location_id: BROOKLYN,
          patient_type: 'existing',
        }),
      ],
    });
    expect(new Set(body.data.map((t: { timeslot_id: string }) => t.timeslot_id)).size).toBe(3);
    expect((await get(h, 'date=2026-11-24')).json().data).toEqual([]);
  });

  it('replaces the whole provider+date on every PUT, across locations; other dates stay; [] erases', async () => {
    const h = await harness();
    await put(h, MONDAY, [slot(`${MONDAY}T10:00`), slot(`${MONDAY}T11:00`, { location_id: BROOKLYN })]);
    await put(h, '2026-11-24', [slot('2026-11-24T10:00')]);
    await put(h, MONDAY, [slot(`${MONDAY}T15:00`)]);
    const monday = (await get(h, `date=${MONDAY}`)).json().data;
    expect(monday.map((t: { start_time: string }) => t.start_time)).toEqual([`${MONDAY}T15:00:00`]);
    expect((await get(h, 'date=2026-11-24')).json().data).toHaveLength(1);

    const erased = await put(h, MONDAY, []);
    expect(erased.statusCode).toBe(200);
    expect((await get(h, `date=${MONDAY}`)).json().data).toEqual([]);
    expect((await get(h, 'date=2026-11-24')).json().data).toHaveLength(1);
  });

  it('reports locations that are not the provider’s, and stores the rest', async () => {
    const h = await harness();
    const response = await put(h, MONDAY, [
      slot(`${MONDAY}T10:00`),
      slot(`${MONDAY}T10:30`, { location_id: 'lo_chiLoop03' }), // someone else's office
      slot(`${MONDAY}T11:00`, { location_id: 'lo_nowhere' }),
      slot(`${MONDAY}T11:30`, { location_id: 'lo_nowhere' }),
    ]);
    expect(response.statusCode).toBe(200);
    expect(response.json().errors).toEqual({ not_found_location_ids: ['lo_chiLoop03', 'lo_nowhere'] });
    expect(
      (await get(h, `date=${MONDAY}`)).json().data.map((t: { location_id: string }) => t.location_id),
    ).toEqual([MIDTOWN]);
  });

  it('validates every timeslot and reports every problem at once; nothing is stored on 400', async () => {
    const h = await harness();
    await put(h, MONDAY, [slot(`${MONDAY}T10:00`)]);
    const response = await put(h, MONDAY, [
      slot(`${MONDAY}T09:00`, { provider_id: 'pr_bT6wR1yP9cZ4' }),
      slot('2026-11-24T09:00'),
      slot(`${MONDAY}T09:00:00-05:00`),
      slot(`${MONDAY}T09:00`, { time_zone: 'Mars/Olympus_Mons' }),
      slot(`${MONDAY}T25:00`),
      slot(`${MONDAY}T09:00`, { allowed_visit_reason_ids: [ILLNESS, 'pc_nope'] }),
      slot(`${MONDAY}T09:00`, { patient_type: 'returning' }),
      { location_id: MIDTOWN },
    ]);
    expect(response.statusCode).toBe(400);
    const fields = response.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'timeslots.0.provider_id',
        'timeslots.1.start_time',
        'timeslots.2.start_time',
        'timeslots.3.time_zone',
        'timeslots.4.start_time',
        'timeslots.5.allowed_visit_reason_ids.1',
        'timeslots.6.patient_type',
        'timeslots.7.provider_id',
        'timeslots.7.start_time',
        'timeslots.7.time_zone',
      ]),
    );
    for (const error of response.json().errors) expect(error.message.startsWith(error.field)).toBe(true);
    expect(
      (await get(h, `date=${MONDAY}`)).json().data.map((t: { start_time: string }) => t.start_time),
    ).toEqual([`${MONDAY}T10:00:00`]);
  });

  it('refuses a wall time that does not exist in the zone (a daylight-saving gap)', async () => {
    const h = await harness();
    const response = await put(h, '2027-03-14', [slot('2027-03-14T02:30')]);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      {
        field: 'timeslots.0.start_time',
        message: 'timeslots.0.start_time does not exist in America/New_York',
      },
    ]);
    expect((await put(h, '2027-03-14', [slot('2027-03-14T03:30')])).statusCode).toBe(200);
  });

  it('validates the date, the body and the 1500-timeslot limit', async () => {
    const h = await harness();
    const noDate = await h.call({
      method: 'PUT',
      url: `/v1/providers/${CHEN}/calendar/timeslots`,
      payload: { timeslots: [] },
    });
    expect(noDate.statusCode).toBe(400);
    expect(noDate.json().errors).toEqual([{ field: 'date', message: 'date is required' }]);
    expect((await put(h, '2026-02-30', [])).json().errors[0].field).toBe('date');
    const noBody = await h.call({ method: 'PUT', url: url(CHEN, `date=${MONDAY}`) });
    expect(noBody.statusCode).toBe(400);
    const notList = await h.call({
      method: 'PUT',
      url: url(CHEN, `date=${MONDAY}`),
      payload: { timeslots: 'x' },
    });
    expect(notList.json().errors[0].field).toBe('timeslots');

    const many = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        slot(
          `${MONDAY}T${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
        ),
      );
    const tooMany = await put(h, MONDAY, many(1501));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors).toEqual([
      { field: 'timeslots', message: 'timeslots must hold at most 1500 timeslots' },
    ]);
    // 1500 is fine (24 × 60 = 1440 distinct minutes, so some repeat: duplicates are kept as given).
    expect((await put(h, MONDAY, many(1500))).statusCode).toBe(200);
    expect((await get(h, `date=${MONDAY}&limit=1500`)).json().data).toHaveLength(1500);
  });

  it('answers 403 for a provider outside the directory and 400 for a malformed id', async () => {
    const h = await harness();
    const unknown = await put(h, MONDAY, [], 'pr_stranger');
    expect(unknown.statusCode).toBe(403);
    expect(unknown.json()).toEqual({
      request_id: expect.any(String),
      error_type: 'invalid_request',
      errors: [{ field: 'provider_id', message: 'The caller has no access to provider pr_stranger' }],
    });
    expect((await get(h, `date=${MONDAY}`, 'pr_stranger')).statusCode).toBe(403);
    expect((await get(h, `date=${MONDAY}`, 'stranger')).statusCode).toBe(400);
  });

  it('answers 401 without a token', async () => {
    const h = await harness();
    expect((await h.app.inject({ method: 'GET', url: url(CHEN, `date=${MONDAY}`) })).statusCode).toBe(401);
    expect(
      (await h.app.inject({ method: 'PUT', url: url(CHEN, `date=${MONDAY}`), payload: { timeslots: [] } }))
        .statusCode,
    ).toBe(401);
  });
});

describe('GET timeslots paging', () => {
  it('pages by next_page_token with an absolute next_url; the last page has neither', async () => {
    const h = await harness();
    await put(
      h,
      MONDAY,
      ['09:00', '09:30', '10:00', '10:30', '11:00'].map((t) => slot(`${MONDAY}T${t}`)),
    );
    const first = (await get(h, `date=${MONDAY}&limit=2`)).json();
    expect(first.limit).toBe(2);
    expect(first.data.map((t: { start_time: string }) => t.start_time.slice(11, 16))).toEqual([
      '09:00',
      '09:30',
    ]);
    expect(first.next_page_token).toEqual(expect.any(String));
    expect(first.next_url).toBe(
      `http://localhost:80/v1/providers/${CHEN}/calendar/timeslots?date=${MONDAY}&limit=2&next_page_token=${encodeURIComponent(first.next_page_token)}`,
    );
    const second = (
      await h.call({ method: 'GET', url: first.next_url.replace('http://localhost:80', '') })
    ).json();
    expect(second.data.map((t: { start_time: string }) => t.start_time.slice(11, 16))).toEqual([
      '10:00',
      '10:30',
    ]);
    const third = (
      await h.call({ method: 'GET', url: second.next_url.replace('http://localhost:80', '') })
    ).json();
    expect(third.data.map((t: { start_time: string }) => t.start_time.slice(11, 16))).toEqual(['11:00']);
    expect(third.next_page_token).toBeNull();
    expect(third.next_url).toBe('');

    const bad = await get(h, `date=${MONDAY}&next_page_token=garbage`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('next_page_token');
    const otherDate = await get(h, `date=2026-11-24&next_page_token=${first.next_page_token}`);
    expect(otherDate.statusCode).toBe(400);
    for (const query of ['limit=0', 'limit=1501', 'date=tomorrow', '']) {
      const response = await get(h, query);
      expect(response.statusCode, query).toBe(400);
    }
  });
});

describe('availability from calendar timeslots', () => {
  it('serves a PUT date from its timeslots instead of the weekly schedule, at every location', async () => {
    const h = await harness();
    expect(await offered(h, DR_CHEN_MIDTOWN, MONDAY)).toHaveLength(16);
    expect(await offered(h, DR_CHEN_BROOKLYN, MONDAY)).toEqual([]);

    await put(h, MONDAY, [
      slot(`${MONDAY}T10:45`),
      slot(`${MONDAY}T10:00`),
      slot(`${MONDAY}T18:00`, { location_id: BROOKLYN }),
    ]);
    expect(await offered(h, DR_CHEN_MIDTOWN, MONDAY)).toEqual([
      `${MONDAY}T10:00:00-05:00`,
      `${MONDAY}T10:45:00-05:00`,
    ]);
    expect(await offered(h, DR_CHEN_BROOKLYN, MONDAY)).toEqual([`${MONDAY}T18:00:00-05:00`]);
    // Other dates keep the weekly schedule.
    expect(await offered(h, DR_CHEN_MIDTOWN, '2026-11-25')).toHaveLength(16);

    // [] leaves the date with no slots at all (the calendar, not the schedule, owns it now).
    await put(h, MONDAY, []);
    expect(await offered(h, DR_CHEN_MIDTOWN, MONDAY)).toEqual([]);
    expect(await offered(h, DR_CHEN_BROOKLYN, MONDAY)).toEqual([]);
  });

  it('honours allowed and excluded visit reasons (excluded wins) and the patient type', async () => {
    const h = await harness();
    await put(h, MONDAY, [
      slot(`${MONDAY}T09:00`, { allowed_visit_reason_ids: [PHYSICAL] }),
      slot(`${MONDAY}T10:00`, { excluded_visit_reason_ids: [ILLNESS] }),
      slot(`${MONDAY}T11:00`, { allowed_visit_reason_ids: [ILLNESS], excluded_visit_reason_ids: [ILLNESS] }),
      slot(`${MONDAY}T12:00`, { patient_type: 'existing' }),
      slot(`${MONDAY}T13:00`, { allowed_visit_reason_ids: [], excluded_visit_reason_ids: null }),
    ]);
    const at = (times: string[]) => times.map((t) => `${MONDAY}T${t}:00-05:00`);
    expect(await offered(h, DR_CHEN_MIDTOWN, MONDAY, ILLNESS, 'new')).toEqual(at(['13:00']));
    expect(await offered(h, DR_CHEN_MIDTOWN, MONDAY, PHYSICAL, 'new')).toEqual(
      at(['09:00', '10:00', '13:00']),
    );
    expect(await offered(h, DR_CHEN_MIDTOWN, MONDAY, ILLNESS, 'existing')).toEqual(at(['12:00', '13:00']));
  });

  it('books calendar slots only, and a booking removes the slot it takes', async () => {
    const h = await harness();
    await put(h, MONDAY, [slot(`${MONDAY}T10:15`), slot(`${MONDAY}T10:30`)]);
    const onSchedule = await book(h, {
      start_time: `${MONDAY}T09:00:00-05:00`,
      visit_reason_id: ILLNESS,
      provider_location_id: DR_CHEN_MIDTOWN,
      patient_type: 'new',
    });
    expect(onSchedule.statusCode).toBe(400);
    expect(onSchedule.json().errors[0].field).toBe('data.start_time');

    const booked = await book(h, {
      start_time: `${MONDAY}T10:15:00-05:00`,
      visit_reason_id: ILLNESS,
      provider_location_id: DR_CHEN_MIDTOWN,
      patient_type: 'new',
    });
    expect(booked.statusCode).toBe(200);
    // 10:15–10:45 is taken, so the overlapping 10:30 slot goes too.
    expect(await offered(h, DR_CHEN_MIDTOWN, MONDAY)).toEqual([]);
  });

  it('drops past calendar slots by the clock, and reset forgets the calendar', async () => {
    const h = await harness({ now: `${MONDAY}T15:30:00Z` }); // 10:30 in New York
    await put(h, MONDAY, [slot(`${MONDAY}T10:00`), slot(`${MONDAY}T11:00`)]);
    expect(await offered(h, DR_CHEN_MIDTOWN, MONDAY)).toEqual([`${MONDAY}T11:00:00-05:00`]);
    expect((await h.app.inject({ method: 'POST', url: '/_sandbox/reset' })).statusCode).toBe(200);
    expect((await get(h, `date=${MONDAY}`)).json().data).toEqual([]);
    expect(await offered(h, DR_CHEN_MIDTOWN, MONDAY)).toHaveLength(12); // 11:00 … 16:30 by the weekly schedule
  });
});
