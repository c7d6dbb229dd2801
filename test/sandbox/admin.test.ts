import { describe, expect, it } from 'vitest';
import {
  availabilityUrl,
  DR_BELL_LOOP,
  DR_CHEN_MIDTOWN,
  type Harness,
  harness,
  ILLNESS,
  PHYSICAL,
  UUID,
} from './sandbox-harness.ts';

const admin = (h: Harness, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  h.app.inject({
    method,
    url: `/_sandbox${url}`,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

describe('admin surface /_sandbox', () => {
  it('lists the seeded provider locations across three time zones', async () => {
    const h = await harness();
    const response = await admin(h, 'GET', '/provider-locations');
    expect(response.statusCode).toBe(200);
    const data = response.json().data as Array<Record<string, unknown>>;
    expect(response.json().request_id).toEqual(expect.any(String));
    // The 9 ordinary ones; Zocdoc's §12 test provider locations are left out of this listing.
    expect(data).toHaveLength(9);
    expect(new Set(data.map((pl) => pl.time_zone))).toEqual(
      new Set(['America/New_York', 'America/Chicago', 'America/Los_Angeles']),
    );
    expect(data[0]).toMatchObject({
      provider_location_id: DR_CHEN_MIDTOWN,
      provider_location_type: 'in_person_provider',
      npi: '1245789031',
      default_visit_reason_id: ILLNESS,
    });
    const reasons = new Set(
      data.flatMap((pl) =>
        (pl.visit_reasons as Array<{ visit_reason_id: string }>).map((v) => v.visit_reason_id),
      ),
    );
    expect(reasons).toContain(ILLNESS);
    expect(reasons).toContain(PHYSICAL);
    expect(data.map((pl) => pl.provider_location_id)).toEqual(
      h.store.listProviderLocations().map((pl) => pl.provider_location_id),
    );
  });

  it('creates a practice-side appointment with defaults: the next free slot, pending_booking, a patient', async () => {
    const h = await harness();
    const response = await admin(h, 'POST', '/appointments', {});
    expect(response.statusCode).toBe(201);
    const record = response.json().data;
    expect(record).toMatchObject({
      appointment_id: expect.stringMatching(UUID),
      appointment_status: 'pending_booking',
      provider_location_id: DR_CHEN_MIDTOWN,
      visit_reason_id: ILLNESS,
      patient_type: 'new',
      start_time: '2026-11-20T09:00:00-05:00',
      source: 'Zocdoc Marketplace',
      created_time_utc: '2026-11-20T12:00:00.000Z',
      patient: {
        first_name: expect.any(String),
        phone_number: expect.stringMatching(/^[2-9]\d\d[2-9]\d{6}$/),
      },
    });
    // The slot is taken.
    const availability = await h.call({
      method: 'GET',
      url: availabilityUrl({
        provider_location_ids: DR_CHEN_MIDTOWN,
        visit_reason_id: ILLNESS,
        patient_type: 'new',
      }),
    });
    expect(availability.json().data[0].timeslots[0].start_time).toBe('2026-11-20T09:30:00-05:00');

    // A bodiless POST works too.
    const bare = await h.app.inject({ method: 'POST', url: '/_sandbox/appointments' });
    expect(bare.statusCode).toBe(201);
    expect(bare.json().data.start_time).toBe('2026-11-20T09:30:00-05:00');
  });

  it('creates with the given fields, any status, and the start shown in the provider’s offset', async () => {
    const h = await harness();
    const response = await admin(h, 'POST', '/appointments', {
      provider_location_id: DR_BELL_LOOP,
      visit_reason_id: PHYSICAL,
      patient_type: 'existing',
      start_time: '2026-12-01T15:00:00Z',
      appointment_status: 'confirmed',
      notes: 'Walk-in converted',
      patient: { first_name: 'Grace', developer_patient_id: 'partner-9' },
    });
    expect(response.statusCode).toBe(201);
    const record = response.json().data;
    expect(record).toMatchObject({
      appointment_status: 'confirmed',
      start_time: '2026-12-01T09:00:00-06:00',
      practice_id: 'pt_Lq7rN3sXp9KvE2bM6wAj4F',
      developer_patient_id: 'partner-9',
      notes: 'Walk-in converted',
      duration_minutes: 30,
      patient: { first_name: 'Grace', developer_patient_id: 'partner-9' },
    });
    const fetched = await admin(h, 'GET', `/appointments/${record.appointment_id}`);
    expect(fetched.json().data).toEqual(record);
  });

  it('validates the create body, naming the field', async () => {
    const h = await harness();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ appointment_status: 'arrived' }, 'appointment_status'],
      [{ start_time: 'tomorrow' }, 'start_time'],
      [{ provider_location_id: 'pr_x|lo_y' }, 'provider_location_id'],
      [{ visit_reason_id: 'pc_TlZW-nope' }, 'visit_reason_id'],
      [{ notes: 'x'.repeat(101) }, 'notes'],
      [{ patient: { phone_number: '1115550000' } }, 'patient.phone_number'],
      [{ colour: 'blue' }, 'colour'],
    ];
    for (const [payload, field] of cases) {
      const response = await admin(h, 'POST', '/appointments', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      const errors = response.json().errors as Array<{ field?: string }>;
      expect(errors[0]?.field ?? '').toBe(field);
      expect(response.json().request_id).toEqual(expect.any(String));
    }
  });

  it('patches status, start, notes and visit reason, bumping last_modified_time_utc', async () => {
    const h = await harness();
    const created = (await admin(h, 'POST', '/appointments', {})).json().data;
    h.advance(10 * 60_000);
    const patched = await admin(h, 'PATCH', `/appointments/${created.appointment_id}`, {
      appointment_status: 'confirmed',
      start_time: '2026-11-23T11:00:00-05:00',
      notes: 'Moved by the practice',
      visit_reason_id: PHYSICAL,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().data).toMatchObject({
      appointment_id: created.appointment_id,
      appointment_status: 'confirmed',
      start_time: '2026-11-23T11:00:00-05:00',
      notes: 'Moved by the practice',
      visit_reason_id: PHYSICAL,
      duration_minutes: 60,
      created_time_utc: created.created_time_utc,
      last_modified_time_utc: '2026-11-20T12:10:00.000Z',
    });

    // The API sees the change too.
    const api = (await h.call({ method: 'GET', url: `/v1/appointments/${created.appointment_id}` })).json()
      .data;
    expect(api.last_modified_time_utc).toBe('2026-11-20T12:10:00.000Z');
    expect(api.start_time).toBe('2026-11-23T11:00:00-05:00');
  });

  it('bumps on every patch, even an empty one and on a frozen clock', async () => {
    const h = await harness();
    const created = (await admin(h, 'POST', '/appointments', {})).json().data;
    const first = (await admin(h, 'PATCH', `/appointments/${created.appointment_id}`, {})).json().data;
    expect(first.last_modified_time_utc).toBe('2026-11-20T12:00:00.001Z');
    const second = await h.app.inject({
      method: 'PATCH',
      url: `/_sandbox/appointments/${created.appointment_id}`,
    });
    expect(second.json().data.last_modified_time_utc).toBe('2026-11-20T12:00:00.002Z');
  });

  it('answers PATCH of an unknown id with 404 and a bad patch with 400', async () => {
    const h = await harness();
    const unknown = await admin(h, 'PATCH', '/appointments/83f5cf14-3eb1-4034-be1f-e7c3058aad21', {
      appointment_status: 'confirmed',
    });
    expect(unknown.statusCode).toBe(404);
    expect((await admin(h, 'GET', '/appointments/83f5cf14-3eb1-4034-be1f-e7c3058aad21')).statusCode).toBe(
      404,
    );

    const created = (await admin(h, 'POST', '/appointments', {})).json().data;
    for (const [payload, field] of [
      [{ appointment_status: 'gone' }, 'appointment_status'],
      [{ start_time: '2026-11-23 11:00' }, 'start_time'],
      [{ visit_reason_id: 'pc_Dk8sJ2fGh5MnB1vCx6ZqWa' }, 'visit_reason_id'], // not one Dr. Chen offers
      [{ patient: {} }, 'patient'],
    ] as const) {
      const response = await admin(h, 'PATCH', `/appointments/${created.appointment_id}`, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().errors[0].field ?? '').toBe(field);
    }
    expect(h.store.getAppointment(created.appointment_id)?.last_modified_time_utc).toBe(
      created.last_modified_time_utc,
    );
  });

  it('bulk-creates appointments and resets to the seed', async () => {
    const h = await harness();
    expect(h.store.count()).toBe(10); // the documented fixture ids, with the several-attachments one
    const bulk = await admin(h, 'POST', '/appointments/bulk', { count: 2500 });
    expect(bulk.statusCode).toBe(200);
    expect(bulk.json()).toEqual({ request_id: expect.any(String), data: { created: 2500, total: 2510 } });
    const listed = await h.call({ method: 'GET', url: '/v1/appointments?page_size=1' });
    expect(listed.json().total_count).toBe(2510);

    for (const payload of [{ count: 0 }, { count: 'many' }, { count: 1.5 }, {}, { count: 200_001 }]) {
      const response = await admin(h, 'POST', '/appointments/bulk', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().errors[0].field).toBe('count');
    }

    const reset = await admin(h, 'POST', '/reset');
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toEqual({ request_id: expect.any(String), data: { appointments: 10 } });
    expect(h.store.count()).toBe(10);
  });
});
