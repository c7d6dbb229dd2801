import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { admin, bookFirst, HOUR, type Received, startReceiver, waitFor } from './lifecycle-helpers.ts';
import { CLIENT, harness } from './sandbox-harness.ts';

/**
 * The receiving side written from the docs alone (§11), with node:crypto and nothing from
 * the sandbox: HMAC-SHA256 keyed with the base64-decoded key over `<timestamp>.<raw body>`,
 * header `v1:<base64>` (possibly several `;`-separated versions), constant-time compare.
 */
function verify(keyBase64: string, received: Received, nowSeconds: number): boolean {
  const timestamp = received.headers['webhook-timestamp'];
  const signature = received.headers['webhook-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const expected = createHmac('sha256', Buffer.from(keyBase64, 'base64'))
    .update(`${timestamp}.${received.rawBody}`)
    .digest();
  return signature.split(';').some((entry) => {
    const [version, value] = entry.trim().split(':');
    if (version !== 'v1' || !value) return false;
    const actual = Buffer.from(value, 'base64');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  });
}

const KEY = Buffer.from('a shared webhook secret for tests').toString('base64');
const WEBHOOK_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/;

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function receiver(respond?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(respond);
  closers.push(r.close);
  return r;
}

async function sandbox(options: Parameters<typeof harness>[0] = {}) {
  const h = await harness({ tokenTtlSeconds: 30 * 86_400, webhookRetryDelaysMs: [20, 40], ...options });
  closers.push(() => h.app.close());
  return h;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const nowSeconds = (h: { now(): Date }) => Math.floor(h.now().getTime() / 1000);

describe('POST /v1/webhook/mock-request', () => {
  it('posts a correctly signed sample event to the URL and answers with that event', async () => {
    const h = await sandbox();
    const target = await receiver();
    const response = await h.call({
      method: 'POST',
      url: '/v1/webhook/mock-request',
      payload: { webhook_url: target.url, webhook_key: KEY, appointment_update_type: 'cancelled' },
    });
    expect(response.statusCode).toBe(200);
    expect(target.received).toHaveLength(1);
    const delivered = target.received[0]!;
    expect(verify(KEY, delivered, nowSeconds(h))).toBe(true);
    expect(verify(Buffer.from('another key').toString('base64'), delivered, nowSeconds(h))).toBe(false);
    expect(delivered.headers['webhook-timestamp']).toBe(String(nowSeconds(h)));
    expect(delivered.headers['content-type']).toBe('application/json');

    const { request_id, ...event } = response.json();
    expect(request_id).toEqual(expect.any(String));
    expect(JSON.parse(delivered.rawBody)).toEqual(event);
    expect(event).toEqual({
      event_type: 'appointment_updated',
      webhook_timestamp: '2026-11-20T12:00:00.0000000Z',
      data: {
        data_type: 'appointment_data',
        appointment_data: {
          appointment_id: 'd2ee5bd8-643a-42c8-8c5a-be450e903430',
          appointment_updated_timestamp: '2026-11-20T12:00:00.000Z',
          appointment_update_type: 'cancelled',
          changed_attributes: [{ attribute_path: 'appointment.status' }],
        },
      },
    });
    expect(event.webhook_timestamp).toMatch(WEBHOOK_TIMESTAMP);
  });

  it('defaults to an `updated` event and answers 200 whatever the receiver says', async () => {
    const h = await sandbox();
    const target = await receiver(() => 500);
    const response = await h.call({
      method: 'POST',
      url: '/v1/webhook/mock-request',
      payload: { webhook_url: target.url, webhook_key: KEY },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data.appointment_data).toMatchObject({
      appointment_update_type: 'updated',
      changed_attributes: [{ attribute_path: 'appointment.start_time' }],
    });
    expect(target.received).toHaveLength(1);
  });

  it('validates the body, and says so when the URL cannot be reached', async () => {
    const h = await sandbox();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ webhook_key: KEY }, 'webhook_url'],
      [{ webhook_url: 'ftp://example.com/hook', webhook_key: KEY }, 'webhook_url'],
      [{ webhook_url: 'http://127.0.0.1:9/hook', webhook_key: 'not base64!' }, 'webhook_key'],
      [{ webhook_url: 'http://127.0.0.1:9/hook' }, 'webhook_key'],
      [
        { webhook_url: 'http://127.0.0.1:9/hook', webhook_key: KEY, appointment_update_type: 'arrived' },
        'appointment_update_type',
      ],
    ];
    for (const [payload, field] of cases) {
      const response = await h.call({ method: 'POST', url: '/v1/webhook/mock-request', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }
    const unreachable = await h.call({
      method: 'POST',
      url: '/v1/webhook/mock-request',
      payload: { webhook_url: `http://127.0.0.1:${await closedPort()}/hook`, webhook_key: KEY },
    });
    expect(unreachable.statusCode).toBe(400);
    expect(unreachable.json().errors[0]).toMatchObject({ field: 'webhook_url' });
    expect(
      (await h.app.inject({ method: 'POST', url: '/v1/webhook/mock-request', payload: {} })).statusCode,
    ).toBe(401);
  });
});

describe('registered webhooks', () => {
  it('delivers signed events for practice-side changes and outcomes, never for the partner’s own calls', async () => {
    const h = await sandbox({ outcomes: { delayMs: HOUR } });
    const target = await receiver();
    const registered = await admin(h, 'PUT', '/webhooks', {
      client_id: CLIENT.clientId,
      url: target.url,
      key: KEY,
    });
    expect(registered.statusCode).toBe(200);
    expect((await admin(h, 'GET', '/webhooks')).json().data).toEqual([
      {
        client_id: CLIENT.clientId,
        url: target.url,
        key: KEY,
        registered_time_utc: '2026-11-20T12:00:00.000Z',
      },
    ]);

    // The partner's own calls: booking, confirm, cancel → nothing.
    const confirmed = await bookFirst(h);
    await h.call({ method: 'POST', url: '/v1/appointments/confirm', payload: { appointment_id: confirmed } });
    const cancelled = await bookFirst(h);
    await h.call({ method: 'POST', url: '/v1/appointments/cancel', payload: { appointment_id: cancelled } });
    const pending = await bookFirst(h);

    // The practice moves the confirmed one, then cancels it.
    h.advance(60_000);
    await admin(h, 'PATCH', `/appointments/${confirmed}`, {
      start_time: '2026-11-23T11:00:00-05:00',
      notes: 'Moved',
    });
    await admin(h, 'PATCH', `/appointments/${confirmed}`, {
      appointment_status: 'cancelled',
      cancellation_reason: 'Provider is ill',
    });
    // Zocdoc settles the pending booking.
    h.advance(HOUR);
    h.store.settleOutcomes();
    // A practice-side booking.
    const created = h.store.createAppointment();

    await h.webhooks.idle();
    // No ordering guarantee (§11): sort by the change's timestamp.
    const received = [...target.received].sort((a, b) =>
      JSON.parse(a.rawBody).data.appointment_data.appointment_updated_timestamp.localeCompare(
        JSON.parse(b.rawBody).data.appointment_data.appointment_updated_timestamp,
      ),
    );
    // Each was signed when it was sent (the clock moved on since): check the signed moments,
    // then each signature at its own moment.
    const sentAt = (iso: string) => String(Date.parse(iso) / 1000);
    expect(received.map((r) => r.headers['webhook-timestamp'])).toEqual([
      sentAt('2026-11-20T12:01:00Z'),
      sentAt('2026-11-20T12:01:00Z'),
      sentAt('2026-11-20T13:01:00Z'),
      sentAt('2026-11-20T13:01:00Z'),
    ]);
    const events = received.map((r) => {
      expect(verify(KEY, r, Number(r.headers['webhook-timestamp']))).toBe(true);
      return JSON.parse(r.rawBody).data.appointment_data;
    });
    expect(events).toEqual([
      {
        appointment_id: confirmed,
        appointment_updated_timestamp: '2026-11-20T12:01:00.000Z',
        appointment_update_type: 'updated',
        changed_attributes: [
          { attribute_path: 'appointment.start_time' },
          { attribute_path: 'appointment.notes' },
        ],
      },
      {
        appointment_id: confirmed,
        appointment_updated_timestamp: '2026-11-20T12:01:00.001Z',
        appointment_update_type: 'cancelled',
        changed_attributes: [
          { attribute_path: 'appointment.status' },
          { attribute_path: 'appointment.cancellation_reason' },
        ],
      },
      {
        appointment_id: pending,
        appointment_updated_timestamp: '2026-11-20T13:00:00.000Z',
        appointment_update_type: 'updated',
        changed_attributes: [{ attribute_path: 'appointment.status' }],
      },
      {
        appointment_id: created.appointment_id,
        appointment_updated_timestamp: '2026-11-20T13:01:00.000Z',
        appointment_update_type: 'created',
        changed_attributes: [],
      },
    ]);

    const log = (await admin(h, 'GET', '/webhooks/deliveries')).json().data;
    expect(log).toHaveLength(4);
    expect(log[0]).toMatchObject({
      kind: 'event',
      client_id: CLIENT.clientId,
      url: target.url,
      state: 'delivered',
      attempts: [{ attempt: 1, outcome: 'response', http_status: 200, error: null }],
    });
  });

  it('retries after connection failures and timeouts, never after an HTTP status', async () => {
    const h = await sandbox({ webhookTimeoutMs: 100 });
    const id = h.store.createAppointment({ appointment_status: 'confirmed' }).appointment_id;
    const patch = () => admin(h, 'PATCH', `/appointments/${id}`, { notes: `n${Math.random()}` });

    // Connection refused: 1 attempt + 2 retries, then failed.
    await admin(h, 'PUT', '/webhooks', {
      client_id: CLIENT.clientId,
      url: `http://127.0.0.1:${await closedPort()}/x`,
      key: KEY,
    });
    await patch();
    await h.webhooks.idle();
    let last = h.webhooks.deliveries().at(-1)!;
    expect(last.state).toBe('failed');
    expect(last.attempts.map((a) => a.outcome)).toEqual([
      'connection_error',
      'connection_error',
      'connection_error',
    ]);

    // No answer within the timeout twice, then an answer: delivered on the third attempt.
    const slow = await receiver(async (_r, n) => {
      if (n <= 2) await new Promise((resolve) => setTimeout(resolve, 300));
      return 204;
    });
    await admin(h, 'PUT', '/webhooks', { client_id: CLIENT.clientId, url: slow.url, key: KEY });
    await patch();
    await h.webhooks.idle();
    last = h.webhooks.deliveries().at(-1)!;
    expect(last.attempts.map((a) => [a.outcome, a.http_status])).toEqual([
      ['timeout', null],
      ['timeout', null],
      ['response', 204],
    ]);
    expect(last.state).toBe('delivered');
    await waitFor(() => (slow.received.length === 3 ? true : undefined));
    // Every attempt is signed (and verifies) on its own.
    for (const r of slow.received) expect(verify(KEY, r, nowSeconds(h))).toBe(true);

    // An error status is an answer: no retry.
    const failing = await receiver(() => 500);
    await admin(h, 'PUT', '/webhooks', { client_id: CLIENT.clientId, url: failing.url, key: KEY });
    await patch();
    await h.webhooks.idle();
    last = h.webhooks.deliveries().at(-1)!;
    expect(last.attempts.map((a) => [a.outcome, a.http_status])).toEqual([['response', 500]]);
    expect(failing.received).toHaveLength(1);
  });

  it('goes out without a request once an outcome is due (the sweep of a listening server)', async () => {
    const h = await sandbox({ outcomes: { delayMs: 1000 }, outcomeSweepMs: 20 });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    const target = await receiver();
    await admin(h, 'PUT', '/webhooks', { client_id: CLIENT.clientId, url: target.url, key: KEY });
    await bookFirst(h);
    h.advance(1000); // no request after this: the sweep timer settles and delivers
    await waitFor(() => (target.received.length === 1 ? true : undefined));
    expect(JSON.parse(target.received[0]!.rawBody).data.appointment_data.changed_attributes).toEqual([
      { attribute_path: 'appointment.status' },
    ]);
  });

  it('sends user bookings only to the client the user booked through; validates registrations', async () => {
    const h = await sandbox({
      publicClients: [{ clientId: 'spa', redirectUris: ['https://app.example/cb'] }],
    });
    const m2mTarget = await receiver();
    const spaTarget = await receiver();
    await admin(h, 'PUT', '/webhooks', { client_id: CLIENT.clientId, url: m2mTarget.url, key: KEY });
    await admin(h, 'PUT', '/webhooks', { client_id: 'spa', url: spaTarget.url, key: KEY });

    const m2mBooking = await bookFirst(h);
    // A user booking, made as the store records it for an authorization-code token.
    const userBooking = h.store.bookAppointment(
      {
        ...h.store.getAppointment(m2mBooking)!,
        start_time: '2026-11-23T09:00:00-05:00',
        patient: h.store.getAppointment(m2mBooking)!.patient,
      },
      { clientId: 'spa', userId: 'usr_sandboxPatientAda01', userEmail: 'ada.patient@example.com' },
    );
    await admin(h, 'PATCH', `/appointments/${m2mBooking}`, { notes: 'practice note' });
    await admin(h, 'PATCH', `/appointments/${userBooking.appointment_id}`, { notes: 'practice note' });
    await h.webhooks.idle();
    const ids = (r: { received: Received[] }) =>
      r.received.map((x) => JSON.parse(x.rawBody).data.appointment_data.appointment_id);
    expect(ids(m2mTarget)).toEqual([m2mBooking]);
    expect(ids(spaTarget)).toEqual([userBooking.appointment_id]);

    for (const [payload, field] of [
      [{ client_id: 'nobody', url: m2mTarget.url, key: KEY }, 'client_id'],
      [{ client_id: CLIENT.clientId, url: 'not a url', key: KEY }, 'url'],
      [{ client_id: CLIENT.clientId, url: m2mTarget.url, key: '%%%' }, 'key'],
      [{ client_id: CLIENT.clientId, url: m2mTarget.url, key: KEY, secret: 1 }, 'secret'],
    ] as const) {
      const response = await admin(h, 'PUT', '/webhooks', payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }
    expect((await admin(h, 'DELETE', '/webhooks/spa')).statusCode).toBe(200);
    expect((await admin(h, 'DELETE', '/webhooks/spa')).statusCode).toBe(404);
    await admin(h, 'POST', '/reset');
    expect((await admin(h, 'GET', '/webhooks')).json().data).toEqual([]);
    expect((await admin(h, 'GET', '/webhooks/deliveries')).json().data).toEqual([]);
  });
});
