import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { type ApiDeps, buildApi } from '../../src/api/api-app.ts';
import { createWorkspace } from '../../src/api/workspaces.ts';
import { type ConnectionStore, createConnectionStore } from '../../src/connections/connection-store.ts';
import { createSecretBox } from '../../src/connections/secret-box.ts';
import { sandboxConnectionInput } from '../../src/demo/sandbox-connection.ts';
import { startSandbox } from '../../src/sandbox/sandbox-app.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** A migrated database of the file's own, the API over it, and two workspaces to tell apart. */
export interface ApiKit {
  database: TestDatabase;
  app: FastifyInstance;
  connections: ConnectionStore;
  a: { id: string; key: string };
  b: { id: string; key: string };
  close(): Promise<void>;
}

export async function createApiKit(overrides: Partial<ApiDeps> = {}): Promise<ApiKit> {
  const database = await createTestDatabase();
  const connections = createConnectionStore({ db: database.db, secrets: createSecretBox(randomBytes(32)) });
  const app = await buildApi({ db: database.db, connections, ...overrides });
  const a = await createWorkspace(database.db, { name: 'Clinic A' });
  const b = await createWorkspace(database.db, { name: 'Clinic B' });
  return {
    database,
    app,
    connections,
    a: { id: a.workspace.id, key: a.apiKey },
    b: { id: b.workspace.id, key: b.apiKey },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

export const SECRET = 'super-secret-client-secret-value';

export function connectionBody(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Main clinic',
    connector: 'zocdoc',
    environment: 'custom',
    base_url: 'http://127.0.0.1:3100',
    token_url: 'http://127.0.0.1:3100/oauth/token',
    client_id: 'client-1',
    client_secret: SECRET,
    ...overrides,
  };
}

export async function createConnection(app: FastifyInstance, key: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/connections',
    headers: bearer(key),
    payload: connectionBody(),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

export function workflowBody(connectionId: string, overrides: Record<string, unknown> = {}) {
  return {
    name: 'Confirm new appointments',
    trigger: { key: 'zocdoc.appointment_created', connection_id: connectionId },
    steps: [
      {
        key: 'confirm',
        action: 'zocdoc.confirm_appointment',
        connection_id: connectionId,
        input: { appointment_id: '{{ trigger.appointment_id }}' },
      },
    ],
    ...overrides,
  };
}

/** Asserts an RFC 9457 answer; returns its body. */
export function expectProblem(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  expect(res.body).not.toMatch(/\bat .+:\d+:\d+/); // no stack frames
  return body as { detail: string; errors?: Array<{ path: string; message: string }> };
}

export function errorPaths(problem: { errors?: Array<{ path: string }> }): string[] {
  return (problem.errors ?? []).map((e) => e.path);
}

/** A running sandbox and a connection of workspace `key` to it, created through the API. */
export async function connectToSandbox(
  app: FastifyInstance,
  key: string,
): Promise<{ sandbox: Awaited<ReturnType<typeof startSandbox>>; connectionId: string }> {
  const client = { clientId: 'api-client', clientSecret: 'api-secret' };
  const sandbox = await startSandbox({ host: '127.0.0.1', port: 0, clients: [client] });
  const res = await app.inject({
    method: 'POST',
    url: '/v1/connections',
    headers: bearer(key),
    payload: sandboxConnectionInput(sandbox.url, client),
  });
  expect(res.statusCode, res.body).toBe(201);
  return { sandbox, connectionId: res.json().id };
}
