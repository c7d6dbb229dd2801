import { describe, expect, it } from 'vitest';
import { harness } from './sandbox-harness.ts';

const LIST = '/v1/appointments';

describe('bearer authentication of /v1', () => {
  it('answers a call without a token with 401 and no body', async () => {
    const h = await harness();
    const response = await h.app.inject({ method: 'GET', url: LIST });
    expect(response.statusCode).toBe(401);
    expect(response.body).toBe('');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('answers an unknown token or another scheme with 401 and no body', async () => {
    const h = await harness();
    for (const authorization of ['Bearer not-a-token', 'Basic dGVzdDp0ZXN0', 'Bearer']) {
      const response = await h.app.inject({ method: 'GET', url: LIST, headers: { authorization } });
      expect(response.statusCode, authorization).toBe(401);
      expect(response.body).toBe('');
    }
  });

  it('accepts a token for 60 minutes by the injected clock, then answers 401', async () => {
    const h = await harness();
    const token = await h.token();
    const headers = { authorization: `Bearer ${token}` };

    h.advance(59 * 60_000);
    expect((await h.app.inject({ method: 'GET', url: LIST, headers })).statusCode).toBe(200);

    h.advance(60_000);
    const expired = await h.app.inject({ method: 'GET', url: LIST, headers });
    expect(expired.statusCode).toBe(401);
    expect(expired.body).toBe('');

    const fresh = await h.token();
    expect(
      (await h.app.inject({ method: 'GET', url: LIST, headers: { authorization: `Bearer ${fresh}` } }))
        .statusCode,
    ).toBe(200);
  });

  it('checks the token before the body: a malformed body without a token is still a 401', async () => {
    const h = await harness();
    const response = await h.app.inject({
      method: 'POST',
      url: '/v1/appointments/confirm',
      headers: { 'content-type': 'application/json' },
      payload: '{oops',
    });
    expect(response.statusCode).toBe(401);
  });

  it('answers a token without the operation’s scope with 403', async () => {
    const h = await harness();
    const readOnly = { authorization: `Bearer ${await h.token('external.appointment.read')}` };
    expect((await h.app.inject({ method: 'GET', url: LIST, headers: readOnly })).statusCode).toBe(200);

    const confirm = await h.app.inject({
      method: 'POST',
      url: '/v1/appointments/confirm',
      headers: readOnly,
      payload: { appointment_id: '2b29f79b-6d7f-472a-9603-d0c378bc9531' },
    });
    expect(confirm.statusCode).toBe(403);
    expect(confirm.json()).toEqual({
      request_id: expect.any(String),
      error_type: 'invalid_request',
      errors: [{ message: 'The access token lacks the required scope external.appointment.write' }],
    });

    const other = { authorization: `Bearer ${await h.token('external.schedulable_entity.read')}` };
    expect((await h.app.inject({ method: 'GET', url: LIST, headers: other })).statusCode).toBe(403);
    expect(
      (
        await h.app.inject({
          method: 'GET',
          url: `${LIST}/2b29f79b-6d7f-472a-9603-d0c378bc9531`,
          headers: other,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('lets any valid token read availability (no scope declared)', async () => {
    const h = await harness();
    const other = { authorization: `Bearer ${await h.token('external.schedulable_entity.read')}` };
    const response = await h.app.inject({
      method: 'GET',
      url: '/v1/provider_locations/availability?provider_location_ids=pr_aN3kM8vQ2xL7%7Clo_nyMidtown01&visit_reason_id=pc_FRO-18leckytNKtruw5dLR&patient_type=new',
      headers: other,
    });
    expect(response.statusCode).toBe(200);
  });
});
