import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiKit,
  bearer,
  connectionBody,
  createApiKit,
  errorPaths,
  expectProblem,
  SECRET,
} from './api-test-kit.ts';

describe('/v1/connections', () => {
  let kit: ApiKit;
  let connectionId: string;
  beforeAll(async () => {
    kit = await createApiKit();
  });
  afterAll(() => kit.close());

  it('creates a connection and answers 201 with its view, never the secret', async () => {
    const res = await kit.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: bearer(kit.a.key),
      payload: connectionBody({ scope: 'external.appointment.read' }),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toMatch(/secret|access_token|_enc/i);
    const view = res.json();
    expect(view).toMatchObject({
      workspace_id: kit.a.id,
      name: 'Main clinic',
      connector: 'zocdoc',
      base_url: 'http://127.0.0.1:3100',
      token_url: 'http://127.0.0.1:3100/oauth/token',
      scope: 'external.appointment.read',
      client_id: 'client-1',
      token_cached_until: null,
    });
    expect(new Date(view.created_at).toISOString()).toBe(view.created_at);
    connectionId = view.id;
  });

  it('lists and gets the connection without secrets or tokens, even once a token is cached', async () => {
    await kit.connections.saveAccessToken(
      connectionId,
      'cached-access-token-xyz',
      new Date(Date.now() + 3600_000),
    );
    const list = await kit.app.inject({ method: 'GET', url: '/v1/connections', headers: bearer(kit.a.key) });
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((c: { id: string }) => c.id)).toEqual([connectionId]);
    const one = await kit.app.inject({
      method: 'GET',
      url: `/v1/connections/${connectionId}`,
      headers: bearer(kit.a.key),
    });
    expect(one.statusCode).toBe(200);
    expect(one.json().token_cached_until).toEqual(expect.any(String));
    for (const res of [list, one]) {
      expect(res.body).not.toContain(SECRET);
      expect(res.body).not.toContain('cached-access-token-xyz');
      expect(res.body).not.toMatch(/client_secret|access_token/);
    }
  });

  it('hides one workspace’s connections from another', async () => {
    const list = await kit.app.inject({ method: 'GET', url: '/v1/connections', headers: bearer(kit.b.key) });
    expect(list.json()).toEqual({ data: [] });
    const other = await kit.app.inject({
      method: 'GET',
      url: `/v1/connections/${connectionId}`,
      headers: bearer(kit.b.key),
    });
    const unknown = await kit.app.inject({
      method: 'GET',
      url: '/v1/connections/00000000-0000-4000-8000-000000000000',
      headers: bearer(kit.b.key),
    });
    const a = expectProblem(other, 404);
    const b = expectProblem(unknown, 404);
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(a.detail.replace(connectionId, 'ID')).toBe(
      b.detail.replace('00000000-0000-4000-8000-000000000000', 'ID'),
    );
  });

  it('rejects invalid input naming the field, and never echoes the secret', async () => {
    const missing = await kit.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: bearer(kit.a.key),
      payload: connectionBody({ client_id: undefined }),
    });
    expect(errorPaths(expectProblem(missing, 400))).toContain('body.client_id');

    const unknownField = await kit.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: bearer(kit.a.key),
      payload: connectionBody({ access_token: 'x' }),
    });
    expect(errorPaths(expectProblem(unknownField, 400))).toEqual(['body.access_token']);

    const badUrl = await kit.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: bearer(kit.a.key),
      payload: connectionBody({ base_url: 'not a url', connector: 'intakeq' }),
    });
    const problem = expectProblem(badUrl, 400);
    expect(errorPaths(problem).sort()).toEqual(['body.base_url', 'body.connector']);
    expect(badUrl.body).not.toContain(SECRET);
  });
});
