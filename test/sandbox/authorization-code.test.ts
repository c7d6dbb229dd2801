import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bookFirst, CONFIRMED_FIXTURE, DAY } from './lifecycle-helpers.ts';
import {
  book,
  DR_CHEN_MIDTOWN,
  firstSlot,
  type Harness,
  harness,
  ILLNESS,
  validPatient,
} from './sandbox-harness.ts';

const CLIENT_ID = 'patient-app';
const REDIRECT = 'https://patient-app.example/callback';
const ADA = { email: 'ada.patient@example.com', password: 'sandbox-ada-1' };
const GRACE = { email: 'grace.patient@example.com', password: 'sandbox-grace-2' };

const newVerifier = () => randomBytes(32).toString('base64url');
const challengeOf = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

const userHarness = (extra: Parameters<typeof harness>[0] = {}) =>
  harness({ publicClients: [{ clientId: CLIENT_ID, redirectUris: [REDIRECT] }], ...extra });

const authorizeParams = (overrides: Record<string, string | undefined> = {}, verifier = newVerifier()) => {
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT,
    scope: 'openid offline_access external.appointment.read external.appointment.write',
    state: 'xyz-state',
    code_challenge: challengeOf(verifier),
    code_challenge_method: 'S256',
    audience: 'DeveloperApiPatient-Sandbox',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
};

const formPost = (h: Harness, url: string, fields: Record<string, string>) =>
  h.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

/** Signs in through the form; returns the redirect's query. */
async function signIn(h: Harness, params: Record<string, string>, user = ADA) {
  const response = await formPost(h, '/authorize', { ...params, ...user, action: 'sign_in' });
  expect(response.statusCode, response.body).toBe(302);
  return new URL(response.headers.location as string);
}

const exchange = (h: Harness, fields: Record<string, string>) =>
  formPost(h, '/oauth/token', {
    grant_type: 'authorization_code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT,
    ...fields,
  });

/** The whole flow for a user: form → code → tokens. */
async function userTokens(h: Harness, user = ADA, scope?: string) {
  const verifier = newVerifier();
  const redirect = await signIn(h, authorizeParams(scope === undefined ? {} : { scope }, verifier), user);
  const response = await exchange(h, { code: redirect.searchParams.get('code')!, code_verifier: verifier });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    access_token: string;
    refresh_token?: string;
    scope: string;
    expires_in: number;
  };
}

const as = (token: string) => ({ authorization: `Bearer ${token}` });

describe('GET /authorize', () => {
  it('shows a sign-in form that carries the request and names the sandbox users', async () => {
    const h = await userHarness();
    const params = authorizeParams();
    const response = await h.app.inject({ method: 'GET', url: `/authorize?${new URLSearchParams(params)}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<form method="post" action="/authorize">');
    expect(response.body).toContain(`name="code_challenge" value="${params.code_challenge}"`);
    expect(response.body).toContain('name="state" value="xyz-state"');
    expect(response.body).toContain(ADA.email);
    expect(response.body).toContain(GRACE.email);
  });

  it('shows an error page (never redirects) for an unknown client or a redirect URI not allowed', async () => {
    const h = await userHarness();
    for (const overrides of [
      { client_id: 'nobody' },
      { client_id: undefined },
      { redirect_uri: 'https://evil.example/callback' },
      { redirect_uri: undefined },
    ]) {
      const response = await h.app.inject({
        method: 'GET',
        url: `/authorize?${new URLSearchParams(authorizeParams(overrides))}`,
      });
      expect(response.statusCode, JSON.stringify(overrides)).toBe(400);
      expect(response.headers.location).toBeUndefined();
      expect(response.body).toContain('id="error"');
    }
  });

  it('redirects every other problem back with error, error_description and state', async () => {
    const h = await userHarness();
    const cases: Array<[Record<string, string | undefined>, string, RegExp]> = [
      [{ response_type: 'token' }, 'unsupported_response_type', /response_type/],
      [{ code_challenge: undefined }, 'invalid_request', /code_challenge/],
      [{ code_challenge_method: 'plain' }, 'invalid_request', /S256/],
      [{ code_challenge_method: undefined }, 'invalid_request', /S256/],
      [{ code_challenge: 'too-short' }, 'invalid_request', /code_challenge/],
      [{ state: undefined }, 'invalid_request', /state/],
      [{ audience: undefined }, 'invalid_request', /audience/],
      [{ audience: 'https://api-developer.zocdoc.com/' }, 'access_denied', /Service not found/],
      [{ scope: 'external.appointment.read external.credential.rotate' }, 'invalid_scope', /credential/],
    ];
    for (const [overrides, error, description] of cases) {
      const response = await h.app.inject({
        method: 'GET',
        url: `/authorize?${new URLSearchParams(authorizeParams(overrides))}`,
      });
      expect(response.statusCode, JSON.stringify(overrides)).toBe(302);
      const location = new URL(response.headers.location as string);
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
      expect(location.searchParams.get('error'), JSON.stringify(overrides)).toBe(error);
      expect(location.searchParams.get('error_description')).toMatch(description);
      expect(location.searchParams.get('state')).toBe(
        overrides.state === undefined && 'state' in overrides ? null : 'xyz-state',
      );
    }
  });

  it("accepts the server's own origin as audience, and loopback redirects for the default public client", async () => {
    const h = await harness();
    const params = authorizeParams({
      client_id: 'apptflow-sandbox-spa',
      redirect_uri: 'http://127.0.0.1:5173/callback',
      audience: 'http://localhost:80/',
    });
    const redirect = await signIn(h, params);
    expect(redirect.origin).toBe('http://127.0.0.1:5173');
    expect(redirect.searchParams.get('code')).toEqual(expect.any(String));
    const remote = await h.app.inject({
      method: 'GET',
      url: `/authorize?${new URLSearchParams({ ...params, redirect_uri: 'https://app.example/callback' })}`,
    });
    expect(remote.statusCode).toBe(400);
  });
});

describe('POST /authorize (the sign-in form)', () => {
  it('refuses a wrong password with the form again, and redirects access_denied on cancel', async () => {
    const h = await userHarness();
    const params = authorizeParams();
    const wrong = await formPost(h, '/authorize', {
      ...params,
      email: ADA.email,
      password: 'nope',
      action: 'sign_in',
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Wrong email or password');
    expect(wrong.body).toContain('name="state" value="xyz-state"');

    const cancelled = await formPost(h, '/authorize', { ...params, action: 'deny' });
    expect(cancelled.statusCode).toBe(302);
    const location = new URL(cancelled.headers.location as string);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('xyz-state');
  });
});

describe('POST /oauth/token with authorization_code and refresh_token', () => {
  it('runs the whole flow: form → code → tokens → API calls → refresh rotation', async () => {
    const h = await userHarness();
    const verifier = newVerifier();
    const redirect = await signIn(h, authorizeParams({}, verifier));
    expect(redirect.searchParams.get('state')).toBe('xyz-state');
    const code = redirect.searchParams.get('code')!;

    const response = await exchange(h, { code, code_verifier: verifier });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const tokens = response.json();
    expect(tokens).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'openid offline_access external.appointment.read external.appointment.write',
      refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const listed = await h.app.inject({
      method: 'GET',
      url: '/v1/appointments',
      headers: as(tokens.access_token),
    });
    expect(listed.statusCode).toBe(200);

    // Rotation: a new pair; the old refresh token is spent.
    const refreshed = await formPost(h, '/oauth/token', {
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      refresh_token: tokens.refresh_token,
    });
    expect(refreshed.statusCode).toBe(200);
    const second = refreshed.json();
    expect(second.refresh_token).not.toBe(tokens.refresh_token);
    expect(second.access_token).not.toBe(tokens.access_token);
    expect(second.scope).toBe(tokens.scope);
    const third = await formPost(h, '/oauth/token', {
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      refresh_token: second.refresh_token,
    });
    expect(third.statusCode).toBe(200);

    // Replaying a spent refresh token revokes the whole family (reuse detection).
    const replay = await formPost(h, '/oauth/token', {
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      refresh_token: tokens.refresh_token,
    });
    expect(replay.statusCode).toBe(403);
    expect(replay.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Unknown or invalid refresh token.',
    });
    const afterTheft = await formPost(h, '/oauth/token', {
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      refresh_token: third.json().refresh_token,
    });
    expect(afterTheft.statusCode).toBe(403);
    const revokedAccess = await h.app.inject({
      method: 'GET',
      url: '/v1/appointments',
      headers: as(third.json().access_token),
    });
    expect(revokedAccess.statusCode).toBe(401);
  });

  it('issues no refresh token without offline_access; without scope, the three API scopes', async () => {
    const h = await userHarness();
    const online = await userTokens(h, ADA, 'external.appointment.read');
    expect(online.refresh_token).toBeUndefined();
    expect(online.scope).toBe('external.appointment.read');
    const book = await h.app.inject({
      method: 'POST',
      url: '/v1/appointments/confirm',
      headers: as(online.access_token),
      payload: { appointment_id: CONFIRMED_FIXTURE },
    });
    expect(book.statusCode).toBe(403);

    const verifier = newVerifier();
    const params = authorizeParams({}, verifier);
    delete params.scope;
    const redirect = await signIn(h, params);
    const tokens = (
      await exchange(h, { code: redirect.searchParams.get('code')!, code_verifier: verifier })
    ).json();
    expect(tokens.scope).toBe(
      'external.appointment.read external.appointment.write external.schedulable_entity.read',
    );
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('checks the PKCE verifier, the redirect URI, the client, and uses each code once', async () => {
    const h = await userHarness();
    const verifier = newVerifier();
    const code = async () => (await signIn(h, authorizeParams({}, verifier))).searchParams.get('code')!;

    const wrongVerifier = await exchange(h, { code: await code(), code_verifier: newVerifier() });
    expect(wrongVerifier.statusCode).toBe(403);
    expect(wrongVerifier.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Failed to verify code verifier',
    });

    const shortVerifier = await exchange(h, { code: await code(), code_verifier: 'short' });
    expect(shortVerifier.statusCode).toBe(403);

    const otherRedirect = await exchange(h, {
      code: await code(),
      code_verifier: verifier,
      redirect_uri: 'https://patient-app.example/other',
    });
    expect(otherRedirect.statusCode).toBe(403);

    const unknownClient = await exchange(h, {
      code: await code(),
      code_verifier: verifier,
      client_id: 'stranger',
    });
    expect(unknownClient.statusCode).toBe(401);

    const missing = await exchange(h, { code: await code() });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({
      error: 'invalid_request',
      error_description: 'Missing required parameter: code_verifier',
    });

    // One-time: the second exchange fails and revokes what the first issued.
    const once = await code();
    const first = await exchange(h, { code: once, code_verifier: verifier });
    expect(first.statusCode).toBe(200);
    const second = await exchange(h, { code: once, code_verifier: verifier });
    expect(second.statusCode).toBe(403);
    const revoked = await h.app.inject({
      method: 'GET',
      url: '/v1/appointments',
      headers: as(first.json().access_token),
    });
    expect(revoked.statusCode).toBe(401);
    const refresh = await formPost(h, '/oauth/token', {
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      refresh_token: first.json().refresh_token,
    });
    expect(refresh.statusCode).toBe(403);
  });

  it('expires codes after 60 seconds and access tokens after 60 minutes, by the clock', async () => {
    const h = await userHarness();
    const verifier = newVerifier();
    const stale = (await signIn(h, authorizeParams({}, verifier))).searchParams.get('code')!;
    h.advance(60_001);
    expect((await exchange(h, { code: stale, code_verifier: verifier })).statusCode).toBe(403);

    const tokens = await userTokens(h);
    h.advance(3_600_000);
    expect(
      (await h.app.inject({ method: 'GET', url: '/v1/appointments', headers: as(tokens.access_token) }))
        .statusCode,
    ).toBe(401);
  });

  it('keeps a refresh token 15 days idle and a family 30 days at most', async () => {
    const h = await userHarness();
    const refresh = (token: string) =>
      formPost(h, '/oauth/token', {
        grant_type: 'refresh_token',
        client_id: CLIENT_ID,
        refresh_token: token,
      });

    const idle = await userTokens(h);
    h.advance(15 * DAY);
    expect((await refresh(idle.refresh_token!)).statusCode).toBe(403);

    let current = (await userTokens(h)).refresh_token!;
    for (let day = 14; day <= 28; day += 14) {
      h.advance(14 * DAY); // within the idle limit each time
      const response = await refresh(current);
      expect(response.statusCode, `day ${day}`).toBe(200);
      current = response.json().refresh_token;
    }
    h.advance(2 * DAY + 1); // day 30 + 1 ms since sign-in
    const pastMax = await refresh(current);
    expect(pastMax.statusCode).toBe(403);
    expect(pastMax.json().error).toBe('invalid_grant');
  });
});

describe('user tokens see only their own bookings (§2.2)', () => {
  it('scopes reads and changes to the booking user; M2M tokens do not see user bookings', async () => {
    const h = await userHarness();
    const ada = (await userTokens(h, ADA)).access_token;
    const grace = (await userTokens(h, GRACE)).access_token;

    const booked = await h.app.inject({
      method: 'POST',
      url: '/v1/appointments',
      headers: as(ada),
      payload: {
        appointment_type: 'providers',
        data: {
          start_time: await firstSlot(h, DR_CHEN_MIDTOWN),
          visit_reason_id: ILLNESS,
          provider_location_id: DR_CHEN_MIDTOWN,
          patient_type: 'new',
          patient: { ...validPatient(), email_address: ADA.email },
        },
      },
    });
    expect(booked.statusCode).toBe(200);
    const id = booked.json().data.appointment_id;
    const m2mBooking = await bookFirst(h);

    const list = async (token: string) =>
      (await h.app.inject({ method: 'GET', url: '/v1/appointments?page_size=100', headers: as(token) }))
        .json()
        .data.map((a: { appointment_id: string }) => a.appointment_id);
    expect(await list(ada)).toEqual([id]);
    expect(await list(grace)).toEqual([]);
    const m2m = await list(await h.token());
    expect(m2m).toContain(m2mBooking);
    expect(m2m).not.toContain(id);

    const participants = await h.app.inject({
      method: 'GET',
      url: `/v1/appointments/${id}/participants`,
      headers: as(ada),
    });
    expect(participants.json().data.patient.is_booked_by_another_patient).toBe(false);

    // Everyone else: 404, as for an unknown id; nothing changes.
    for (const token of [grace, await h.token()]) {
      expect(
        (await h.app.inject({ method: 'GET', url: `/v1/appointments/${id}`, headers: as(token) })).statusCode,
      ).toBe(404);
      expect(
        (
          await h.app.inject({
            method: 'GET',
            url: `/v1/appointments/${id}/participants`,
            headers: as(token),
          })
        ).statusCode,
      ).toBe(404);
      const cancel = await h.app.inject({
        method: 'POST',
        url: '/v1/appointments/cancel',
        headers: as(token),
        payload: { appointment_id: id },
      });
      expect(cancel.statusCode).toBe(404);
    }
    // The user cannot touch the developer's M2M bookings or the fixtures either.
    for (const other of [m2mBooking, CONFIRMED_FIXTURE]) {
      const confirm = await h.app.inject({
        method: 'POST',
        url: '/v1/appointments/cancel',
        headers: as(ada),
        payload: { appointment_id: other },
      });
      expect(confirm.statusCode).toBe(404);
    }
    const cancelled = await h.app.inject({
      method: 'POST',
      url: '/v1/appointments/cancel',
      headers: as(ada),
      payload: { appointment_id: id },
    });
    expect(cancelled.statusCode).toBe(200);
  });

  it('flags a booking for another patient (a different email) as booked by another patient', async () => {
    const h = await userHarness();
    const grace = (await userTokens(h, GRACE)).access_token;
    const response = await book(
      {
        ...h,
        call: (options) =>
          h.app.inject({ ...options, headers: { ...as(grace), ...(options.headers ?? {}) } }),
      },
      {
        start_time: await firstSlot(h, DR_CHEN_MIDTOWN),
        visit_reason_id: ILLNESS,
        provider_location_id: DR_CHEN_MIDTOWN,
        patient_type: 'new',
      },
    );
    const id = response.json().data.appointment_id;
    const participants = await h.app.inject({
      method: 'GET',
      url: `/v1/appointments/${id}/participants`,
      headers: as(grace),
    });
    expect(participants.json().data.patient.is_booked_by_another_patient).toBe(true);
  });
});
