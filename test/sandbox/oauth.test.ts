import { describe, expect, it } from 'vitest';
import { CLIENT, harness, OWN_AUDIENCE, ZOCDOC_AUDIENCE } from './sandbox-harness.ts';

const tokenRequest = (overrides: Record<string, unknown> = {}) => ({
  grant_type: 'client_credentials',
  client_id: CLIENT.clientId,
  client_secret: CLIENT.clientSecret,
  audience: ZOCDOC_AUDIENCE,
  ...overrides,
});

const ALL_SCOPES = [
  'external.appointment.read',
  'external.appointment.write',
  'external.schedulable_entity.read',
  'external.provider_insurance.write',
  'external.anonymous_token.write',
  'external.credential.rotate',
];

describe('POST /oauth/token', () => {
  it('issues an opaque bearer token valid 60 minutes with every scope when none is asked for', async () => {
    const h = await harness();
    const response = await h.app.inject({ method: 'POST', url: '/oauth/token', payload: tokenRequest() });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: ALL_SCOPES.join(' '),
    });
    const again = await h.app.inject({ method: 'POST', url: '/oauth/token', payload: tokenRequest() });
    expect(again.json().access_token).not.toBe(body.access_token);
  });

  it("accepts the server's own origin as audience, with the trailing slash only", async () => {
    const h = await harness();
    const own = await h.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: tokenRequest({ audience: OWN_AUDIENCE }),
    });
    expect(own.statusCode).toBe(200);

    const elsewhere = await h.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { host: '127.0.0.1:3100' },
      payload: tokenRequest({ audience: 'http://127.0.0.1:3100/' }),
    });
    expect(elsewhere.statusCode).toBe(200);

    for (const audience of [
      'http://localhost:80',
      'https://api-developer-sandbox.zocdoc.com',
      'https://api-developer.zocdoc.com/',
    ]) {
      const response = await h.app.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: tokenRequest({ audience }),
      });
      expect(response.statusCode, audience).toBe(403);
      expect(response.json()).toEqual({
        error: 'access_denied',
        error_description: `Service not found: ${audience}`,
      });
    }
  });

  it('grants only the known scopes among those requested', async () => {
    const h = await harness();
    const response = await h.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: tokenRequest({ scope: 'external.appointment.read  made.up.scope external.appointment.read' }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().scope).toBe('external.appointment.read');
  });

  it('takes a form-encoded body as Auth0 does', async () => {
    const h = await harness();
    const response = await h.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(tokenRequest() as Record<string, string>).toString(),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().token_type).toBe('Bearer');
  });

  it('honours tokenTtlSeconds', async () => {
    const h = await harness({ tokenTtlSeconds: 120 });
    const response = await h.app.inject({ method: 'POST', url: '/oauth/token', payload: tokenRequest() });
    expect(response.json().expires_in).toBe(120);
  });

  it('answers a wrong secret or an unknown client with 401 access_denied', async () => {
    const h = await harness();
    for (const overrides of [{ client_secret: 'wrong' }, { client_id: 'nobody' }]) {
      const response = await h.app.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: tokenRequest(overrides),
      });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: 'access_denied', error_description: 'Unauthorized' });
    }
  });

  it('answers missing parameters with 400 invalid_request naming the parameter', async () => {
    const h = await harness();
    for (const name of ['grant_type', 'client_id', 'client_secret', 'audience']) {
      const payload = tokenRequest();
      delete (payload as Record<string, unknown>)[name];
      const response = await h.app.inject({ method: 'POST', url: '/oauth/token', payload });
      expect(response.statusCode, name).toBe(400);
      expect(response.json()).toEqual({
        error: 'invalid_request',
        error_description: `Missing required parameter: ${name}`,
      });
    }
  });

  it('answers another grant type with 400 unsupported_grant_type', async () => {
    const h = await harness();
    const response = await h.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: tokenRequest({ grant_type: 'password' }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'Unsupported grant type: password',
    });
  });

  it('answers malformed JSON and non-object bodies with 400 invalid_request', async () => {
    const h = await harness();
    const malformed = await h.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/json' },
      payload: '{"grant_type": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toBe('invalid_request');

    const array = await h.app.inject({ method: 'POST', url: '/oauth/token', payload: [1, 2] });
    expect(array.statusCode).toBe(400);
    expect(array.json().error).toBe('invalid_request');
  });
});
