import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRejectedInput, type Paged, requestsDuring } from './action-assertions.ts';
import { type ActionHarness, startActionHarness } from './action-harness.ts';

// Seeded in the sandbox (src/sandbox/README.md, Seed).
const DR_CHEN = 'pr_aN3kM8vQ2xL7';
const MIDTOWN = 'lo_nyMidtown01';
const BROOKLYN = 'lo_nyBrooklyn02';
const NEW_YORK = 'America/New_York';
const ILLNESS = 'pc_FRO-18leckytNKtruw5dLR';

interface CalendarTimeslot {
  timeslot_id: string;
  created_utc: string;
  provider_id?: string | null;
  location_id?: string | null;
  start_time?: string | null;
  time_zone?: string | null;
  allowed_visit_reason_ids?: string[] | null;
  patient_type?: string | null;
}

/** A date `days` from now, so every test works on a day of its own. */
const dayAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const slot = (date: string, time: string, location = MIDTOWN) => ({
  provider_id: DR_CHEN,
  location_id: location,
  start_time: `${date}T${time}`,
  time_zone: NEW_YORK,
});

let harness: ActionHarness;
beforeAll(async () => {
  harness = await startActionHarness();
});
afterAll(async () => {
  await harness.close();
});

async function put(date: string, timeslots: unknown[], extra: Record<string, unknown> = {}) {
  return (await harness.run('zocdoc.put_provider_calendar_timeslots', {
    provider_id: DR_CHEN,
    date,
    timeslots,
    ...extra,
  })) as { not_found_location_ids: string[] };
}

async function get(date: string, extra: Record<string, unknown> = {}) {
  return (await harness.run('zocdoc.get_provider_timeslots', {
    provider_id: DR_CHEN,
    date,
    ...extra,
  })) as Paged<CalendarTimeslot>;
}

describe('zocdoc.put_provider_calendar_timeslots and zocdoc.get_provider_timeslots', () => {
  it('publishes a day and reads it back', async () => {
    const date = dayAhead(20);
    const sent = await requestsDuring(harness, async () => {
      const output = await put(date, [
        { ...slot(date, '09:00'), allowed_visit_reason_ids: [ILLNESS], patient_type: 'new' },
        slot(date, '09:30:00'),
        slot(date, '10:00', BROOKLYN),
      ]);
      expect(output).toEqual({ not_found_location_ids: [] });
    });
    expect(sent).toEqual([`PUT /v1/providers/${DR_CHEN}/calendar/timeslots?date=${date}`]);

    const listed = await get(date);
    expect(listed.items).toHaveLength(3);
    expect(listed.has_more).toBe(false);
    expect(listed.next_page).toBeNull();
    for (const item of listed.items) {
      expect(item.timeslot_id).toEqual(expect.any(String));
      expect(item.created_utc).toEqual(expect.any(String));
      expect(item.provider_id).toBe(DR_CHEN);
      expect(item.time_zone).toBe(NEW_YORK);
      expect(item.start_time?.slice(0, 10)).toBe(date);
    }
    const nine = listed.items.find((item) => item.start_time?.startsWith(`${date}T09:00`));
    expect(nine?.allowed_visit_reason_ids).toEqual([ILLNESS]);
    expect(nine?.patient_type).toBe('new');
    expect(listed.items.map((item) => item.location_id).sort()).toEqual([BROOKLYN, MIDTOWN, MIDTOWN]);
  });

  it('replaces the whole day on a second put', async () => {
    const date = dayAhead(21);
    await put(date, [slot(date, '09:00'), slot(date, '09:30')]);
    await put(date, [slot(date, '14:00')]);
    const listed = await get(date);
    expect(listed.items.map((item) => item.start_time?.slice(11, 16))).toEqual(['14:00']);
  });

  it('reports the location ids Zocdoc does not know', async () => {
    const date = dayAhead(22);
    const output = await put(date, [slot(date, '09:00'), slot(date, '09:30', 'lo_noSuchLocation')]);
    expect(output.not_found_location_ids).toEqual(['lo_noSuchLocation']);
  });

  it('reads one page by default, and follows next_page_token up to max_pages', async () => {
    const date = dayAhead(23);
    await put(
      date,
      ['09:00', '09:30', '10:00', '10:30', '11:00'].map((time) => slot(date, time)),
    );
    const first = await get(date, { limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.pages_fetched).toBe(1);
    expect(first.has_more).toBe(true);
    expect(first.next_page).toEqual(expect.any(String));

    const rest = await get(date, { limit: 2, next_page_token: first.next_page, max_pages: 10 });
    const all = await get(date, { limit: 2, max_pages: 10 });
    expect(all.items).toHaveLength(5);
    expect(all.pages_fetched).toBe(3);
    expect(all.has_more).toBe(false);
    expect(all.next_page).toBeNull();
    expect(all.total_count).toBeNull();
    expect([...first.items, ...rest.items].map((item) => item.timeslot_id)).toEqual(
      all.items.map((item) => item.timeslot_id),
    );

    // The token travels as the connector's own parameter, never by fetching next_url.
    const sent = await requestsDuring(harness, () => get(date, { limit: 2, max_pages: 2 }));
    expect(sent).toHaveLength(2);
    expect(sent[1]).toContain('next_page_token=');
    expect(sent[1]).toContain(`date=${date}`);
  });
});

describe('the empty-day guard of zocdoc.put_provider_calendar_timeslots', () => {
  it('refuses an empty list without confirm_clear_day, and sends nothing', async () => {
    const date = dayAhead(24);
    await put(date, [slot(date, '09:00'), slot(date, '09:30')]);
    const error = await expectRejectedInput(
      harness,
      'zocdoc.put_provider_calendar_timeslots',
      { provider_id: DR_CHEN, date, timeslots: [] },
      'confirm_clear_day',
    );
    expect(error.message).toContain('zocdoc.put_provider_calendar_timeslots');
    await expectRejectedInput(
      harness,
      'zocdoc.put_provider_calendar_timeslots',
      { provider_id: DR_CHEN, date, timeslots: [], confirm_clear_day: false },
      'confirm_clear_day',
    );
    expect((await get(date)).items).toHaveLength(2);
  });

  it('clears the day when confirm_clear_day is true', async () => {
    const date = dayAhead(25);
    await put(date, [slot(date, '09:00'), slot(date, '09:30')]);
    const sent = await requestsDuring(harness, async () => {
      expect(await put(date, [], { confirm_clear_day: true })).toEqual({ not_found_location_ids: [] });
    });
    expect(sent).toEqual([`PUT /v1/providers/${DR_CHEN}/calendar/timeslots?date=${date}`]);
    expect((await get(date)).items).toEqual([]);
  });
});

describe('timeslot input checks (before anything is sent)', () => {
  const date = dayAhead(26);
  const key = 'zocdoc.put_provider_calendar_timeslots';

  it('requires each slot to belong to the provider of the call', async () => {
    await expectRejectedInput(
      harness,
      key,
      {
        provider_id: DR_CHEN,
        date,
        timeslots: [slot(date, '09:00'), { ...slot(date, '09:30'), provider_id: 'pr_other' }],
      },
      'timeslots.1.provider_id',
    );
  });

  it('requires each slot to start on the date, in local time without offset', async () => {
    await expectRejectedInput(
      harness,
      key,
      { provider_id: DR_CHEN, date, timeslots: [slot(dayAhead(27), '09:00')] },
      'timeslots.0.start_time',
    );
    await expectRejectedInput(
      harness,
      key,
      {
        provider_id: DR_CHEN,
        date,
        timeslots: [{ ...slot(date, '09:00'), start_time: `${date}T09:00:00-05:00` }],
      },
      'timeslots.0.start_time',
    );
    await expectRejectedInput(
      harness,
      key,
      { provider_id: DR_CHEN, date, timeslots: [{ ...slot(date, '09:00'), start_time: `${date}T25:00` }] },
      'timeslots.0.start_time',
    );
  });

  it('requires an IANA time zone', async () => {
    for (const timeZone of ['', 'Mars/Olympus_Mons', '+01:00', 'Eastern']) {
      await expectRejectedInput(
        harness,
        key,
        { provider_id: DR_CHEN, date, timeslots: [{ ...slot(date, '09:00'), time_zone: timeZone }] },
        'timeslots.0.time_zone',
      );
    }
  });

  it('takes at most 1500 slots, known fields only, and a real date', async () => {
    const many = Array.from({ length: 1501 }, () => slot(date, '09:00'));
    await expectRejectedInput(harness, key, { provider_id: DR_CHEN, date, timeslots: many }, 'timeslots');
    await expectRejectedInput(
      harness,
      key,
      { provider_id: DR_CHEN, date, timeslots: [{ ...slot(date, '09:00'), startTime: '09:00' }] },
      'timeslots.0',
    );
    await expectRejectedInput(
      harness,
      key,
      { provider_id: DR_CHEN, date: '2026-02-30', timeslots: [] },
      'date',
    );
  });

  it('checks the provider id and date of a read too', async () => {
    await expectRejectedInput(
      harness,
      'zocdoc.get_provider_timeslots',
      { provider_id: `${DR_CHEN}|${MIDTOWN}`, date },
      'provider_id',
    );
    await expectRejectedInput(
      harness,
      'zocdoc.get_provider_timeslots',
      { provider_id: DR_CHEN, date: '26-01-01' },
      'date',
    );
    await expectRejectedInput(
      harness,
      'zocdoc.get_provider_timeslots',
      { provider_id: DR_CHEN, date, limit: 0 },
      'limit',
    );
  });
});
