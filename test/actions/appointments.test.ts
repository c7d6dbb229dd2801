import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRejectedInput, failureOf } from './action-assertions.ts';
import { type ActionHarness, startActionHarness } from './action-harness.ts';

const patient = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  date_of_birth: '1985-12-10',
  sex_at_birth: 'female',
  phone_number: '2125550123',
  email_address: 'ada@example.com',
  patient_address: { address1: '1 Main St', city: 'New York', state: 'NY', zip_code: '10001' },
  developer_patient_id: 'ada-1',
};

describe('Appointments actions against the sandbox', () => {
  let harness: ActionHarness;
  beforeAll(async () => {
    harness = await startActionHarness();
  });
  afterAll(() => harness.close());

  /** An offered slot, as a workflow would find it with availability. */
  function offeredSlot() {
    const location = harness.sandbox.store.listProviderLocations().find((l) => l.accepts_new_patients)!;
    const [entry] = harness.sandbox.store.availability({
      providerLocationIds: [location.provider_location_id],
      visitReasonId: location.default_visit_reason_id,
      patientType: 'new',
    });
    const slot = entry!.timeslots[0]!;
    return {
      provider_location_id: location.provider_location_id,
      visit_reason_id: location.default_visit_reason_id,
      start_time: slot.start_time,
    };
  }

  it('create books an offered slot; the booking is pending', async () => {
    const slot = offeredSlot();
    const output = (await harness.run('zocdoc.create_appointment', {
      ...slot,
      patient_type: 'new',
      patient,
    })) as {
      appointment_id: string;
      appointment_status: string;
    };
    expect(output.appointment_status).toBe('pending_booking');
    const stored = harness.sandbox.store.getAppointment(output.appointment_id)!;
    expect(stored.start_time).toBe(slot.start_time);
    expect(stored.patient.last_name).toBe('Lovelace');
  });

  it('create refuses Zocdoc’s phone rule, a bad date and a long note before sending', async () => {
    const slot = offeredSlot();
    const base = { ...slot, patient_type: 'new', patient };
    await expectRejectedInput(
      harness,
      'zocdoc.create_appointment',
      { ...base, patient: { ...patient, phone_number: '5551234567' } },
      'patient.phone_number',
    );
    await expectRejectedInput(
      harness,
      'zocdoc.create_appointment',
      { ...base, patient: { ...patient, date_of_birth: '12/10/1985' } },
      'patient.date_of_birth',
    );
    await expectRejectedInput(
      harness,
      'zocdoc.create_appointment',
      { ...base, notes: 'x'.repeat(101) },
      'notes',
    );
    await expectRejectedInput(
      harness,
      'zocdoc.create_appointment',
      { ...base, start_time: '2026-11-23 09:00' },
      'start_time',
    );
  });

  it('create maps an unoffered slot to a validation error with Zocdoc’s field and request_id', async () => {
    const slot = offeredSlot();
    const error = await failureOf(
      harness.run('zocdoc.create_appointment', {
        ...slot,
        start_time: '2020-01-06T03:17:00-05:00',
        patient_type: 'new',
        patient,
      }),
    );
    expect(error.toJSON()).toMatchObject({ kind: 'validation', status: 400, request_id: expect.any(String) });
    expect(error.extra.details?.map((d) => d.field)).toContain('data.start_time');
  });

  it('get reads an appointment; an unknown id is not_found', async () => {
    const booked = harness.sandbox.store.createAppointment();
    expect(
      await harness.run('zocdoc.get_appointment', { appointment_id: booked.appointment_id }),
    ).toMatchObject({
      appointment_id: booked.appointment_id,
      provider_location_id: booked.provider_location_id,
    });
    expect(
      (await failureOf(harness.run('zocdoc.get_appointment', { appointment_id: randomUUID() }))).kind,
    ).toBe('not_found');
    await expectRejectedInput(harness, 'zocdoc.get_appointment', { appointment_id: 'x' }, 'appointment_id');
  });

  it('search filters, sorts, returns one page by default and follows pages when asked', async () => {
    const patientId = `search-${randomUUID()}`;
    for (let i = 0; i < 12; i++) {
      harness.sandbox.store.createAppointment({ patient: { developer_patient_id: patientId } });
    }
    const one = (await harness.run('zocdoc.search_appointments', {
      developer_patient_id: patientId,
      page_size: 5,
      sort_by: 'created_time_utc',
      sort_direction: 'ascending',
    })) as {
      items: unknown[];
      total_count: number;
      pages_fetched: number;
      has_more: boolean;
      next_page: number;
    };
    expect(one).toMatchObject({ total_count: 12, pages_fetched: 1, has_more: true, next_page: 1 });
    expect(one.items).toHaveLength(5);

    const all = (await harness.run('zocdoc.search_appointments', {
      developer_patient_id: patientId,
      page_size: 5,
      max_pages: 10,
    })) as {
      items: Array<{ appointment_id: string }>;
      pages_fetched: number;
      has_more: boolean;
      next_page: null;
    };
    expect(all).toMatchObject({ pages_fetched: 3, has_more: false, next_page: null });
    expect(new Set(all.items.map((a) => a.appointment_id)).size).toBe(12);

    await expectRejectedInput(harness, 'zocdoc.search_appointments', { statuses: ['booked'] }, 'statuses.0');
    await expectRejectedInput(harness, 'zocdoc.search_appointments', { page: 10, page_size: 100 }, 'page');
  });

  it('confirm confirms a pending booking; confirming again is a conflict', async () => {
    const booked = harness.sandbox.store.createAppointment({ appointment_status: 'pending_booking' });
    expect(
      await harness.run('zocdoc.confirm_appointment', { appointment_id: booked.appointment_id }),
    ).toMatchObject({
      appointment_status: 'confirmed',
    });
    const again = await failureOf(
      harness.run('zocdoc.confirm_appointment', { appointment_id: booked.appointment_id }),
    );
    expect(again.toJSON()).toMatchObject({ kind: 'conflict', status: 409, request_id: expect.any(String) });
  });

  it('participants returns the patient, provider and location', async () => {
    const booked = harness.sandbox.store.createAppointment({ patient: { first_name: 'Grace' } });
    const output = (await harness.run('zocdoc.get_appointment_participants', {
      appointment_id: booked.appointment_id,
    })) as { patient: { first_name: string; uploaded_attachments: unknown[] }; provider_id: string };
    expect(output.patient.first_name).toBe('Grace');
    expect(output.patient.uploaded_attachments).toEqual([]);
    expect(booked.provider_location_id.startsWith(`${output.provider_id}|`)).toBe(true);
  });

  it('cancel takes a reason; free text only with an "other" reason; a second cancel is a conflict', async () => {
    const booked = harness.sandbox.store.createAppointment({ appointment_status: 'confirmed' });
    await expectRejectedInput(
      harness,
      'zocdoc.cancel_appointment',
      {
        appointment_id: booked.appointment_id,
        cancellation_reason_type: 'provider_not_available',
        cancellation_reason: 'away',
      },
      'cancellation_reason',
    );
    expect(
      await harness.run('zocdoc.cancel_appointment', {
        appointment_id: booked.appointment_id,
        cancellation_reason_type: 'other_provider_reason',
        cancellation_reason: 'Provider is away',
      }),
    ).toMatchObject({ appointment_status: 'cancelled' });
    const again = await failureOf(
      harness.run('zocdoc.cancel_appointment', { appointment_id: booked.appointment_id }),
    );
    expect(again.kind).toBe('conflict');
  });

  it('reschedule moves an appointment to another offered slot', async () => {
    const first = offeredSlot();
    const created = (await harness.run('zocdoc.create_appointment', {
      ...first,
      patient_type: 'new',
      patient,
    })) as {
      appointment_id: string;
    };
    const next = offeredSlot();
    const output = (await harness.run('zocdoc.reschedule_appointment', {
      appointment_id: created.appointment_id,
      start_time: next.start_time,
    })) as { appointment_status: string };
    expect(['pending_reschedule', 'rescheduled']).toContain(output.appointment_status);
    expect(harness.sandbox.store.getAppointment(created.appointment_id)!.start_time).toBe(next.start_time);
  });

  it('update status marks a recent past appointment as a no-show, and refuses one in the future', async () => {
    const past = harness.sandbox.store.createAppointment({
      appointment_status: 'confirmed',
      start_time: new Date(Date.now() - 3 * 3600_000),
    });
    expect(
      await harness.run('zocdoc.update_appointment_status', {
        appointment_id: past.appointment_id,
        appointment_status: 'no_show',
      }),
    ).toMatchObject({ appointment_status: 'no_show' });
    const future = harness.sandbox.store.createAppointment({ appointment_status: 'confirmed' });
    const refused = await failureOf(
      harness.run('zocdoc.update_appointment_status', {
        appointment_id: future.appointment_id,
        appointment_status: 'no_show',
      }),
    );
    expect(refused.kind).toBe('conflict');
    await expectRejectedInput(
      harness,
      'zocdoc.update_appointment_status',
      { appointment_id: future.appointment_id, appointment_status: 'cancelled' },
      'appointment_status',
    );
  });
});
