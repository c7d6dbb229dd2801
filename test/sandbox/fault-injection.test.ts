import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/sandbox-app.ts';
import { admin, bookFirst, PENDING_FIXTURE } from './lifecycle-helpers.ts';
import { CLIENT, type Harness, harness, ZOCDOC_AUDIENCE } from './sandbox-harness.ts';

const OTHER_CLIENT = { clientId: 'other-client', clientSecret: 'other-secret' };

const faults = (h: Harness, body: unknown) => admin(h, 'PUT', '/faults', body);
const list = (h: Harness, headers: Record<string, string> = {}) =>
  h.call({ method: 'GET', url: '/v1/appointments', headers });

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

describe('fault injection: configuration', () => {
  it('is read, replaced and cleared on /_sandbox/faults, strictly validated, and reset', async () => {
    const h = await harness();
    expect((await admin(h, 'GET', '/faults')).json().data).toEqual({ seed: 1, rules: [] });
    const rules = [{ path: '/v1/appointments*', methods: ['GET'], latency_ms: 5 }];
    const put = await faults(h, { seed: 42, rules });
    expect(put.statusCode).toBe(200);
    expect(put.json().data).toEqual({ seed: 42, rules });
    expect((await admin(h, 'GET', '/faults')).json().data).toEqual({ seed: 42, rules });

    const bad: Array<[unknown, string]> = [
      [{ rules: [{ path: 'v1' }] }, 'rules.0.path'],
      [{ rules: [{ path: '/v1*', error: { rate: 2, status: 500 } }] }, 'rules.0.error.rate'],
      [{ rules: [{ path: '/v1*', error: { rate: 1, status: 418 } }] }, 'rules.0.error.status'],
      [
        { rules: [{ path: '/v1*', rate_limit: { requests_per_second: 0, burst: 1 } }] },
        'rules.0.rate_limit.requests_per_second',
      ],
      [{ rules: [{ path: '/v1*', latency_ms: 60_001 }] }, 'rules.0.latency_ms'],
      [{ rules: [{ path: '/v1*', colour: 'red' }] }, 'rules.0.colour'],
      [{}, 'rules'],
      [{ rules: [{ path: '/_sandbox/reset', latency_ms: 1 }] }, 'rules'],
    ];
    for (const [body, field] of bad) {
      const response = await faults(h, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }

    expect((await admin(h, 'DELETE', '/faults')).json().data).toEqual({ seed: 1, rules: [] });
    await faults(h, { rules });
    await admin(h, 'POST', '/reset');
    expect((await admin(h, 'GET', '/faults')).json().data.rules).toEqual([]);
  });

  it('never touches /_sandbox or /authorize, even with a catch-all rule', async () => {
    const h = await harness();
    await list(h); // the harness's token, fetched before /oauth fails too
    await faults(h, { rules: [{ path: '*', error: { rate: 1, status: 500 } }] });
    expect((await admin(h, 'GET', '/provider-locations')).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/authorize' })).statusCode).toBe(400); // its own answer
    expect((await list(h)).statusCode).toBe(500);
  });
});

describe('fault injection: kinds', () => {
  it('adds latency to matching paths and methods only', async () => {
    const h = await harness();
    await faults(h, { rules: [{ path: '/v1/appointments', methods: ['GET'], latency_ms: 300 }] });
    const timed = async (run: () => Promise<unknown>) => {
      const started = performance.now();
      await run();
      return performance.now() - started;
    };
    expect(await timed(() => list(h))).toBeGreaterThanOrEqual(295);
    expect(
      await timed(() => h.call({ method: 'GET', url: `/v1/appointments/${PENDING_FIXTURE}` })),
    ).toBeLessThan(250);
    expect(await timed(() => admin(h, 'GET', '/clock'))).toBeLessThan(250);
  });

  it('answers 500, 503 and 429 (with or without Retry-After) in the endpoint’s error shape, without running it', async () => {
    const h = await harness();
    await faults(h, { rules: [{ path: '/v1/appointments/confirm', error: { rate: 1, status: 503 } }] });
    const unavailable = await h.call({
      method: 'POST',
      url: '/v1/appointments/confirm',
      payload: { appointment_id: PENDING_FIXTURE },
    });
    expect(unavailable.statusCode).toBe(503);
    expect(unavailable.json()).toEqual({
      request_id: expect.any(String),
      error_type: 'api_error',
      errors: [{ message: 'Simulated 503 response (sandbox fault injection)' }],
    });
    expect(h.store.getAppointment(PENDING_FIXTURE)!.appointment_status).toBe('pending_booking');

    await faults(h, { rules: [{ path: '/v1/*', error: { rate: 1, status: 500 } }] });
    expect((await list(h)).statusCode).toBe(500);

    await faults(h, { rules: [{ path: '/v1/*', error: { rate: 1, status: 429, retry_after_seconds: 7 } }] });
    const limited = await list(h);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
    expect(limited.json().error_type).toBe('invalid_request');

    await faults(h, { rules: [{ path: '/v1/*', error: { rate: 1, status: 429 } }] });
    const bare = await list(h);
    expect(bare.statusCode).toBe(429);
    expect(bare.headers['retry-after']).toBeUndefined();

    await faults(h, { rules: [{ path: '/oauth/token', error: { rate: 1, status: 503 } }] });
    const token = await h.app.inject({ method: 'POST', url: '/oauth/token', payload: {} });
    expect(token.statusCode).toBe(503);
    expect(token.json()).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'Simulated 503 response (sandbox fault injection)',
    });
  });

  it('draws error rates from a seeded PRNG: the same seed replays the same faults', async () => {
    const run = async (seed: number) => {
      const h = await harness();
      await faults(h, { seed, rules: [{ path: '/v1/appointments', error: { rate: 0.5, status: 500 } }] });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await list(h)).statusCode);
      return statuses;
    };
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(await run(8)).not.toEqual(first);
    const failures = first.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(32);
    expect(new Set(first)).toEqual(new Set([200, 500]));
  });

  it('spoils the body (200, invalid JSON) after the operation ran', async () => {
    const h = await harness();
    await faults(h, { rules: [{ path: '/v1/appointments/confirm', malformed: { rate: 1 } }] });
    const response = await h.call({
      method: 'POST',
      url: '/v1/appointments/confirm',
      payload: { appointment_id: PENDING_FIXTURE },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(() => JSON.parse(response.body)).toThrow();
    expect(h.store.getAppointment(PENDING_FIXTURE)!.appointment_status).toBe('confirmed');
    // Even an error becomes a 200 with a broken body.
    const conflict = await h.call({
      method: 'POST',
      url: '/v1/appointments/confirm',
      payload: { appointment_id: PENDING_FIXTURE },
    });
    expect(conflict.statusCode).toBe(200);
    expect(() => JSON.parse(conflict.body)).toThrow();
  });

  it('limits each client with a token bucket on the sandbox clock (429 with Retry-After)', async () => {
    const h = await harness({ clients: [CLIENT, OTHER_CLIENT] });
    await faults(h, { rules: [{ path: '/v1/*', rate_limit: { requests_per_second: 0.5, burst: 3 } }] });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await list(h)).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const refused = await list(h);
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.json().errors[0].message).toContain('rate limit');

    // Another client has its own bucket.
    const other = await h.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: {
        grant_type: 'client_credentials',
        client_id: OTHER_CLIENT.clientId,
        client_secret: OTHER_CLIENT.clientSecret,
        audience: ZOCDOC_AUDIENCE,
      },
    });
    expect((await list(h, { authorization: `Bearer ${other.json().access_token}` })).statusCode).toBe(200);

    // The clock refills: 2 s → one token.
    h.advance(1999);
    expect((await list(h)).statusCode).toBe(429);
    h.advance(1);
    expect((await list(h)).statusCode).toBe(200);
    expect((await list(h)).statusCode).toBe(429);
  });
});

describe('fault injection over a real connection', () => {
  it('drops the connection without a response, before or after processing', async () => {
    const sandbox = await startSandbox({ port: 0, clients: [CLIENT] });
    closers.push(sandbox.close);
    const json = (body: unknown) => ({
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const token = (await (
      await fetch(`${sandbox.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: CLIENT.clientId,
          client_secret: CLIENT.clientSecret,
          audience: `${sandbox.url}/`,
        }),
      })
    ).json()) as { access_token: string };
    const auth = { authorization: `Bearer ${token.access_token}` };

    expect(
      (
        await fetch(
          `${sandbox.url}/_sandbox/faults`,
          json({ rules: [{ path: '/v1/appointments', drop: { rate: 1 } }] }),
        )
      ).status,
    ).toBe(200);
    const dropped = await fetch(`${sandbox.url}/v1/appointments`, { headers: auth }).then(
      () => 'answered',
      (error: Error & { cause?: { code?: string; message?: string } }) =>
        error.cause?.code ?? error.cause?.message ?? error.message,
    );
    expect(dropped).not.toBe('answered');
    expect(String(dropped)).toMatch(/UND_ERR_SOCKET|ECONNRESET|other side closed|socket/i);
    // The sandbox itself is fine.
    expect((await fetch(`${sandbox.url}/v1/appointments/${PENDING_FIXTURE}`, { headers: auth })).status).toBe(
      200,
    );

    // After processing: the change happens, the answer never comes.
    await fetch(
      `${sandbox.url}/_sandbox/faults`,
      json({ rules: [{ path: '/v1/appointments/confirm', drop: { rate: 1, when: 'after_processing' } }] }),
    );
    const lost = await fetch(`${sandbox.url}/v1/appointments/confirm`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ appointment_id: PENDING_FIXTURE }),
    }).then(
      () => 'answered',
      () => 'dropped',
    );
    expect(lost).toBe('dropped');
    expect(sandbox.store.getAppointment(PENDING_FIXTURE)!.appointment_status).toBe('confirmed');
  });

  it('rejects an inject() call the way a dropped connection rejects a fetch; the handler runs only after', async () => {
    const h = await harness();
    await list(h);
    const confirm = () =>
      h.call({
        method: 'POST',
        url: '/v1/appointments/confirm',
        payload: { appointment_id: PENDING_FIXTURE },
      });
    for (const when of ['before_processing', 'after_processing'] as const) {
      await faults(h, { rules: [{ path: '/v1/appointments/confirm', drop: { rate: 1, when } }] });
      await expect(confirm(), when).rejects.toThrow('connection dropped by sandbox fault injection');
      expect(h.store.getAppointment(PENDING_FIXTURE)!.appointment_status, when).toBe(
        when === 'before_processing' ? 'pending_booking' : 'confirmed',
      );
    }
  });

  it('keys the rate limit of unauthenticated requests together', async () => {
    const h = await harness();
    await list(h); // the harness's token, fetched before the limit
    await faults(h, { rules: [{ path: '/oauth/token', rate_limit: { requests_per_second: 1, burst: 1 } }] });
    const first = await h.app.inject({ method: 'POST', url: '/oauth/token', payload: {} });
    expect(first.statusCode).toBe(400); // its own answer
    const second = await h.app.inject({ method: 'POST', url: '/oauth/token', payload: {} });
    expect(second.statusCode).toBe(429);
    expect(second.json().error).toBe('too_many_requests');
    expect(second.headers['retry-after']).toBe('1');
    await bookFirst(h); // /v1 is not limited by that rule
  });
});
