import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWorkspace,
  findWorkspaceByApiKey,
  hashApiKey,
  replaceApiKeys,
} from '../../src/api/workspaces.ts';
import { apiKeys } from '../../src/db/schema.ts';
import { type ApiKit, bearer, createApiKit, expectProblem } from './api-test-kit.ts';

describe('API keys and authentication', () => {
  let kit: ApiKit;
  beforeAll(async () => {
    kit = await createApiKit();
  });
  afterAll(() => kit.close());

  it('creates workspaces with an apf_ key stored only as its SHA-256 hash', async () => {
    const { workspace, apiKey } = await createWorkspace(kit.database.db, { name: 'Clinic C' });
    expect(apiKey).toMatch(/^apf_[A-Za-z0-9_-]{32}$/);
    const rows = await kit.database.db.select().from(apiKeys).where(eq(apiKeys.workspaceId, workspace.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.keyHash).toBe(hashApiKey(apiKey));
    expect(rows[0]!.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.keyPrefix).toBe(apiKey.slice(0, 12));
    expect(JSON.stringify(rows)).not.toContain(apiKey);
    expect((await findWorkspaceByApiKey(kit.database.db, apiKey))?.id).toBe(workspace.id);
  });

  it('uses a given key, and replaceApiKeys makes a new key the only one', async () => {
    const given = 'apf_given_key_for_the_demo_workspace_0001';
    const { workspace, apiKey } = await createWorkspace(kit.database.db, { name: 'Demo', apiKey: given });
    expect(apiKey).toBe(given);
    const replacement = 'apf_replacement_key_for_the_demo_000002';
    await replaceApiKeys(kit.database.db, workspace.id, replacement);
    expect(await findWorkspaceByApiKey(kit.database.db, given)).toBeNull();
    expect((await findWorkspaceByApiKey(kit.database.db, replacement))?.id).toBe(workspace.id);
    const ok = await kit.app.inject({ method: 'GET', url: '/v1/workflows', headers: bearer(replacement) });
    expect(ok.statusCode).toBe(200);
    const old = await kit.app.inject({ method: 'GET', url: '/v1/workflows', headers: bearer(given) });
    expectProblem(old, 401);
  });

  it('answers 401 problem+json without an Authorization header', async () => {
    for (const url of ['/v1/connections', '/v1/workflows', '/v1/runs']) {
      const res = await kit.app.inject({ method: 'GET', url });
      const problem = expectProblem(res, 401);
      expect(problem.detail).toMatch(/Bearer/);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('answers 401 to an unknown key and to a header that is not Bearer', async () => {
    const unknown = await kit.app.inject({
      method: 'GET',
      url: '/v1/connections',
      headers: bearer('apf_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
    });
    expectProblem(unknown, 401);
    const basic = await kit.app.inject({
      method: 'GET',
      url: '/v1/connections',
      headers: { authorization: `Basic ${Buffer.from(`x:${kit.a.key}`).toString('base64')}` },
    });
    expectProblem(basic, 401);
    const bare = await kit.app.inject({
      method: 'GET',
      url: '/v1/connections',
      headers: { authorization: kit.a.key },
    });
    expectProblem(bare, 401);
  });

  it('checks authentication before the body: an unauthenticated POST is 401, not 400', async () => {
    const res = await kit.app.inject({ method: 'POST', url: '/v1/workflows', payload: { nonsense: true } });
    expectProblem(res, 401);
  });

  it('lets a valid key through', async () => {
    const res = await kit.app.inject({ method: 'GET', url: '/v1/connections', headers: bearer(kit.a.key) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: [] });
    const lowerCase = await kit.app.inject({
      method: 'GET',
      url: '/v1/connections',
      headers: { authorization: `bearer ${kit.a.key}` },
    });
    expect(lowerCase.statusCode).toBe(200);
  });
});
