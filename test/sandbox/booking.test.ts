import { describe, expect, it } from 'vitest';
import {
  book,
  DR_BELL_VIDEO,
  DR_CHEN_MIDTOWN,
  DR_NAIR_WILSHIRE,
  DR_OKAFOR_MIDTOWN,
  firstSlot,
  harness,
  ILLNESS,
  UUID,
  validPatient,
} from './sandbox-harness.ts';

const chen = (start_time: string, extra: Record<string, unknown> = {}) => ({
  start_time,
  visit_reason_id: ILLNESS,
  provider_location_id: DR_CHEN_MIDTOWN,
  patient_type: 'new',
  ...extra,
});

const fields = (body: { errors: Array<{ field?: string }> }) => body.errors.map((e) => e.field);

describe('POST /v1/appointments', () => {
  it('books an offered slot: 200 AppointmentResponse, pending_booking', async () => {
    const h = await harness();
    const start = await firstSlot(h, DR_CHEN_MIDTOWN);
    const response = await book(h, chen(start, { notes: 'Sore throat' }));
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      request_id: expect.any(String),
      data: {
        appointment_id: expect.stringMatching(UUID),
        appointment_status: 'pending_booking',
        developer_patient_id: 'partner-42',
        is_provider_resource: false,
        location_phone_number: '2125550143',
        location_phone_extension: null,
        waiting_room_path: null,
        confirmation_type: 'manual',
        visit_type: 'in_person',
        notes: 'Sore throat',
      },
    });
    const stored = h.store.getAppointment(body.data.appointment_id);
    expect(stored).toMatchObject({
      start_time: start,
      provider_location_id: DR_CHEN_MIDTOWN,
      practice_id: 'pt_Hk2mV8qLr4TzW1nB5xYc7D',
      created_time_utc: '2026-11-20T12:00:00.000Z',
      last_modified_time_utc: '2026-11-20T12:00:00.000Z',
      source: 'Your website',
      patient: { first_name: 'Ada', phone_number: '2125550143' },
    });
  });

  it('books a video visit with a waiting room', async () => {
    const h = await harness();
    const start = await firstSlot(h, DR_BELL_VIDEO);
    const response = await book(h, chen(start, { provider_location_id: DR_BELL_VIDEO }));
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject({
      visit_type: 'zocdoc_video_service',
      waiting_room_path: expect.stringContaining(response.json().data.appointment_id),
    });
  });

  it('accepts the same instant written with another offset, and stores the provider’s local offset', async () => {
    const h = await harness();
    const response = await book(h, chen('2026-11-20T14:00:00Z'));
    expect(response.statusCode).toBe(200);
    expect(h.store.getAppointment(response.json().data.appointment_id)?.start_time).toBe(
      '2026-11-20T09:00:00-05:00',
    );
  });

  it('refuses a time that is not an offered slot, naming data.start_time', async () => {
    const h = await harness();
    const taken = await book(h, chen('2026-11-20T09:00:00-05:00'));
    expect(taken.statusCode).toBe(200);

    const cases = [
      '2026-11-20T09:00:00-05:00', // now booked
      '2026-11-20T08:00:00-05:00', // before opening
      '2026-11-20T09:15:00-05:00', // not on the 30-minute grid
      '2026-11-21T10:00:00-05:00', // a Saturday
      '2026-11-24T09:00:00-05:00', // a Tuesday: Dr. Chen is in Brooklyn
      '2026-11-20T06:30:00-05:00', // in the past
    ];
    for (const start of cases) {
      const response = await book(h, chen(start));
      expect(response.statusCode, start).toBe(400);
      expect(response.json()).toEqual({
        request_id: expect.any(String),
        error_type: 'invalid_request',
        errors: [
          { field: 'data.start_time', message: expect.stringContaining('not an available time slot') },
        ],
      });
    }
  });

  it('refuses a start_time without an offset', async () => {
    const h = await harness();
    const response = await book(h, chen('2026-11-20T09:00:00'));
    expect(response.statusCode).toBe(400);
    expect(fields(response.json())).toEqual(['data.start_time']);
  });

  it('applies the phone rule: 10 unformatted digits, 1st and 4th not 0 or 1', async () => {
    const h = await harness();
    const start = await firstSlot(h, DR_CHEN_MIDTOWN);
    for (const phone of [
      '1125550143',
      '0125550143',
      '2121550143',
      '2120550143',
      '212-555-0143',
      '212555014',
      '(212)5550143',
    ]) {
      const response = await book(h, chen(start, { patient: { ...validPatient(), phone_number: phone } }));
      expect(response.statusCode, phone).toBe(400);
      expect(response.json().errors).toEqual([
        {
          field: 'data.patient.phone_number',
          message: expect.stringMatching(/^data\.patient\.phone_number /),
        },
      ]);
    }
    const ok = await book(h, chen(start, { patient: { ...validPatient(), phone_number: '9175550199' } }));
    expect(ok.statusCode).toBe(200);
  });

  it('names every missing patient field', async () => {
    const h = await harness();
    const response = await book(h, chen(await firstSlot(h, DR_CHEN_MIDTOWN), { patient: {} }));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual(
      [
        'first_name',
        'last_name',
        'date_of_birth',
        'sex_at_birth',
        'phone_number',
        'email_address',
        'patient_address',
      ].map((name) => ({ field: `data.patient.${name}`, message: `data.patient.${name} is required` })),
    );
  });

  it('validates the patient’s fields', async () => {
    const h = await harness();
    const start = await firstSlot(h, DR_CHEN_MIDTOWN);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ date_of_birth: '12/10/1985' }, 'data.patient.date_of_birth'],
      [{ date_of_birth: '1985-02-30' }, 'data.patient.date_of_birth'],
      [{ date_of_birth: '2030-01-01' }, 'data.patient.date_of_birth'],
      [{ sex_at_birth: 'other' }, 'data.patient.sex_at_birth'],
      [{ email_address: 'not-an-email' }, 'data.patient.email_address'],
      [{ first_name: '  ' }, 'data.patient.first_name'],
      [{ gender: ['none_apply', 'cisgender'] }, 'data.patient.gender'],
      [{ gender: ['robot'] }, 'data.patient.gender.0'],
      [
        {
          patient_address: { address1: '1 Main St', city: 'New York', state: 'New York', zip_code: '10001' },
        },
        'data.patient.patient_address.state',
      ],
      [
        { patient_address: { address1: '1 Main St', city: 'New York', state: 'NY', zip_code: '1001' } },
        'data.patient.patient_address.zip_code',
      ],
      [{ insurance: { is_self_pay: 'yes' } }, 'data.patient.insurance.is_self_pay'],
    ];
    for (const [change, field] of cases) {
      const response = await book(h, chen(start, { patient: { ...validPatient(), ...change } }));
      expect(response.statusCode, JSON.stringify(change)).toBe(400);
      expect(fields(response.json())).toEqual([field]);
    }
  });

  it('limits notes to 100 characters', async () => {
    const h = await harness();
    const start = await firstSlot(h, DR_CHEN_MIDTOWN);
    const long = await book(h, chen(start, { notes: 'x'.repeat(101) }));
    expect(long.statusCode).toBe(400);
    expect(long.json().errors).toEqual([
      { field: 'data.notes', message: 'data.notes must be at most 100 characters' },
    ]);
    const exact = await book(h, chen(start, { notes: 'x'.repeat(100) }));
    expect(exact.statusCode).toBe(200);
  });

  it('validates appointment_type and the data fields', async () => {
    const h = await harness();
    const wrongType = await h.call({
      method: 'POST',
      url: '/v1/appointments',
      payload: {
        appointment_type: 'facilities',
        data: { ...chen('2026-11-20T09:00:00-05:00'), patient: validPatient() },
      },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(fields(wrongType.json())).toEqual(['appointment_type']);

    const noData = await h.call({
      method: 'POST',
      url: '/v1/appointments',
      payload: { appointment_type: 'providers' },
    });
    expect(noData.statusCode).toBe(400);
    expect(noData.json().errors).toEqual([{ field: 'data', message: 'data is required' }]);

    const empty = await h.call({
      method: 'POST',
      url: '/v1/appointments',
      payload: { appointment_type: 'providers', data: {} },
    });
    expect(fields(empty.json())).toEqual([
      'data.start_time',
      'data.visit_reason_id',
      'data.provider_location_id',
      'data.patient_type',
      'data.patient',
    ]);

    const noBody = await h.call({ method: 'POST', url: '/v1/appointments' });
    expect(noBody.statusCode).toBe(400);
    expect(noBody.json().errors).toEqual([{ message: 'Request body is required' }]);
  });

  it('refuses unknown or unsuitable provider locations, visit reasons and patient types', async () => {
    const h = await harness();
    const start = '2026-11-20T09:00:00-05:00';
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ provider_location_id: 'pr_nope|lo_nope' }, 'data.provider_location_id'],
      [{ visit_reason_id: 'pc_nope' }, 'data.visit_reason_id'],
      [{ provider_location_id: DR_NAIR_WILSHIRE }, 'data.visit_reason_id'],
      [{ provider_location_id: DR_OKAFOR_MIDTOWN }, 'data.patient_type'],
      [{ patient_type: 'returning' }, 'data.patient_type'],
    ];
    for (const [change, field] of cases) {
      const response = await book(h, chen(start, change));
      expect(response.statusCode, JSON.stringify(change)).toBe(400);
      expect(fields(response.json())).toEqual([field]);
    }
  });
});
