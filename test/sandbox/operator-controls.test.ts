import { describe, expect, it } from 'vitest';
import { admin, bookFirst, DAY, startReceiver } from './lifecycle-helpers.ts';
import { CLIENT, harness } from './sandbox-harness.ts';

describe('PUT /_sandbox/clock', () => {
  it('offsets the effective clock that every part of the sandbox reads', async () => {
    const h = await harness({ tokenTtlSeconds: 30 * 86_400 });
    expect((await admin(h, 'GET', '/clock')).json().data).toEqual({
      now: '2026-11-20T12:00:00.000Z',
      base_now: '2026-11-20T12:00:00.000Z',
      offset_ms: 0,
    });
    const moved = await admin(h, 'PUT', '/clock', { offset_ms: 3 * DAY });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().data).toEqual({
      now: '2026-11-23T12:00:00.000Z',
      base_now: '2026-11-20T12:00:00.000Z',
      offset_ms: 3 * DAY,
    });
    // A booking now happens on Monday the 23rd, by the moved clock.
    const id = await bookFirst(h);
    const record = h.store.getAppointment(id)!;
    expect(record.created_time_utc).toBe('2026-11-23T12:00:00.000Z');
    expect(Date.parse(record.start_time)).toBeGreaterThan(Date.parse('2026-11-23T12:00:00Z'));

    // The injected clock still moves underneath the offset.
    h.advance(60_000);
    expect((await admin(h, 'GET', '/clock')).json().data.now).toBe('2026-11-23T12:01:00.000Z');

    const absolute = await admin(h, 'PUT', '/clock', { now: '2026-12-01T08:30:00-05:00' });
    expect(absolute.json().data).toMatchObject({
      now: '2026-12-01T13:30:00.000Z',
      offset_ms: Date.parse('2026-12-01T13:30:00Z') - Date.parse('2026-11-20T12:01:00Z'),
    });

    for (const body of [
      {},
      { offset_ms: 1, now: '2026-12-01T00:00:00Z' },
      { offset_ms: 1.5 },
      { now: 'tomorrow' },
      { speed: 2 },
    ]) {
      const response = await admin(h, 'PUT', '/clock', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('POST /_sandbox/reset', () => {
  it('resets the clock offset, appointments, attachments, lifecycle settings, webhooks and faults', async () => {
    const h = await harness();
    const target = await startReceiver();
    try {
      await admin(h, 'PUT', '/clock', { offset_ms: DAY });
      await admin(h, 'PUT', '/lifecycle', { auto_outcomes: false });
      await admin(h, 'PUT', '/webhooks', { client_id: CLIENT.clientId, url: target.url, key: 'a2V5' });
      await admin(h, 'PUT', '/faults', { rules: [{ path: '/v1/*', latency_ms: 1 }] });
      const created = h.store.createAppointment();
      await admin(h, 'POST', `/appointments/${created.appointment_id}/attachments`, {
        attachment_type: 'other',
        content_base64: Buffer.from('note').toString('base64'),
      });
      await h.webhooks.idle();

      const reset = await admin(h, 'POST', '/reset');
      expect(reset.json().data).toEqual({ appointments: 10 });
      expect((await admin(h, 'GET', '/clock')).json().data.offset_ms).toBe(0);
      expect((await admin(h, 'GET', '/lifecycle')).json().data.auto_outcomes).toBe(true);
      expect((await admin(h, 'GET', '/webhooks')).json().data).toEqual([]);
      expect((await admin(h, 'GET', '/webhooks/deliveries')).json().data).toEqual([]);
      expect((await admin(h, 'GET', '/faults')).json().data.rules).toEqual([]);
      expect(h.store.getAppointment(created.appointment_id)).toBeUndefined();
      // The fixtures are back, relative to the un-offset clock; the seeded attachments too.
      const fixture = (
        await admin(h, 'GET', '/appointments/08399012-db42-4f0b-92a5-4fbceffcbd58/attachments')
      ).json();
      expect(fixture.data).toHaveLength(3);
      expect(h.store.getAppointment('a0a7770d-e667-416c-9f06-9c3b40a7bb84')!.start_time).toBe(
        '2026-11-19T08:00:00-05:00',
      );
    } finally {
      await target.close();
    }
  });

  it('lists the sandbox users for the sign-in page', async () => {
    const h = await harness();
    const users = (await admin(h, 'GET', '/users')).json().data;
    expect(users.map((u: { email: string }) => u.email)).toEqual([
      'ada.patient@example.com',
      'grace.patient@example.com',
    ]);
  });
});
