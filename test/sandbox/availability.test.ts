import { describe, expect, it } from 'vitest';
import {
  availabilityUrl,
  book,
  DR_BELL_LOOP,
  DR_CHEN_BROOKLYN,
  DR_CHEN_MIDTOWN,
  DR_NAIR_WILSHIRE,
  DR_OKAFOR_MIDTOWN,
  harness,
  ILLNESS,
  PA_PARK_SANTA_MONICA,
  PHYSICAL,
} from './sandbox-harness.ts';

interface Timeslot {
  start_time: string;
  visit_reason_id: string;
  booking_url: string;
}
interface Entry {
  provider_location_id: string;
  first_availability: Timeslot | null;
  timeslots: Timeslot[];
}

async function availability(h: Awaited<ReturnType<typeof harness>>, params: Record<string, string>) {
  const response = await h.call({ method: 'GET', url: availabilityUrl(params) });
  return response;
}

async function slots(
  h: Awaited<ReturnType<typeof harness>>,
  providerLocationId: string,
  extra: Record<string, string> = {},
): Promise<Entry> {
  const response = await availability(h, {
    provider_location_ids: providerLocationId,
    visit_reason_id: ILLNESS,
    patient_type: 'new',
    ...extra,
  });
  expect(response.statusCode).toBe(200);
  return response.json().data[0];
}

describe('GET /v1/provider_locations/availability', () => {
  it('answers per provider location with local-offset timeslots, in request order', async () => {
    const h = await harness();
    const response = await availability(h, {
      provider_location_ids: [PA_PARK_SANTA_MONICA, DR_CHEN_MIDTOWN, DR_BELL_LOOP].join(','),
      visit_reason_id: ILLNESS,
      patient_type: 'new',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.request_id).toEqual(expect.any(String));
    const data = body.data as Entry[];
    expect(data.map((d) => d.provider_location_id)).toEqual([
      PA_PARK_SANTA_MONICA,
      DR_CHEN_MIDTOWN,
      DR_BELL_LOOP,
    ]);

    const [park, chen, bell] = data as [Entry, Entry, Entry];
    expect(chen.timeslots[0]).toEqual({
      start_time: '2026-11-20T09:00:00-05:00',
      visit_reason_id: ILLNESS,
      booking_url: expect.stringMatching(/^https:\/\/www\.zocdoc\.com\/booking\/start\?/),
    });
    expect(Object.keys(chen.timeslots[0]!).sort()).toEqual(['booking_url', 'start_time', 'visit_reason_id']);
    expect(chen.first_availability).toEqual(chen.timeslots[0]);
    expect(park.timeslots[0]?.start_time).toBe('2026-11-20T10:00:00-08:00');
    expect(bell.timeslots[0]?.start_time).toBe('2026-11-23T09:00:00-06:00');
    for (const slot of park.timeslots) expect(slot.start_time).toMatch(/-08:00$/);
    for (const slot of bell.timeslots) expect(slot.start_time).toMatch(/-06:00$/);
  });

  it('defaults to today (US Eastern) through 7 days later, inclusive, on the provider’s schedule', async () => {
    const h = await harness();
    const chen = await slots(h, DR_CHEN_MIDTOWN);
    // Mon/Wed/Fri 09:00–17:00 in 30-minute slots: Fri 20, Mon 23, Wed 25, Fri 27.
    const days = [...new Set(chen.timeslots.map((s) => s.start_time.slice(0, 10)))];
    expect(days).toEqual(['2026-11-20', '2026-11-23', '2026-11-25', '2026-11-27']);
    expect(chen.timeslots).toHaveLength(4 * 16);
    expect(chen.timeslots.at(-1)?.start_time).toBe('2026-11-27T16:30:00-05:00');
    const times = chen.timeslots.map((s) => Date.parse(s.start_time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('only offers slots after the clock’s now', async () => {
    const h = await harness({ now: '2026-11-20T15:10:00Z' }); // 10:10 in New York
    const chen = await slots(h, DR_CHEN_MIDTOWN);
    expect(chen.timeslots[0]?.start_time).toBe('2026-11-20T10:30:00-05:00');
  });

  it('sizes slots by visit reason and patient type', async () => {
    const h = await harness();
    const newPhysical = await slots(h, DR_CHEN_MIDTOWN, { visit_reason_id: PHYSICAL });
    const existingPhysical = await slots(h, DR_CHEN_MIDTOWN, {
      visit_reason_id: PHYSICAL,
      patient_type: 'existing',
    });
    // 60 minutes for new patients: the last start is 16:00; 30 for existing: 16:30.
    expect(
      newPhysical.timeslots.filter((s) => s.start_time.startsWith('2026-11-20')).at(-1)?.start_time,
    ).toBe('2026-11-20T16:00:00-05:00');
    expect(
      existingPhysical.timeslots.filter((s) => s.start_time.startsWith('2026-11-20')).at(-1)?.start_time,
    ).toBe('2026-11-20T16:30:00-05:00');
    expect(newPhysical.timeslots.every((s) => s.visit_reason_id === PHYSICAL)).toBe(true);
  });

  it('switches offsets across a DST change, keeping local wall times', async () => {
    const h = await harness({ now: '2026-10-28T12:00:00Z' });
    const chen = await slots(h, DR_CHEN_MIDTOWN, {
      start_date_in_provider_local_time: '2026-10-30',
      end_date_in_provider_local_time: '2026-11-02',
    });
    const firsts = chen.timeslots.filter((s) => s.start_time.includes('T09:00:00')).map((s) => s.start_time);
    expect(firsts).toEqual(['2026-10-30T09:00:00-04:00', '2026-11-02T09:00:00-05:00']);
  });

  it('gives an empty list (not an error) where the visit reason or patient type is not taken', async () => {
    const h = await harness();
    const nair = await slots(h, DR_NAIR_WILSHIRE); // a dentist: no "Illness" visits
    expect(nair).toEqual({ provider_location_id: DR_NAIR_WILSHIRE, first_availability: null, timeslots: [] });
    const okafor = await slots(h, DR_OKAFOR_MIDTOWN); // existing patients only
    expect(okafor.timeslots).toEqual([]);
    const okaforExisting = await slots(h, DR_OKAFOR_MIDTOWN, { patient_type: 'existing' });
    expect(okaforExisting.timeslots.length).toBeGreaterThan(0);
  });

  it('reports the first availability after an empty range', async () => {
    const h = await harness();
    const brooklyn = await slots(h, DR_CHEN_BROOKLYN, {
      start_date_in_provider_local_time: '2026-11-21',
      end_date_in_provider_local_time: '2026-11-22',
    });
    expect(brooklyn.timeslots).toEqual([]);
    expect(brooklyn.first_availability?.start_time).toBe('2026-11-24T09:00:00-05:00');
  });

  it('removes booked time: a 60-minute booking takes both 30-minute slots it overlaps', async () => {
    const h = await harness();
    const booked = await book(h, {
      start_time: '2026-11-20T09:30:00-05:00',
      visit_reason_id: PHYSICAL,
      provider_location_id: DR_CHEN_MIDTOWN,
      patient_type: 'new',
    });
    expect(booked.statusCode).toBe(200);
    const friday = (await slots(h, DR_CHEN_MIDTOWN)).timeslots
      .map((s) => s.start_time)
      .filter((t) => t.startsWith('2026-11-20'));
    expect(friday.slice(0, 3)).toEqual([
      '2026-11-20T09:00:00-05:00',
      '2026-11-20T10:30:00-05:00',
      '2026-11-20T11:00:00-05:00',
    ]);
    // A 60-minute slot can no longer start at 09:00 either (it would run into the booking).
    const physical = (await slots(h, DR_CHEN_MIDTOWN, { visit_reason_id: PHYSICAL })).timeslots.map(
      (s) => s.start_time,
    );
    expect(physical).not.toContain('2026-11-20T09:00:00-05:00');
    expect(physical).toContain('2026-11-20T10:30:00-05:00');
  });

  it("blocks a provider's time at every location, and a cancellation frees it", async () => {
    const h = await harness();
    // A practice-side booking at Midtown on a Tuesday, when Dr. Chen works in Brooklyn.
    const record = h.store.createAppointment({
      provider_location_id: DR_CHEN_MIDTOWN,
      start_time: '2026-11-24T09:00:00-05:00',
    });
    const brooklyn = (await slots(h, DR_CHEN_BROOKLYN)).timeslots.map((s) => s.start_time);
    expect(brooklyn).not.toContain('2026-11-24T09:00:00-05:00');
    expect(brooklyn).toContain('2026-11-24T09:30:00-05:00');

    h.store.updateAppointment(record.appointment_id, { appointment_status: 'cancelled' });
    const after = (await slots(h, DR_CHEN_BROOKLYN)).timeslots.map((s) => s.start_time);
    expect(after).toContain('2026-11-24T09:00:00-05:00');
  });

  it('passes the insurance parameters into booking_url only', async () => {
    const h = await harness();
    const chen = await slots(h, DR_CHEN_MIDTOWN, {
      insurance_plan_id: 'ip_2224',
      published_context: 'direct_listing',
    });
    const url = new URL(chen.timeslots[0]!.booking_url);
    expect(url.searchParams.get('insurance_plan_id')).toBe('ip_2224');
    expect(url.searchParams.get('provider_location_id')).toBe(DR_CHEN_MIDTOWN);
  });

  it('answers an unknown provider location with 404 ErrorResult', async () => {
    const h = await harness();
    const response = await availability(h, {
      provider_location_ids: `${DR_CHEN_MIDTOWN},pr_nope|lo_nope`,
      visit_reason_id: ILLNESS,
      patient_type: 'new',
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      request_id: expect.any(String),
      error_type: 'invalid_request',
      errors: [
        { field: 'provider_location_ids', message: 'Unknown provider location id(s): pr_nope|lo_nope' },
      ],
    });
  });

  it('names every missing or invalid parameter in a 400', async () => {
    const h = await harness();
    const missing = await availability(h, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'provider_location_ids',
      'visit_reason_id',
      'patient_type',
    ]);

    const cases: Array<[Record<string, string>, string]> = [
      [{ patient_type: 'returning' }, 'patient_type'],
      [{ visit_reason_id: 'pc_unknown' }, 'visit_reason_id'],
      [
        { provider_location_ids: Array.from({ length: 51 }, (_, i) => `pr_${i}|lo_${i}`).join(',') },
        'provider_location_ids',
      ],
      [{ start_date_in_provider_local_time: '2026-13-01' }, 'start_date_in_provider_local_time'],
      [{ start_date_in_provider_local_time: '2027-04-20' }, 'start_date_in_provider_local_time'], // 151 days
      [{ end_date_in_provider_local_time: '2026-11-19' }, 'end_date_in_provider_local_time'],
      [
        { start_date_in_provider_local_time: '2026-12-01', end_date_in_provider_local_time: '2027-01-02' },
        'end_date_in_provider_local_time',
      ],
      [{ published_context: 'billboard' }, 'published_context'],
    ];
    for (const [params, field] of cases) {
      const response = await availability(h, {
        provider_location_ids: DR_CHEN_MIDTOWN,
        visit_reason_id: ILLNESS,
        patient_type: 'new',
        ...params,
      });
      expect(response.statusCode, JSON.stringify(params)).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }
  });

  it('accepts the limits themselves: start 150 days ahead, end 31 days after start', async () => {
    const h = await harness();
    const response = await availability(h, {
      provider_location_ids: DR_CHEN_MIDTOWN,
      visit_reason_id: ILLNESS,
      patient_type: 'new',
      start_date_in_provider_local_time: '2027-04-19',
      end_date_in_provider_local_time: '2027-05-20',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data[0].timeslots.length).toBeGreaterThan(0);
  });
});
