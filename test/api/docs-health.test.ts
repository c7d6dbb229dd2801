import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/api-app.ts';
import { type ApiKit, createApiKit } from './api-test-kit.ts';

describe('/healthz', () => {
  let kit: ApiKit;
  beforeAll(async () => {
    kit = await createApiKit();
  });
  afterAll(() => kit.close());

  it('checks Postgres by default, without authentication', async () => {
    const res = await kit.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', checks: { postgres: true } });
  });

  it('answers 503 when a dependency is down or the check fails', async () => {
    const down = await buildApi({
      db: kit.database.db,
      connections: kit.connections,
      checkHealth: async () => ({ postgres: true, redis: false }),
    });
    const throwing = await buildApi({
      db: kit.database.db,
      connections: kit.connections,
      checkHealth: async () => {
        throw new Error('boom');
      },
    });
    const up = await buildApi({
      db: kit.database.db,
      connections: kit.connections,
      checkHealth: async () => ({ postgres: true, redis: true }),
    });
    try {
      const res = await down.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', checks: { postgres: true, redis: false } });
      const failed = await throwing.inject({ method: 'GET', url: '/healthz' });
      expect(failed.statusCode).toBe(503);
      expect(failed.body).not.toContain('boom');
      const ok = await up.inject({ method: 'GET', url: '/healthz' });
      expect(ok.json()).toEqual({ status: 'ok', checks: { postgres: true, redis: true } });
    } finally {
      await Promise.all([down.close(), throwing.close(), up.close()]);
    }
  });
});

describe('OpenAPI', () => {
  let kit: ApiKit;
  beforeAll(async () => {
    kit = await createApiKit();
  });
  afterAll(() => kit.close());

  it('serves an OpenAPI 3 document of every route, with bearer security, without authentication', async () => {
    const res = await kit.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/healthz',
      '/v1/connections',
      '/v1/connections/{id}',
      '/v1/connections/{id}/actions/{key}/test',
      '/v1/connections/{id}/options/{source}',
      '/v1/connectors',
      '/v1/connectors/{connector}',
      '/v1/runs',
      '/v1/runs/{id}',
      '/v1/runs/{id}/replay',
      '/v1/workflows',
      '/v1/workflows/{id}',
      '/webhooks/zocdoc/{connection_id}',
    ]);
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/healthz'].get.security).toEqual([]);

    const create = doc.paths['/v1/workflows'].post;
    const body = create.requestBody.content['application/json'].schema;
    expect(body.properties.steps.items.properties.action).toMatchObject({ type: 'string' });
    expect(body.additionalProperties).toBe(false);
    expect(create.responses['201']).toBeDefined();
    expect(create.responses['400']).toBeDefined();

    const runs = doc.paths['/v1/runs'].get;
    const params = runs.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`).sort();
    expect(params).toEqual(['query:cursor', 'query:limit', 'query:status', 'query:workflow_id']);

    const connection =
      doc.paths['/v1/connections/{id}'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(connection.properties)).not.toContain('client_secret');
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await kit.app.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/swagger-ui/i);
  });
});
