import { describe, expect, it } from 'vitest';
import { admin, bookFirst, DAY, slots, status } from './lifecycle-helpers.ts';
import { harness } from './sandbox-harness.ts';

const MINUTE = 60_000;
const LONG_TOKENS = { tokenTtlSeconds: 30 * 86_400 };

describe('server-driven outcomes (§10)', () => {
  it('confirms a partner booking 10 minutes later by the clock, stamped at the due time', async () => {
    const h = await harness(LONG_TOKENS);
    const id = await bookFirst(h);
    h.advance(10 * MINUTE - 1);
    expect(await status(h, id)).toBe('pending_booking');
    h.advance(1);
    // Nobody looked at the due moment; the next read still sees it stamped then.
    h.advance(5 * MINUTE);
    const record = (await h.call({ method: 'GET', url: `/v1/appointments/${id}` })).json().data;
    expect(record.appointment_status).toBe('confirmed');
    expect(record.last_modified_time_utc).toBe('2026-11-20T12:10:00.000Z');
  });

  it('shows the outcome to every read: the list filtered by last_modified sees it too', async () => {
    const h = await harness(LONG_TOKENS);
    const id = await bookFirst(h);
    h.advance(DAY);
    const listed = await h.call({
      method: 'GET',
      url: '/v1/appointments?statuses=confirmed&last_modified_time_utc_min=2026-11-20T12:05:00Z',
    });
    expect(listed.json().data.map((a: { appointment_id: string }) => a.appointment_id)).toEqual([id]);
  });

  it('fails the booking of developer_patient_id dp_bookingfailed, freeing the slot', async () => {
    const h = await harness(LONG_TOKENS);
    const [first] = await slots(h);
    const patient = {
      first_name: 'Fay',
      last_name: 'Lure',
      date_of_birth: '1990-01-01',
      sex_at_birth: 'female',
    };
    const id = await bookFirst(h, {
      patient: {
        ...patient,
        phone_number: '2125550143',
        email_address: 'fay@example.com',
        patient_address: { address1: '1 Main St', city: 'New York', state: 'NY', zip_code: '10001' },
        developer_patient_id: 'dp_bookingfailed',
      },
    });
    expect(await status(h, id)).toBe('pending_booking');
    expect(await slots(h)).not.toContain(first);
    h.advance(10 * MINUTE);
    expect(await status(h, id)).toBe('booking_failed');
    expect((await slots(h))[0]).toBe(first);
  });

  it('settles a reschedule: rescheduled by default; dp_reschedulefailed goes back to the original time', async () => {
    const h = await harness({ ...LONG_TOKENS, outcomes: { delayMs: MINUTE } });
    const offered = await slots(h);
    const ok = await bookFirst(h);
    const failing = await bookFirst(h, {
      patient: {
        first_name: 'Rae',
        last_name: 'Schedule',
        date_of_birth: '1980-02-02',
        sex_at_birth: 'female',
        phone_number: '2125550144',
        email_address: 'rae@example.com',
        patient_address: { address1: '1 Main St', city: 'New York', state: 'NY', zip_code: '10001' },
        developer_patient_id: 'dp_reschedulefailed',
      },
    });
    h.advance(MINUTE);
    expect(await status(h, ok)).toBe('confirmed');
    const originalStart = h.store.getAppointment(failing)!.start_time;
    expect(await status(h, failing)).toBe('confirmed'); // only the reschedule fails

    for (const [id, target] of [
      [ok, offered[5]!],
      [failing, offered[6]!],
    ]) {
      const response = await h.call({
        method: 'POST',
        url: '/v1/appointments/reschedule',
        payload: { appointment_id: id, start_time: target },
      });
      expect(response.statusCode).toBe(200);
    }
    expect(h.store.getAppointment(failing)!.start_time).toBe(offered[6]);
    h.advance(MINUTE);
    expect(await status(h, ok)).toBe('rescheduled');
    expect(h.store.getAppointment(ok)!.start_time).toBe(offered[5]);
    expect(await status(h, failing)).toBe('reschedule_failed');
    expect(h.store.getAppointment(failing)!.start_time).toBe(originalStart);
    expect(await slots(h)).toContain(offered[6]);
  });

  it('drops the outcome when the partner decides first (confirm, cancel)', async () => {
    const h = await harness({ ...LONG_TOKENS, outcomes: { booking: 'booking_failed' } });
    const confirmed = await bookFirst(h);
    const cancelled = await bookFirst(h);
    await h.call({ method: 'POST', url: '/v1/appointments/confirm', payload: { appointment_id: confirmed } });
    await h.call({ method: 'POST', url: '/v1/appointments/cancel', payload: { appointment_id: cancelled } });
    const modified = h.store.getAppointment(confirmed)!.last_modified_time_utc;
    h.advance(DAY);
    expect(await status(h, confirmed)).toBe('confirmed');
    expect(await status(h, cancelled)).toBe('cancelled');
    expect(h.store.getAppointment(confirmed)!.last_modified_time_utc).toBe(modified);
  });

  it('leaves practice-side and seeded appointments alone', async () => {
    const h = await harness(LONG_TOKENS);
    const practice = h.store.createAppointment();
    h.advance(DAY);
    expect(await status(h, practice.appointment_id)).toBe('pending_booking');
    expect(await status(h, '2b29f79b-6d7f-472a-9603-d0c378bc9531')).toBe('pending_booking');
  });

  it('is switched, timed and decided through PUT /_sandbox/lifecycle, and reset restores the defaults', async () => {
    const h = await harness(LONG_TOKENS);
    expect((await admin(h, 'GET', '/lifecycle')).json().data).toEqual({
      auto_outcomes: true,
      outcome_delay_ms: 600_000,
      booking_outcome: 'confirmed',
      reschedule_outcome: 'rescheduled',
    });

    const off = await admin(h, 'PUT', '/lifecycle', { auto_outcomes: false });
    expect(off.statusCode).toBe(200);
    expect(off.json().data.auto_outcomes).toBe(false);
    const untouched = await bookFirst(h);
    h.advance(DAY);
    expect(await status(h, untouched)).toBe('pending_booking');

    await admin(h, 'PUT', '/lifecycle', {
      auto_outcomes: true,
      outcome_delay_ms: 30_000,
      booking_outcome: 'booking_failed',
    });
    const failing = await bookFirst(h);
    h.advance(29_999);
    expect((await admin(h, 'POST', '/lifecycle/settle')).json().data).toEqual({ applied: 0 });
    h.advance(1);
    expect((await admin(h, 'POST', '/lifecycle/settle')).json().data).toEqual({ applied: 1 });
    expect(h.store.getAppointment(failing)!.appointment_status).toBe('booking_failed');

    for (const [payload, field] of [
      [{ outcome_delay_ms: -1 }, 'outcome_delay_ms'],
      [{ booking_outcome: 'cancelled' }, 'booking_outcome'],
      [{ auto: true }, 'auto'],
    ] as const) {
      const response = await admin(h, 'PUT', '/lifecycle', payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }

    await admin(h, 'POST', '/reset');
    expect((await admin(h, 'GET', '/lifecycle')).json().data.booking_outcome).toBe('confirmed');
  });

  it('applies due outcomes when the operator moves the clock', async () => {
    const h = await harness(LONG_TOKENS);
    const id = await bookFirst(h);
    const moved = await admin(h, 'PUT', '/clock', { offset_ms: 10 * MINUTE });
    expect(moved.statusCode).toBe(200);
    expect(h.store.getAppointment(id)!.appointment_status).toBe('confirmed');
  });
});
