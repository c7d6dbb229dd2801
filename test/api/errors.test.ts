import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/api-app.ts';
import { createWorkspace } from '../../src/api/workspaces.ts';
import type { ConnectionStore } from '../../src/connections/connection-store.ts';
import { type ApiKit, bearer, createApiKit, errorPaths, expectProblem } from './api-test-kit.ts';

describe('error answers', () => {
  let kit: ApiKit;
  beforeAll(async () => {
    kit = await createApiKit();
  });
  afterAll(() => kit.close());

  const postRaw = (url: string, payload: string, contentType?: string) =>
    kit.app.inject({
      method: 'POST',
      url,
      headers: { ...bearer(kit.a.key), ...(contentType ? { 'content-type': contentType } : {}) },
      payload,
    });

  it('answers 400 to malformed JSON', async () => {
    const problem = expectProblem(await postRaw('/v1/workflows', '{"name": "x",', 'application/json'), 400);
    expect(problem.detail).toMatch(/JSON/i);
  });

  it('answers 400 to an empty JSON body and to a missing body, naming the body', async () => {
    expectProblem(await postRaw('/v1/workflows', '', 'application/json'), 400);
    const missing = await kit.app.inject({
      method: 'POST',
      url: '/v1/workflows',
      headers: bearer(kit.a.key),
    });
    expect(errorPaths(expectProblem(missing, 400))).toEqual(['body']);
    const array = expectProblem(await postRaw('/v1/connections', '[]', 'application/json'), 400);
    expect(errorPaths(array)).toEqual(['body']);
  });

  it('answers 415 to a body that is not JSON', async () => {
    const plain = expectProblem(await postRaw('/v1/workflows', 'name=x', 'text/plain'), 415);
    expect(plain.detail).toMatch(/application\/json/);
    expectProblem(await postRaw('/v1/connections', 'name=x', 'application/x-www-form-urlencoded'), 415);
    const patch = await kit.app.inject({
      method: 'PATCH',
      url: '/v1/workflows/00000000-0000-4000-8000-000000000000',
      headers: { ...bearer(kit.a.key), 'content-type': 'text/plain' },
      payload: 'enabled',
    });
    expectProblem(patch, 415);
  });

  it('answers 400 to prototype poisoning', async () => {
    expectProblem(
      await postRaw('/v1/connections', '{"__proto__": {"admin": true}}', 'application/json'),
      400,
    );
  });

  it('answers 413 to a body that is too large', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
    expectProblem(await postRaw('/v1/workflows', huge, 'application/json'), 413);
  });

  it('answers problem+json to URLs the router cannot read', async () => {
    const get = (url: string) => kit.app.inject({ method: 'GET', url, headers: bearer(kit.a.key) });
    for (const bad of ['%FF', '%', '%E0%A4%A']) {
      const problem = expectProblem(await get(`/v1/workflows/${bad}`), 400);
      expect(problem.detail).toMatch(/percent-escape/);
    }
    expectProblem(await get(`/v1/workflows/${'x'.repeat(500)}`), 414);
  });

  it('answers 404 problem+json to unknown routes and methods', async () => {
    const routes = [
      { method: 'GET' as const, url: '/v1/nothing-here' },
      { method: 'GET' as const, url: '/nothing-here' },
      { method: 'DELETE' as const, url: '/v1/workflows/00000000-0000-4000-8000-000000000000' },
    ];
    for (const route of routes) {
      const problem = expectProblem(await kit.app.inject({ ...route, headers: bearer(kit.a.key) }), 404);
      expect(problem.detail).toContain(route.url);
    }
  });
});

describe('unexpected errors', () => {
  it('answers 500 problem+json without message or stack, and logs the error', async () => {
    const kit = await createApiKit();
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const broken: ConnectionStore = {
      ...kit.connections,
      list: async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2');
      },
    };
    // A ready pino instance, as the runtime passes one, rather than logger options.
    const app = await buildApi({ db: kit.database.db, connections: broken, logger: pino(stream) });
    try {
      const { apiKey } = await createWorkspace(kit.database.db, { name: 'C' });
      const res = await app.inject({ method: 'GET', url: '/v1/connections', headers: bearer(apiKey) });
      const problem = expectProblem(res, 500);
      expect(problem.detail).not.toMatch(/ECONNREFUSED|hunter2/);
      expect(res.body).not.toMatch(/ECONNREFUSED|hunter2|stack|\.ts/);
      expect(lines.join('')).toContain('ECONNREFUSED');
    } finally {
      await app.close();
      await kit.close();
    }
  });
});
