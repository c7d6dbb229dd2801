import { describe, expect, it } from 'vitest';
import {
  type AppointmentOperation,
  type AppointmentStatus,
  appointmentOperations,
  appointmentStatuses,
  checkOperation,
  transition,
} from '../../src/sandbox/appointment-state-machine.ts';
import { DAY, HOUR, slots } from './lifecycle-helpers.ts';
import { DR_CHEN_MIDTOWN, harness } from './sandbox-harness.ts';

/**
 * The lifecycle table (§10), written out independently of the implementation: for every
 * operation, the statuses it runs from and where it leads ('same' = status unchanged).
 */
const expected: Record<AppointmentOperation, { from: AppointmentStatus[]; to: AppointmentStatus | 'same' }> =
  {
    confirm: { from: ['pending_booking'], to: 'confirmed' },
    cancel: {
      from: [
        'pending_booking',
        'booking_failed',
        'confirmed',
        'pending_reschedule',
        'reschedule_failed',
        'rescheduled',
      ],
      to: 'cancelled',
    },
    reschedule: {
      from: ['pending_booking', 'confirmed', 'pending_reschedule', 'rescheduled'],
      to: 'pending_reschedule',
    },
    mark_no_show: {
      from: ['pending_booking', 'confirmed', 'rescheduled', 'reschedule_failed'],
      to: 'no_show',
    },
    mark_arrived: { from: ['pending_booking', 'confirmed', 'rescheduled', 'reschedule_failed'], to: 'same' },
    upload_attachment: {
      from: ['pending_booking', 'confirmed', 'cancelled', 'no_show', 'pending_reschedule', 'rescheduled'],
      to: 'same',
    },
    complete_booking: { from: ['pending_booking'], to: 'confirmed' },
    fail_booking: { from: ['pending_booking'], to: 'booking_failed' },
    complete_reschedule: { from: ['pending_reschedule'], to: 'rescheduled' },
    fail_reschedule: { from: ['pending_reschedule'], to: 'reschedule_failed' },
  };

const NOW = Date.parse('2026-11-20T12:00:00Z');
/** A start one hour ago: inside every operation's time window. */
const state = (status: AppointmentStatus, extra: { arrived?: boolean; startMs?: number } = {}) => ({
  status,
  arrived: extra.arrived ?? false,
  startMs: extra.startMs ?? NOW - HOUR,
  nowMs: NOW,
});

describe('appointment state machine (table-driven over every status)', () => {
  for (const operation of appointmentOperations) {
    it(`${operation}: allowed exactly from ${expected[operation].from.join(', ')}`, () => {
      for (const status of appointmentStatuses) {
        const result = checkOperation(operation, state(status));
        const noop = operation === 'mark_no_show' && status === 'no_show';
        if (expected[operation].from.includes(status)) {
          expect(result, `${operation} from ${status}`).toEqual({
            ok: true,
            from: status,
            to: expected[operation].to === 'same' ? status : expected[operation].to,
            changed: true,
          });
        } else if (noop) {
          // PUT update-status to the state it is already in: accepted, nothing changes.
          expect(result).toEqual({ ok: true, from: status, to: status, changed: false });
        } else {
          expect(result.ok, `${operation} from ${status}`).toBe(false);
          if (!result.ok) {
            expect(result.statusCode).toBe(operation === 'upload_attachment' ? 400 : 409);
            expect(result.message).toContain(status);
          }
          expect(transition(operation, status).ok).toBe(false);
        }
      }
    });
  }

  it('no_show needs a start in the past, at most 2 days ago', () => {
    const at = (startMs: number) => checkOperation('mark_no_show', state('confirmed', { startMs })).ok;
    expect(at(NOW + HOUR)).toBe(false);
    expect(at(NOW)).toBe(false); // starting right now is not yet in the past
    expect(at(NOW - 1)).toBe(true);
    expect(at(NOW - 2 * DAY)).toBe(true);
    expect(at(NOW - 2 * DAY - 1)).toBe(false);
  });

  it('arrived is accepted from a day before the start to 2 days after', () => {
    const at = (startMs: number) => checkOperation('mark_arrived', state('confirmed', { startMs })).ok;
    expect(at(NOW + DAY + 1)).toBe(false);
    expect(at(NOW + DAY)).toBe(true);
    expect(at(NOW - 2 * DAY)).toBe(true);
    expect(at(NOW - 2 * DAY - 1)).toBe(false);
  });

  it('attachments are refused more than 7 days after the start', () => {
    const at = (startMs: number) => checkOperation('upload_attachment', state('confirmed', { startMs })).ok;
    expect(at(NOW + 30 * DAY)).toBe(true);
    expect(at(NOW - 7 * DAY)).toBe(true);
    expect(at(NOW - 7 * DAY - 1)).toBe(false);
  });

  it('after arrival: no no-show, cancel or reschedule; arriving again is a no-op', () => {
    const arrived = (operation: AppointmentOperation) =>
      checkOperation(operation, state('confirmed', { arrived: true }));
    for (const operation of ['mark_no_show', 'cancel', 'reschedule'] as const) {
      const result = arrived(operation);
      expect(result.ok, operation).toBe(false);
      if (!result.ok) expect(result.message).toContain('arrived');
    }
    expect(arrived('mark_arrived')).toEqual({ ok: true, from: 'confirmed', to: 'confirmed', changed: false });
    expect(arrived('upload_attachment').ok).toBe(true);
  });
});

describe('the lifecycle through the API (every status, every partner operation)', () => {
  const endpoints = {
    confirm: { method: 'POST', url: '/v1/appointments/confirm', body: {} },
    cancel: { method: 'POST', url: '/v1/appointments/cancel', body: {} },
    no_show: {
      method: 'PUT',
      url: '/v1/appointments/update-status',
      body: { appointment_status: 'no_show' },
    },
    arrived: {
      method: 'PUT',
      url: '/v1/appointments/update-status',
      body: { appointment_status: 'arrived' },
    },
  } as const;

  it('answers 200 where the table allows and 409 elsewhere, leaving refused appointments unchanged', async () => {
    const h = await harness();
    const startInPast = new Date(h.now().getTime() - HOUR).toISOString();
    for (const [name, endpoint] of Object.entries(endpoints)) {
      const operation: AppointmentOperation =
        name === 'no_show'
          ? 'mark_no_show'
          : name === 'arrived'
            ? 'mark_arrived'
            : (name as AppointmentOperation);
      for (const status of appointmentStatuses) {
        const created = h.store.createAppointment({ appointment_status: status, start_time: startInPast });
        const response = await h.call({
          method: endpoint.method,
          url: endpoint.url,
          payload: { appointment_id: created.appointment_id, ...endpoint.body },
        });
        const allowed =
          expected[operation].from.includes(status) || (name === 'no_show' && status === 'no_show');
        expect(response.statusCode, `${name} from ${status}`).toBe(allowed ? 200 : 409);
        const after = h.store.getAppointment(created.appointment_id)!;
        if (allowed) {
          const to = expected[operation].to;
          expect(response.json().data).toEqual({
            appointment_id: created.appointment_id,
            appointment_status: to === 'same' ? status : to,
            developer_patient_id: created.developer_patient_id,
          });
        } else {
          expect(response.json().errors[0].field).toBe('appointment_id');
          expect(after).toEqual(created);
        }
      }
    }
  });

  it('reschedules exactly from the allowed statuses (409 otherwise)', async () => {
    const h = await harness();
    const offered = await slots(h, DR_CHEN_MIDTOWN);
    let next = 0;
    for (const status of appointmentStatuses) {
      const created = h.store.createAppointment({
        appointment_status: status,
        start_time: '2026-12-01T08:00:00-05:00',
      });
      const target = offered[next]!;
      const response = await h.call({
        method: 'POST',
        url: '/v1/appointments/reschedule',
        payload: { appointment_id: created.appointment_id, start_time: target },
      });
      const allowed = expected.reschedule.from.includes(status);
      expect(response.statusCode, status).toBe(allowed ? 200 : 409);
      if (allowed) {
        next++;
        expect(response.json().data.appointment_status).toBe('pending_reschedule');
      }
    }
  });
});
