import { describe, expect, it } from 'vitest';
import { book, DR_CHEN_MIDTOWN, firstSlot, type Harness, harness, ILLNESS } from './sandbox-harness.ts';

const PENDING_FIXTURE = '2b29f79b-6d7f-472a-9603-d0c378bc9531';
const CONFIRMED_FIXTURE = 'd2ee5bd8-643a-42c8-8c5a-be450e903430';
const UNKNOWN = '83f5cf14-3eb1-4034-be1f-e7c3058aad21';

async function booked(h: Harness): Promise<string> {
  const response = await book(h, {
    start_time: await firstSlot(h, DR_CHEN_MIDTOWN),
    visit_reason_id: ILLNESS,
    provider_location_id: DR_CHEN_MIDTOWN,
    patient_type: 'new',
  });
  return response.json().data.appointment_id;
}

const confirm = (h: Harness, payload: unknown) =>
  h.call({ method: 'POST', url: '/v1/appointments/confirm', payload: payload as Record<string, unknown> });

describe('GET /v1/appointments/{appointment_id}', () => {
  it('returns the appointment without patient data', async () => {
    const h = await harness();
    const id = await booked(h);
    const response = await h.call({ method: 'GET', url: `/v1/appointments/${id}` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      request_id: expect.any(String),
      data: {
        appointment_id: id,
        appointment_status: 'pending_booking',
        start_time: '2026-11-20T09:00:00-05:00',
        provider_location_id: DR_CHEN_MIDTOWN,
        visit_reason_id: ILLNESS,
        patient_type: 'new',
        visit_type: 'in_person',
      },
    });
    expect(body.data).not.toHaveProperty('patient');
  });

  it('serves the documented fixture ids with their fixed statuses', async () => {
    const h = await harness();
    const response = await h.call({ method: 'GET', url: `/v1/appointments/${CONFIRMED_FIXTURE}` });
    expect(response.json().data.appointment_status).toBe('confirmed');
  });

  it('answers an unknown id with a 404 ErrorResult', async () => {
    const h = await harness();
    for (const id of [UNKNOWN, 'not-a-uuid']) {
      const response = await h.call({ method: 'GET', url: `/v1/appointments/${id}` });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        request_id: expect.any(String),
        error_type: 'invalid_request',
        errors: [{ field: 'appointment_id', message: `Appointment ${id} was not found` }],
      });
    }
  });
});

describe('POST /v1/appointments/confirm', () => {
  it('confirms a pending booking and bumps last_modified_time_utc', async () => {
    const h = await harness();
    const id = await booked(h);
    h.advance(5 * 60_000);
    const response = await confirm(h, { appointment_id: id });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      request_id: expect.any(String),
      data: { appointment_id: id, appointment_status: 'confirmed', developer_patient_id: 'partner-42' },
    });
    const after = (await h.call({ method: 'GET', url: `/v1/appointments/${id}` })).json().data;
    expect(after.appointment_status).toBe('confirmed');
    expect(after.created_time_utc).toBe('2026-11-20T12:00:00.000Z');
    expect(after.last_modified_time_utc).toBe('2026-11-20T12:05:00.000Z');
  });

  it('answers a second confirm with 409 naming appointment_id, and changes nothing', async () => {
    const h = await harness();
    const id = await booked(h);
    expect((await confirm(h, { appointment_id: id })).statusCode).toBe(200);
    const before = h.store.getAppointment(id);
    h.advance(60_000);
    const again = await confirm(h, { appointment_id: id });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({
      request_id: expect.any(String),
      error_type: 'invalid_request',
      errors: [{ field: 'appointment_id', message: expect.stringContaining('status is confirmed') }],
    });
    expect(h.store.getAppointment(id)).toEqual(before);
  });

  it('follows the fixtures: pending_booking confirms, others are 409', async () => {
    const h = await harness();
    expect((await confirm(h, { appointment_id: PENDING_FIXTURE })).statusCode).toBe(200);
    expect((await confirm(h, { appointment_id: CONFIRMED_FIXTURE })).statusCode).toBe(409);
    expect((await confirm(h, { appointment_id: '21990114-ea71-4d7d-9d1e-00c43ae44bcd' })).statusCode).toBe(
      409,
    );
  });

  it('answers an unknown appointment with 404', async () => {
    const h = await harness();
    const response = await confirm(h, { appointment_id: UNKNOWN });
    expect(response.statusCode).toBe(404);
    expect(response.json().errors).toEqual([
      { field: 'appointment_id', message: `Appointment ${UNKNOWN} was not found` },
    ]);
  });

  it('answers a missing or malformed body with a 400 ErrorResult', async () => {
    const h = await harness();
    for (const payload of [{}, { appointment_id: 'abc' }, { appointment_id: 42 }]) {
      const response = await confirm(h, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json()).toMatchObject({
        request_id: expect.any(String),
        error_type: 'invalid_request',
        errors: [{ field: 'appointment_id' }],
      });
    }
    const noBody = await h.call({ method: 'POST', url: '/v1/appointments/confirm' });
    expect(noBody.statusCode).toBe(400);
    const malformed = await h.call({
      method: 'POST',
      url: '/v1/appointments/confirm',
      headers: { 'content-type': 'application/json' },
      payload: '{"appointment_id": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({
      request_id: expect.any(String),
      error_type: 'invalid_request',
      errors: [{ message: expect.stringMatching(/^Malformed JSON body/) }],
    });
  });
});
