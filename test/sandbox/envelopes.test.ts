import { describe, expect, it } from 'vitest';
import { harness } from './sandbox-harness.ts';

describe('envelopes and errors', () => {
  it('answers unknown /v1 routes (with or without a token) and other paths with a 404 ErrorResult', async () => {
    const h = await harness();
    const withToken = await h.call({ method: 'GET', url: '/v1/nope?x=1' });
    const withoutToken = await h.app.inject({ method: 'GET', url: '/v1/appointments/abc/unknown' });
    const elsewhere = await h.app.inject({ method: 'DELETE', url: '/v1/appointments' });
    for (const response of [withToken, withoutToken, elsewhere]) {
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        request_id: expect.any(String),
        error_type: 'invalid_request',
        errors: [{ message: expect.stringMatching(/^No such endpoint: /) }],
      });
    }
    expect(withToken.json().errors[0].message).toBe('No such endpoint: GET /v1/nope');
  });

  it('answers malformed JSON with a 400 ErrorResult, never a 500', async () => {
    const h = await harness();
    for (const url of ['/v1/appointments', '/v1/appointments/confirm', '/_sandbox/appointments']) {
      const response = await h.call({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: '{"appointment_type": "providers",',
      });
      expect(response.statusCode, url).toBe(400);
      expect(response.json()).toMatchObject({
        request_id: expect.any(String),
        error_type: 'invalid_request',
      });
    }
  });

  it('answers a JSON value that is not an object with a 400 naming the body', async () => {
    const h = await harness();
    const response = await h.call({
      method: 'POST',
      url: '/v1/appointments',
      headers: { 'content-type': 'application/json' },
      payload: '"providers"',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ message: 'Request body must be a JSON object' }]);
  });

  it('answers an unsupported content type with a 415 ErrorResult', async () => {
    const h = await harness();
    const response = await h.call({
      method: 'POST',
      url: '/v1/appointments/confirm',
      headers: { 'content-type': 'text/plain' },
      payload: 'appointment_id=1',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ request_id: expect.any(String), error_type: 'invalid_request' });
  });

  it('puts a fresh request_id in every JSON body, equal to the x-request-id header', async () => {
    const h = await harness();
    const responses = [
      await h.call({ method: 'GET', url: '/v1/appointments' }),
      await h.call({ method: 'GET', url: '/v1/appointments/2b29f79b-6d7f-472a-9603-d0c378bc9531' }),
      await h.call({ method: 'GET', url: '/v1/appointments?page=99' }),
      await h.call({ method: 'GET', url: '/v1/provider_locations/availability' }),
      await h.call({ method: 'POST', url: '/v1/appointments/confirm', payload: {} }),
      await h.call({ method: 'GET', url: '/v1/unknown' }),
      await h.app.inject({ method: 'GET', url: '/_sandbox/provider-locations' }),
      await h.app.inject({ method: 'POST', url: '/_sandbox/appointments', payload: {} }),
      await h.app.inject({ method: 'POST', url: '/_sandbox/appointments', payload: { nope: 1 } }),
    ];
    const ids = responses.map((response) => {
      const id = response.json().request_id;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers['x-request-id']).toBe(id);
      return id;
    });
    expect(new Set(ids).size).toBe(ids.length);
  });
});
