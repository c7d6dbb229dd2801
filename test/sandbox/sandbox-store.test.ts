import { describe, expect, it } from 'vitest';
import type { AppointmentEntry } from '../../src/sandbox/appointment-model.ts';
import { comparator, selectPage, sortByValues, sortDirections } from '../../src/sandbox/appointment-query.ts';
import {
  appointmentStatuses,
  holdsSlot,
  transition,
  transitionTable,
} from '../../src/sandbox/appointment-state-machine.ts';
import { parseInstant, parseOffsetDateTime } from '../../src/sandbox/local-time.ts';
import { startSandbox } from '../../src/sandbox/sandbox-app.ts';
import { SandboxError } from '../../src/sandbox/sandbox-errors.ts';
import { createSandboxStore } from '../../src/sandbox/sandbox-store.ts';
import { CLIENT, DR_CHEN_MIDTOWN, FRIDAY_MORNING, ILLNESS } from './sandbox-harness.ts';

const clockAt = (iso: string) => () => new Date(iso);

describe('appointment state machine', () => {
  it('confirms only from pending_booking', () => {
    for (const status of appointmentStatuses) {
      const result = transition('confirm', status);
      expect(result.ok, status).toBe(status === 'pending_booking');
      if (result.ok) expect(result.to).toBe('confirmed');
    }
  });

  it('has the documented cancel and reschedule sources (§10)', () => {
    expect([...transitionTable.cancel.from].sort()).toEqual(
      [
        'pending_booking',
        'booking_failed',
        'confirmed',
        'pending_reschedule',
        'reschedule_failed',
        'rescheduled',
      ].sort(),
    );
    expect(transition('cancel', 'cancelled').ok).toBe(false);
    expect(transition('cancel', 'no_show').ok).toBe(false);
    expect([...transitionTable.reschedule.from].sort()).toEqual(
      ['pending_booking', 'confirmed', 'pending_reschedule', 'rescheduled'].sort(),
    );
  });

  it('frees the slot only for cancelled and failed bookings', () => {
    expect(appointmentStatuses.filter((s) => !holdsSlot(s))).toEqual(['booking_failed', 'cancelled']);
  });
});

describe('time parsing', () => {
  it('reads the list filters’ instants', () => {
    const midnight = Date.parse('2024-01-01T00:00:00Z');
    expect(parseInstant('2024-01-01 00:00:00+00:00')).toBe(midnight);
    expect(parseInstant('2024-01-01 00:00:00 00:00')).toBe(midnight); // '+' decoded as a space
    expect(parseInstant('2024-01-01T00:00:00Z')).toBe(midnight);
    expect(parseInstant('2024-01-01T00:00:00.000Z')).toBe(midnight);
    expect(parseInstant('2023-12-31T19:00:00-05:00')).toBe(midnight);
    expect(parseInstant('2024-01-01')).toBe(midnight);
    expect(parseInstant('2024-01-01 00:00:00')).toBe(midnight);
    for (const bad of ['', 'yesterday', '2024-13-01', '2024-01-01T25:00:00Z', '1704067200']) {
      expect(parseInstant(bad), bad).toBeUndefined();
    }
  });

  it('requires an offset on booking start times', () => {
    expect(parseOffsetDateTime('2026-11-23T09:00:00-05:00')).toBe(Date.parse('2026-11-23T14:00:00Z'));
    expect(parseOffsetDateTime('2026-11-23T09:00:00')).toBeUndefined();
    expect(parseOffsetDateTime('2026-11-23')).toBeUndefined();
  });
});

describe('paging selection', () => {
  it('picks the same page as a full sort, for every key, direction and window', () => {
    const store = createSandboxStore({ clock: clockAt(FRIDAY_MORNING) });
    store.bulkCreateAppointments(3000);
    // Duplicate keys on purpose, to exercise the appointment_id tiebreak.
    const entries = store.listAppointments().map(
      (record, i): AppointmentEntry => ({
        record,
        startMs: Math.floor(i / 3),
        endMs: 0,
        createdMs: Date.parse(record.created_time_utc),
        modifiedMs: Date.parse(record.last_modified_time_utc),
        occupiesSlot: false,
      }),
    );
    for (const sortBy of sortByValues) {
      for (const sortDirection of sortDirections) {
        const sorted = [...entries].sort(comparator(sortBy, sortDirection));
        for (const [offset, limit] of [
          [0, 10],
          [990, 10],
          [900, 100],
          [2995, 100],
          [5000, 10],
        ] as const) {
          const page = selectPage(entries, { sortBy, sortDirection, offset, limit });
          expect(page.totalCount).toBe(entries.length);
          expect(page.items.map((e) => e.record.appointment_id)).toEqual(
            sorted.slice(offset, offset + limit).map((e) => e.record.appointment_id),
          );
        }
      }
    }
  });
});

describe('sandbox store', () => {
  it('seeds deterministically from the clock', () => {
    const a = createSandboxStore({ clock: clockAt(FRIDAY_MORNING) });
    const b = createSandboxStore({ clock: clockAt(FRIDAY_MORNING) });
    expect(a.listProviderLocations()).toEqual(b.listProviderLocations());
    expect(a.listAppointments()).toEqual(b.listAppointments());
    // The documented fixture ids (§12): every status once, confirmed twice (new and existing),
    // and the confirmed one with several attachments.
    expect(
      a
        .listAppointments()
        .map((r) => r.appointment_status)
        .sort(),
    ).toEqual([...appointmentStatuses, 'confirmed', 'confirmed'].sort());
    a.createAppointment();
    a.bulkCreateAppointments(10);
    a.reset();
    expect(a.listAppointments()).toEqual(b.listAppointments());
  });

  it('hands out copies', () => {
    const store = createSandboxStore({ clock: clockAt(FRIDAY_MORNING) });
    const record = store.createAppointment();
    record.appointment_status = 'cancelled';
    record.patient.patient_address.city = 'Nowhere';
    const fresh = store.getAppointment(record.appointment_id)!;
    expect(fresh.appointment_status).toBe('pending_booking');
    expect(fresh.patient.patient_address.city).not.toBe('Nowhere');
  });

  it('throws SandboxErrors for unknown ids and illegal transitions', () => {
    const store = createSandboxStore({ clock: clockAt(FRIDAY_MORNING) });
    expect(() => store.updateAppointment('nope', {})).toThrow(SandboxError);
    try {
      store.applyOperation('d2ee5bd8-643a-42c8-8c5a-be450e903430', 'confirm');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SandboxError);
      expect((error as SandboxError).statusCode).toBe(409);
    }
    expect(() => store.createAppointment({ provider_location_id: 'pr_x|lo_x' })).toThrow(
      /not a known provider location/,
    );
  });

  it('bulk-creates 100,000 appointments quickly, lists them efficiently, and leaves availability alone', () => {
    const store = createSandboxStore({ clock: clockAt(FRIDAY_MORNING), seedFixtureAppointments: false });
    const request = {
      providerLocationIds: [DR_CHEN_MIDTOWN],
      visitReasonId: ILLNESS,
      patientType: 'new' as const,
    };
    const before = store.availability(request);

    const started = performance.now();
    expect(store.bulkCreateAppointments(100_000)).toEqual({ created: 100_000, total: 100_000 });
    const created = performance.now() - started;
    expect(created).toBeLessThan(5000);

    const pageStarted = performance.now();
    const page = store.pageAppointments({ offset: 900, limit: 100, sortBy: 'last_modified_time_utc' });
    expect(performance.now() - pageStarted).toBeLessThan(1000);
    expect(page.totalCount).toBe(100_000);
    expect(page.items).toHaveLength(100);

    const statuses = new Set(
      store.listAppointments({ statuses: ['no_show', 'pending_booking'] }).map((r) => r.appointment_status),
    );
    expect(statuses).toEqual(new Set(['no_show', 'pending_booking']));
    expect(store.availability(request)).toEqual(before);
  });
});

describe('startSandbox', () => {
  it('listens on 127.0.0.1 and serves the token endpoint and the API over HTTP', async () => {
    const sandbox = await startSandbox({ port: 0, clients: [CLIENT], clock: clockAt(FRIDAY_MORNING) });
    try {
      expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const token = await fetch(`${sandbox.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: CLIENT.clientId,
          client_secret: CLIENT.clientSecret,
          audience: `${sandbox.url}/`,
        }),
      });
      expect(token.status).toBe(200);
      const { access_token } = (await token.json()) as { access_token: string };
      const list = await fetch(`${sandbox.url}/v1/appointments?page_size=5`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      const body = (await list.json()) as { total_count: number; next_url: string };
      expect(body.total_count).toBe(10);
      expect(body.next_url).toBe(`${sandbox.url}/v1/appointments?page_size=5&page=1`);
      expect(sandbox.store.count()).toBe(10);
    } finally {
      await sandbox.close();
    }
  });
});
