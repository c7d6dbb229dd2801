import { describe, expect, it } from 'vitest';
import {
  BOOKING_FAILED_FIXTURE,
  bookFirst,
  CANCELLED_FIXTURE,
  CONFIRMED_FIXTURE,
  DAY,
  ERROR_ID,
  HOUR,
  NO_SHOW_FIXTURE,
  NOT_FOUND_ID,
  PENDING_FIXTURE,
  SEVERAL_ATTACHMENTS_ID,
  slots,
  status,
} from './lifecycle-helpers.ts';
import { DR_CHEN_MIDTOWN, type Harness, harness, validPatient } from './sandbox-harness.ts';

const post = (h: Harness, url: string, payload: unknown) =>
  h.call({ method: 'POST', url, payload: payload as Record<string, unknown> });
const cancel = (h: Harness, payload: unknown) => post(h, '/v1/appointments/cancel', payload);
const reschedule = (h: Harness, payload: unknown) => post(h, '/v1/appointments/reschedule', payload);
const updateStatus = (h: Harness, payload: unknown) =>
  h.call({
    method: 'PUT',
    url: '/v1/appointments/update-status',
    payload: payload as Record<string, unknown>,
  });

describe('GET /v1/appointments/{id}/participants', () => {
  it('returns the patient with uploaded_attachments and is_booked_by_another_patient, the provider and the location', async () => {
    const h = await harness();
    const id = await bookFirst(h);
    const response = await h.call({ method: 'GET', url: `/v1/appointments/${id}/participants` });
    expect(response.statusCode).toBe(200);
    const patient = validPatient();
    expect(response.json()).toEqual({
      request_id: expect.any(String),
      data: {
        patient: {
          ...patient,
          patient_address: { ...patient.patient_address, address2: null },
          patient_id: null,
          insurance: null,
          gender: null,
          uploaded_attachments: [],
          is_booked_by_another_patient: false,
        },
        provider_id: 'pr_aN3kM8vQ2xL7',
        location_id: 'lo_nyMidtown01',
      },
    });
  });

  it('lists the several-attachments fixture with URLs that serve the bytes under the same auth', async () => {
    const h = await harness();
    const response = await h.call({
      method: 'GET',
      url: `/v1/appointments/${SEVERAL_ATTACHMENTS_ID}/participants`,
    });
    expect(response.statusCode).toBe(200);
    const attachments = response.json().data.patient.uploaded_attachments as Array<{
      attachment_type: string;
      attachment_url: string;
      side: string | null;
    }>;
    expect(attachments.map((a) => [a.attachment_type, a.side])).toEqual([
      ['insurance_card_medical', 'front'],
      ['insurance_card_medical', 'back'],
      ['pcp_patient_referral', null],
    ]);
    expect(attachments[2]!.attachment_url).toMatch(
      new RegExp(`^http://localhost:80/v1/appointments/${SEVERAL_ATTACHMENTS_ID}/attachments/[0-9a-f-]{36}$`),
    );
    const url = new URL(attachments[2]!.attachment_url);
    const file = await h.call({ method: 'GET', url: url.pathname });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Same auth as the API: no token, no file.
    expect((await h.app.inject({ method: 'GET', url: url.pathname })).statusCode).toBe(401);
  });

  it('needs external.appointment.read, and answers 404 / 500 for the §12 ids', async () => {
    const h = await harness();
    const writeOnly = { authorization: `Bearer ${await h.token('external.appointment.write')}` };
    const forbidden = await h.app.inject({
      method: 'GET',
      url: `/v1/appointments/${CONFIRMED_FIXTURE}/participants`,
      headers: writeOnly,
    });
    expect(forbidden.statusCode).toBe(403);
    const missing = await h.call({ method: 'GET', url: `/v1/appointments/${NOT_FOUND_ID}/participants` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().errors).toEqual([
      { field: 'appointment_id', message: `Appointment ${NOT_FOUND_ID} was not found` },
    ]);
    const failing = await h.call({ method: 'GET', url: `/v1/appointments/${ERROR_ID}/participants` });
    expect(failing.statusCode).toBe(500);
    expect(failing.json()).toMatchObject({ error_type: 'api_error', request_id: expect.any(String) });
  });
});

describe('POST /v1/appointments/cancel', () => {
  it('cancels with a reason type, frees the slot and bumps last_modified_time_utc', async () => {
    const h = await harness();
    const [first] = await slots(h);
    const id = await bookFirst(h);
    expect((await slots(h))[0]).not.toBe(first);
    h.advance(60_000);
    const response = await cancel(h, {
      appointment_id: id,
      cancellation_reason_type: 'patient_no_longer_available',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      request_id: expect.any(String),
      data: { appointment_id: id, appointment_status: 'cancelled', developer_patient_id: 'partner-42' },
    });
    const record = (await h.call({ method: 'GET', url: `/v1/appointments/${id}` })).json().data;
    expect(record.cancellation_reason).toBe('Patient no longer available');
    expect(record.last_modified_time_utc).toBe('2026-11-20T12:01:00.000Z');
    expect((await slots(h))[0]).toBe(first);
  });

  it('takes free text only with other_patient_reason / other_provider_reason', async () => {
    const h = await harness();
    const id = await bookFirst(h);
    for (const payload of [
      { cancellation_reason: 'Moving away' },
      { cancellation_reason_type: 'provider_not_available', cancellation_reason: 'Sick' },
    ]) {
      const response = await cancel(h, { appointment_id: id, ...payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().errors[0].field).toBe('cancellation_reason');
    }
    expect(await status(h, id)).toBe('pending_booking');
    const ok = await cancel(h, {
      appointment_id: id,
      cancellation_reason_type: 'other_patient_reason',
      cancellation_reason: 'Moving to Boston',
    });
    expect(ok.statusCode).toBe(200);
    expect(h.store.getAppointment(id)?.cancellation_reason).toBe('Moving to Boston');
  });

  it('validates the body', async () => {
    const h = await harness();
    const cases: Array<[unknown, string]> = [
      [{}, 'appointment_id'],
      [{ appointment_id: 'nope' }, 'appointment_id'],
      [{ appointment_id: CONFIRMED_FIXTURE, cancellation_reason_type: 'bored' }, 'cancellation_reason_type'],
      [{ appointment_id: CONFIRMED_FIXTURE, cancellation_reason: 7 }, 'cancellation_reason'],
    ];
    for (const [payload, field] of cases) {
      const response = await cancel(h, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }
  });

  it('answers 409 from cancelled and no_show, 404 and 500 for the §12 ids, cancels failed bookings', async () => {
    const h = await harness();
    expect((await cancel(h, { appointment_id: CANCELLED_FIXTURE })).statusCode).toBe(409);
    const noShow = await cancel(h, { appointment_id: NO_SHOW_FIXTURE });
    expect(noShow.statusCode).toBe(409);
    expect(noShow.json().errors[0].message).toContain('status is no_show');
    expect((await cancel(h, { appointment_id: NOT_FOUND_ID })).statusCode).toBe(404);
    expect((await cancel(h, { appointment_id: ERROR_ID })).statusCode).toBe(500);
    expect((await cancel(h, { appointment_id: BOOKING_FAILED_FIXTURE })).statusCode).toBe(200);
  });

  it('needs external.appointment.write', async () => {
    const h = await harness();
    const readOnly = { authorization: `Bearer ${await h.token('external.appointment.read')}` };
    const response = await h.app.inject({
      method: 'POST',
      url: '/v1/appointments/cancel',
      headers: readOnly,
      payload: { appointment_id: PENDING_FIXTURE },
    });
    expect(response.statusCode).toBe(403);
    expect(await status(h, PENDING_FIXTURE)).toBe('pending_booking');
  });
});

describe('POST /v1/appointments/reschedule', () => {
  it('moves to an offered slot: the old slot is freed, the new one taken, status pending_reschedule', async () => {
    const h = await harness();
    const before = await slots(h);
    const id = await bookFirst(h); // takes before[0]
    const target = before[3]!;
    h.advance(60_000);
    const response = await reschedule(h, { appointment_id: id, start_time: target });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject({
      appointment_id: id,
      appointment_status: 'pending_reschedule',
      confirmation_type: 'manual',
      visit_type: 'in_person',
    });
    const record = (await h.call({ method: 'GET', url: `/v1/appointments/${id}` })).json().data;
    expect(record.start_time).toBe(target);
    expect(record.last_modified_time_utc).toBe('2026-11-20T12:01:00.000Z');
    const after = await slots(h);
    expect(after).toContain(before[0]);
    expect(after).not.toContain(target);
  });

  it('may move within its own time (the appointment does not block itself)', async () => {
    const h = await harness();
    const created = h.store.createAppointment({
      provider_location_id: DR_CHEN_MIDTOWN,
      visit_reason_id: 'pc_TlZW-r06U0W3pCsIGtSI5B', // 60 minutes for a new patient
      patient_type: 'new',
      start_time: '2026-11-23T10:00:00-05:00',
      appointment_status: 'confirmed',
    });
    const response = await reschedule(h, {
      appointment_id: created.appointment_id,
      start_time: '2026-11-23T10:30:00-05:00',
    });
    expect(response.statusCode).toBe(200);
  });

  it('answers a start that is not an offered slot with 400 start_time and changes nothing', async () => {
    const h = await harness();
    const taken = await slots(h);
    const id = await bookFirst(h);
    const other = await bookFirst(h);
    const before = h.store.getAppointment(id);
    for (const start_time of [
      h.store.getAppointment(other)!.start_time, // someone else's
      '2026-11-21T09:00:00-05:00', // Saturday: closed
      '2026-11-20T09:10:00-05:00', // off the grid
      '2026-11-19T09:00:00-05:00', // the past
    ]) {
      const response = await reschedule(h, { appointment_id: id, start_time });
      expect(response.statusCode, start_time).toBe(400);
      expect(response.json().errors[0].field).toBe('start_time');
    }
    for (const payload of [{ appointment_id: id }, { appointment_id: id, start_time: '2026-11-23 09:00' }]) {
      const response = await reschedule(h, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('start_time');
    }
    expect(h.store.getAppointment(id)).toEqual(before);
    expect(taken).toContain(before!.start_time);
  });

  it('answers 409 from statuses that cannot reschedule, 404 / 500 for the §12 ids', async () => {
    const h = await harness();
    const [target] = await slots(h);
    expect((await reschedule(h, { appointment_id: CANCELLED_FIXTURE, start_time: target })).statusCode).toBe(
      409,
    );
    expect((await reschedule(h, { appointment_id: NOT_FOUND_ID, start_time: target })).statusCode).toBe(404);
    expect((await reschedule(h, { appointment_id: ERROR_ID, start_time: target })).statusCode).toBe(500);
  });
});

/** Tokens that outlive the clock moves of a test. */
const LONG_TOKENS = { tokenTtlSeconds: 30 * 86_400 };

describe('PUT /v1/appointments/update-status', () => {
  it('marks a no-show only after the start and at most 2 days later', async () => {
    const h = await harness(LONG_TOKENS);
    const id = await bookFirst(h); // today 09:00 New York = 14:00Z, two hours ahead
    const early = await updateStatus(h, { appointment_id: id, appointment_status: 'no_show' });
    expect(early.statusCode).toBe(409);
    expect(early.json().errors[0].message).toContain('started in the past');

    h.advance(3 * HOUR);
    const ok = await updateStatus(h, { appointment_id: id, appointment_status: 'no_show' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().data.appointment_status).toBe('no_show');
    // Asking again is accepted (PUT), nothing changes.
    const modified = h.store.getAppointment(id)!.last_modified_time_utc;
    const again = await updateStatus(h, { appointment_id: id, appointment_status: 'no_show' });
    expect(again.statusCode).toBe(200);
    expect(h.store.getAppointment(id)!.last_modified_time_utc).toBe(modified);

    const old = await bookFirst(h);
    h.advance(3 * DAY);
    const late = await updateStatus(h, { appointment_id: old, appointment_status: 'no_show' });
    expect(late.statusCode).toBe(409);
  });

  it('records arrival without changing the status, and then refuses no-show and cancel', async () => {
    const h = await harness(LONG_TOKENS);
    const id = await bookFirst(h);
    h.advance(60_000);
    const arrived = await updateStatus(h, { appointment_id: id, appointment_status: 'arrived' });
    expect(arrived.statusCode).toBe(200);
    expect(arrived.json().data.appointment_status).toBe('pending_booking');
    expect(h.store.getAppointment(id)!.last_modified_time_utc).toBe('2026-11-20T12:01:00.000Z');
    h.advance(3 * HOUR);
    expect((await updateStatus(h, { appointment_id: id, appointment_status: 'no_show' })).statusCode).toBe(
      409,
    );
    expect((await cancel(h, { appointment_id: id })).statusCode).toBe(409);
    expect((await updateStatus(h, { appointment_id: id, appointment_status: 'arrived' })).statusCode).toBe(
      200,
    );
  });

  it('validates the body and answers 404 / 500 for the §12 ids', async () => {
    const h = await harness();
    for (const payload of [
      { appointment_id: CONFIRMED_FIXTURE },
      { appointment_id: CONFIRMED_FIXTURE, appointment_status: 'confirmed' },
      { appointment_status: 'arrived' },
    ]) {
      const response = await updateStatus(h, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(
      (await updateStatus(h, { appointment_id: NOT_FOUND_ID, appointment_status: 'arrived' })).statusCode,
    ).toBe(404);
    expect(
      (await updateStatus(h, { appointment_id: ERROR_ID, appointment_status: 'arrived' })).statusCode,
    ).toBe(500);
  });
});

describe('§12 appointment ids on the other endpoints', () => {
  it('answers 500 for dc69a428-… on get and confirm, 404 for 83f5cf14-…', async () => {
    const h = await harness();
    const get = await h.call({ method: 'GET', url: `/v1/appointments/${ERROR_ID}` });
    expect(get.statusCode).toBe(500);
    expect(get.json().error_type).toBe('api_error');
    expect((await post(h, '/v1/appointments/confirm', { appointment_id: ERROR_ID })).statusCode).toBe(500);
    expect((await h.call({ method: 'GET', url: `/v1/appointments/${NOT_FOUND_ID}` })).statusCode).toBe(404);
  });
});
