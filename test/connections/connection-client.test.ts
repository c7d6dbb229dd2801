import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ConnectionAuthError,
  ConnectionNotFoundError,
  createConnectionClient,
  UpstreamNoResponseError,
  UpstreamResponseTooLargeError,
} from '../../src/connections/connection-client.ts';
import {
  type ConnectionStore,
  type CreateConnectionInput,
  createConnectionStore,
} from '../../src/connections/connection-store.ts';
import { createSecretBox } from '../../src/connections/secret-box.ts';
import { connections, workspaces } from '../../src/db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { type FakeUpstream, freePort, startFakeUpstream } from './fake-upstream.ts';

const START = Date.parse('2030-01-01T00:00:00.000Z');

describe('connection client', () => {
  let database: TestDatabase;
  let store: ConnectionStore;
  let workspaceId: string;
  let upstream: FakeUpstream;
  let clock: number;
  let sleeps: number[];

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createConnectionStore({ db: database.db, secrets: createSecretBox(randomBytes(32)) });
    const [workspace] = await database.db.insert(workspaces).values({ name: 'W' }).returning();
    workspaceId = workspace!.id;
    upstream = await startFakeUpstream();
  });
  afterAll(async () => {
    await upstream.close();
    await database.drop();
  });
  beforeEach(() => {
    upstream.reset();
    clock = START;
    sleeps = [];
  });

  async function newConnection(input: Partial<CreateConnectionInput> = {}): Promise<string> {
    const view = await store.create(workspaceId, {
      name: 'fake',
      connector: 'zocdoc',
      environment: 'custom',
      base_url: upstream.url,
      token_url: upstream.tokenUrl,
      audience: 'https://api.test/',
      client_id: 'cid',
      client_secret: 'csecret',
      ...input,
    });
    return view.id;
  }

  function newClient(options: Partial<Parameters<typeof createConnectionClient>[0]> = {}) {
    return createConnectionClient({
      store,
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...options,
    });
  }

  describe('requests', () => {
    it('sends the bearer token, a JSON body and an encoded query; returns the parsed response', async () => {
      const id = await newConnection();
      upstream.handler = (_request, reply) => {
        reply.header('x-upstream', 'yes');
        return { request_id: 'abc-123', data: [1, 2] };
      };
      const response = await newClient().request(id, {
        method: 'POST',
        path: '/v1/appointments/confirm',
        query: {
          provider_location_id: 'pr_1|lo_2',
          npis: '111,222',
          page: 0,
          flag: true,
          skipped: undefined,
        },
        body: { appointment_id: 'a1' },
        idempotent: false,
      });

      expect(upstream.calls).toEqual([
        {
          method: 'POST',
          url: '/v1/appointments/confirm?provider_location_id=pr_1%7Clo_2&npis=111%2C222&page=0&flag=true',
          authorization: 'Bearer tok-1',
          contentType: 'application/json',
          body: { appointment_id: 'a1' },
        },
      ]);
      expect(response).toMatchObject({
        status: 200,
        body: { request_id: 'abc-123', data: [1, 2] },
        requestId: 'abc-123',
        attempts: 1,
      });
      expect(response.text).toBe('{"request_id":"abc-123","data":[1,2]}');
      expect(response.headers['x-upstream']).toBe('yes');
    });

    it('returns an error response as a value, with a non-JSON body as text', async () => {
      const id = await newConnection();
      upstream.handler = (_request, reply) => reply.code(404).type('text/html').send('<h1>Not here</h1>');
      const response = await newClient().request(id, { method: 'GET', path: 'v1/nothing', idempotent: true });
      expect(upstream.calls[0]!.url).toBe('/v1/nothing');
      expect(response).toMatchObject({ status: 404, body: null, text: '<h1>Not here</h1>', requestId: null });
    });

    it('keeps a path prefix of the base URL', async () => {
      const id = await newConnection({ base_url: `${upstream.url}/prefix/` });
      await newClient().request(id, { method: 'GET', path: '/v1/x', idempotent: true });
      expect(upstream.calls[0]!.url).toBe('/prefix/v1/x');
    });

    it('throws ConnectionNotFoundError for an unknown connection', async () => {
      await expect(
        newClient().request(randomUUID(), { method: 'GET', path: '/v1/x', idempotent: true }),
      ).rejects.toBeInstanceOf(ConnectionNotFoundError);
    });
  });

  describe('tokens', () => {
    it('requests a client-credentials token as documented and reuses it across requests', async () => {
      const id = await newConnection({ scope: 'external.appointment.read external.appointment.write' });
      const client = newClient();
      for (let i = 0; i < 3; i++)
        await client.request(id, { method: 'GET', path: '/v1/x', idempotent: true });

      expect(upstream.tokenCalls).toEqual([
        {
          grant_type: 'client_credentials',
          client_id: 'cid',
          client_secret: 'csecret',
          audience: 'https://api.test/',
          scope: 'external.appointment.read external.appointment.write',
        },
      ]);
      expect(upstream.calls.map((c) => c.authorization)).toEqual(Array(3).fill('Bearer tok-1'));
    });

    it('leaves scope and audience out when the connection has none', async () => {
      const id = await newConnection({ audience: undefined });
      await newClient().request(id, { method: 'GET', path: '/v1/x', idempotent: true });
      expect(upstream.tokenCalls).toEqual([
        { grant_type: 'client_credentials', client_id: 'cid', client_secret: 'csecret' },
      ]);
    });

    it('persists the token encrypted so another worker reuses it', async () => {
      const id = await newConnection();
      await newClient().request(id, { method: 'GET', path: '/v1/x', idempotent: true });

      const [row] = await database.db.select().from(connections).where(eq(connections.id, id));
      expect(row!.accessTokenEnc).toMatch(/^v1\./);
      expect(row!.accessTokenEnc).not.toContain('tok-1');
      expect(row!.accessTokenExpiresAt?.getTime()).toBe(START + 3600_000);

      // A second client is what another worker, or this one after a restart, would have.
      await newClient().request(id, { method: 'GET', path: '/v1/x', idempotent: true });
      expect(upstream.tokenCalls).toHaveLength(1);
      expect(upstream.calls.map((c) => c.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1']);
    });

    it('refreshes when less than the skew remains', async () => {
      const id = await newConnection();
      const client = newClient();
      const get = () => client.request(id, { method: 'GET', path: '/v1/x', idempotent: true });
      await get();

      clock = START + (3600 - 61) * 1000;
      await get();
      expect(upstream.tokenCalls).toHaveLength(1);

      clock = START + (3600 - 59) * 1000;
      await get();
      await get();
      expect(upstream.tokenCalls).toHaveLength(2);
      expect(upstream.calls.map((c) => c.authorization)).toEqual([
        'Bearer tok-1',
        'Bearer tok-1',
        'Bearer tok-2',
        'Bearer tok-2',
      ]);
    });

    it('honours a configured skew', async () => {
      const id = await newConnection();
      const client = newClient({ tokenRefreshSkewSeconds: 600 });
      await client.request(id, { method: 'GET', path: '/v1/x', idempotent: true });
      clock = START + (3600 - 599) * 1000;
      await client.request(id, { method: 'GET', path: '/v1/x', idempotent: true });
      expect(upstream.tokenCalls).toHaveLength(2);
    });

    it('makes one token request for many concurrent callers', async () => {
      const id = await newConnection();
      const client = newClient();
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          client.request(id, { method: 'GET', path: '/v1/x', idempotent: true }),
        ),
      );
      expect(responses.every((r) => r.status === 200)).toBe(true);
      expect(upstream.tokenCalls).toHaveLength(1);
      expect(upstream.calls.map((c) => c.authorization)).toEqual(Array(10).fill('Bearer tok-1'));
    });

    it('on a 401, fetches a new token and retries once', async () => {
      const id = await newConnection();
      upstream.handler = (request, reply) =>
        request.headers.authorization === 'Bearer tok-1' ? reply.code(401).send() : { request_id: 'ok' };
      const response = await newClient().request(id, { method: 'POST', path: '/v1/x', idempotent: false });

      expect(response).toMatchObject({ status: 200, requestId: 'ok', attempts: 2 });
      expect(upstream.tokenCalls).toHaveLength(2);
      expect(upstream.calls.map((c) => c.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
      expect(sleeps).toEqual([]);
    });

    it('returns a second 401 as is', async () => {
      const id = await newConnection();
      upstream.handler = (_request, reply) => reply.code(401).send();
      const response = await newClient().request(id, { method: 'GET', path: '/v1/x', idempotent: true });

      expect(response).toMatchObject({ status: 401, body: null, attempts: 2 });
      expect(upstream.tokenCalls).toHaveLength(2);
      expect(upstream.calls).toHaveLength(2);
    });

    it('refreshes once when many concurrent requests hit a 401 with the same token', async () => {
      const id = await newConnection();
      const client = newClient();
      await client.request(id, { method: 'GET', path: '/v1/x', idempotent: true });
      // The 401s arrive spread out, most of them after the refresh has completed.
      upstream.handler = async (request, reply, n) => {
        if (request.headers.authorization !== 'Bearer tok-1') return { request_id: 'ok' };
        await new Promise((resolve) => setTimeout(resolve, (n - 2) * 40));
        return reply.code(401).send();
      };
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          client.request(id, { method: 'GET', path: '/v1/x', idempotent: true }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(5).fill(200));
      expect(upstream.tokenCalls).toHaveLength(2);
    });

    it('does not reload a rejected token from the store', async () => {
      const id = await newConnection();
      await newClient().request(id, { method: 'GET', path: '/v1/x', idempotent: true });
      // A fresh client finds tok-1 in the store; the API has revoked it meanwhile.
      upstream.handler = (request, reply) =>
        request.headers.authorization === 'Bearer tok-1' ? reply.code(401).send() : { request_id: 'ok' };
      const response = await newClient().request(id, { method: 'GET', path: '/v1/x', idempotent: true });
      expect(response.status).toBe(200);
      expect(upstream.calls.map((c) => c.authorization)).toEqual([
        'Bearer tok-1',
        'Bearer tok-1',
        'Bearer tok-2',
      ]);
      expect((await store.credentials(id))?.accessToken).toBe('tok-2');
    });

    it('turns a refusal by the token endpoint into ConnectionAuthError with what Auth0 said', async () => {
      const id = await newConnection();
      upstream.tokenHandler = (_request, reply) =>
        reply.code(401).send({ error: 'access_denied', error_description: 'Unauthorized' });
      const error = await newClient()
        .request(id, { method: 'GET', path: '/v1/x', idempotent: true })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ConnectionAuthError);
      expect(error).toMatchObject({
        connectionId: id,
        status: 401,
        error: 'access_denied',
        errorDescription: 'Unauthorized',
        retryable: false,
      });
      expect((error as Error).message).toMatch(/HTTP 401 access_denied: Unauthorized/);
      expect((error as Error).message).not.toContain('csecret');
      expect(upstream.tokenCalls).toHaveLength(1);
      expect(upstream.calls).toHaveLength(0);
      expect(sleeps).toEqual([]);
    });

    it('retries a token endpoint that is briefly unavailable', async () => {
      const id = await newConnection();
      upstream.tokenHandler = (_request, reply, n) =>
        n === 1 ? reply.code(503).send() : { access_token: `tok-${n}`, expires_in: 3600 };
      const response = await newClient().request(id, { method: 'GET', path: '/v1/x', idempotent: true });
      expect(response.status).toBe(200);
      expect(upstream.calls.map((c) => c.authorization)).toEqual(['Bearer tok-2']);
      expect(sleeps).toEqual([125]);
    });

    it('rejects a token response without an access_token', async () => {
      const id = await newConnection();
      upstream.tokenHandler = () => ({ token_type: 'Bearer' });
      await expect(
        newClient().request(id, { method: 'GET', path: '/v1/x', idempotent: true }),
      ).rejects.toThrow(/without an access_token/);
    });
  });

  describe('retry policy', () => {
    const scripted =
      (statuses: number[], headers: Record<string, string> = {}) =>
      (_request: unknown, reply: import('fastify').FastifyReply, n: number) => {
        const status = statuses[n - 1] ?? 200;
        return reply
          .code(status)
          .headers(status === 200 ? {} : headers)
          .send({ request_id: `r${n}` });
      };

    it('honours Retry-After in seconds on 429', async () => {
      const id = await newConnection();
      upstream.handler = scripted([429, 429], { 'retry-after': '3' });
      const response = await newClient().request(id, { method: 'POST', path: '/v1/x', idempotent: false });
      expect(response).toMatchObject({ status: 200, requestId: 'r3', attempts: 3 });
      expect(sleeps).toEqual([3000, 3000]);
    });

    it('honours Retry-After as an HTTP date, capped at maxDelayMs', async () => {
      const id = await newConnection();
      upstream.handler = scripted([429], { 'retry-after': new Date(START + 5000).toUTCString() });
      await newClient().request(id, { method: 'GET', path: '/v1/x', idempotent: true });
      expect(sleeps).toEqual([5000]);

      sleeps = [];
      upstream.reset();
      upstream.handler = scripted([429], { 'retry-after': '120' });
      await newClient().request(id, { method: 'GET', path: '/v1/x', idempotent: true });
      expect(sleeps).toEqual([10_000]);
    });

    it('retries 503 with exponential backoff and full jitter, even when not idempotent', async () => {
      const id = await newConnection();
      upstream.handler = scripted([503, 503]);
      const response = await newClient().request(id, { method: 'POST', path: '/v1/x', idempotent: false });
      expect(response).toMatchObject({ status: 200, attempts: 3 });
      // random() = 0.5 of a cap of 250, then 500.
      expect(sleeps).toEqual([125, 250]);
    });

    it('retries 500, 502 and 504 only for idempotent requests', async () => {
      const id = await newConnection();
      upstream.handler = scripted([500, 502, 504]);
      const idempotent = await newClient().request(id, { method: 'GET', path: '/v1/x', idempotent: true });
      expect(idempotent).toMatchObject({ status: 200, attempts: 4 });
      expect(upstream.calls).toHaveLength(4);

      for (const status of [500, 502, 504]) {
        upstream.reset();
        sleeps = [];
        upstream.handler = scripted([status]);
        const once = await newClient().request(id, { method: 'POST', path: '/v1/x', idempotent: false });
        expect(once).toMatchObject({ status, requestId: 'r1', attempts: 1 });
        expect(upstream.calls).toHaveLength(1);
        expect(sleeps).toEqual([]);
      }
    });

    it('does not retry other errors', async () => {
      const id = await newConnection();
      upstream.handler = scripted([400, 409]);
      const response = await newClient().request(id, { method: 'GET', path: '/v1/x', idempotent: true });
      expect(response).toMatchObject({ status: 400, attempts: 1 });
    });

    it('bounds the attempts and returns the last response', async () => {
      const id = await newConnection();
      upstream.handler = scripted(Array(10).fill(503));
      const client = newClient({
        retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 300 },
        random: () => 0.999,
      });
      const response = await client.request(id, { method: 'GET', path: '/v1/x', idempotent: true });
      expect(response).toMatchObject({ status: 503, requestId: 'r5', attempts: 5 });
      expect(upstream.calls).toHaveLength(5);
      expect(sleeps).toEqual([99, 199, 299, 299]);
    });

    it('retries a refused connection, even when not idempotent, until the server is up', async () => {
      const port = await freePort();
      const id = await newConnection({ base_url: `http://127.0.0.1:${port}` });
      let late: FakeUpstream | undefined;
      const client = newClient({
        sleep: async (ms) => {
          sleeps.push(ms);
          late ??= await startFakeUpstream({ port });
        },
      });
      try {
        const response = await client.request(id, { method: 'POST', path: '/v1/x', idempotent: false });
        expect(response).toMatchObject({ status: 200, attempts: 2 });
        expect(sleeps).toEqual([125]);
        expect(late?.calls).toHaveLength(1);
      } finally {
        await late?.close();
      }
    });

    it('throws UpstreamNoResponseError when the server stays unreachable', async () => {
      const port = await freePort();
      const id = await newConnection({ base_url: `http://127.0.0.1:${port}` });
      const error = await newClient()
        .request(id, { method: 'POST', path: '/v1/x', idempotent: false })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamNoResponseError);
      expect(error).toMatchObject({ kind: 'network', mayHaveReachedServer: false, attempts: 4 });
      expect((error as Error).message).toMatch(/ECONNREFUSED.*never reached the server/);
      expect(sleeps).toHaveLength(3);
    });

    it('does not resend a non-idempotent request that timed out', async () => {
      const id = await newConnection();
      upstream.handler = () => new Promise(() => {});
      const error = await newClient()
        .request(id, {
          method: 'POST',
          path: '/v1/appointments',
          body: { a: 1 },
          idempotent: false,
          timeoutMs: 100,
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamNoResponseError);
      expect(error).toMatchObject({ kind: 'timeout', mayHaveReachedServer: true, attempts: 1 });
      expect(upstream.calls).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('resends an idempotent request that timed out, then gives up', async () => {
      const id = await newConnection();
      upstream.handler = () => new Promise(() => {});
      const error = await newClient({ retry: { maxAttempts: 2 }, timeoutMs: 100 })
        .request(id, { method: 'GET', path: '/v1/x', idempotent: true })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'timeout', mayHaveReachedServer: true, attempts: 2 });
      expect(upstream.calls).toHaveLength(2);
      expect(sleeps).toEqual([125]);
    });

    it('recovers from a timeout on an idempotent request', async () => {
      const id = await newConnection();
      upstream.handler = (_request, _reply, n) => (n === 1 ? new Promise(() => {}) : { request_id: 'late' });
      const response = await newClient({ timeoutMs: 100 }).request(id, {
        method: 'GET',
        path: '/v1/x',
        idempotent: true,
      });
      expect(response).toMatchObject({ status: 200, requestId: 'late', attempts: 2 });
    });
  });
  describe('redirects', () => {
    // `redirector` answers every request 307 to the same path on `elsewhere`, another
    // origin, which records whatever reaches it.
    let elsewhere: FakeUpstream;
    let redirector: Server;
    let redirectorUrl: string;

    beforeAll(async () => {
      elsewhere = await startFakeUpstream();
      redirector = createServer((request, response) => {
        request.resume();
        response.writeHead(307, { location: `${elsewhere.url}${request.url}` }).end();
      });
      await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
      redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => redirector.close(resolve));
      await elsewhere.close();
    });
    beforeEach(() => elsewhere.reset());

    it('returns an API 307 as the answer instead of re-sending the body to the new host', async () => {
      const id = await newConnection({ base_url: redirectorUrl });
      const response = await newClient().request(id, {
        method: 'POST',
        path: '/v1/appointments',
        body: { patient: { first_name: 'Ada' } },
        idempotent: false,
      });
      expect(response).toMatchObject({ status: 307, attempts: 1 });
      expect(response.headers.location).toBe(`${elsewhere.url}/v1/appointments`);
      expect(elsewhere.calls).toEqual([]);
      expect(sleeps).toEqual([]);
    });

    it('refuses a redirect from the token endpoint without sending the client secret on', async () => {
      const id = await newConnection({ token_url: `${redirectorUrl}/oauth/token` });
      const error = await newClient()
        .request(id, { method: 'GET', path: '/v1/x', idempotent: true })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionAuthError);
      expect(error).toMatchObject({ connectionId: id, status: 307, retryable: false });
      expect((error as Error).message).toContain(`redirect to ${elsewhere.url}/oauth/token`);
      expect((error as Error).message).not.toContain('csecret');
      expect(elsewhere.tokenCalls).toEqual([]);
      expect(upstream.calls).toEqual([]);
      expect(sleeps).toEqual([]);
    });
  });

  describe('response size', () => {
    const chunked = (bytes: number) => Readable.from([Buffer.from('{"data":"'), Buffer.alloc(bytes, 'a')]);

    it('refuses an API body past the cap while streaming, and does not retry', async () => {
      const id = await newConnection();
      upstream.handler = (_request, reply) => reply.type('application/json').send(chunked(5000));
      const error = await newClient({ maxResponseBytes: 1000 })
        .request(id, { method: 'GET', path: '/v1/x', query: { q: 'patient-name' }, idempotent: true })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamResponseTooLargeError);
      expect(error).toMatchObject({ status: 200, limit: 1000, attempts: 1 });
      expect((error as Error).message).toMatch(
        /GET http:\/\/127\.0\.0\.1:\d+\/v1\/x answered HTTP 200 with a body over 1000 bytes/,
      );
      expect((error as Error).message).not.toContain('patient-name');
      expect(upstream.calls).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('refuses an announced Content-Length over the default 20 MB', async () => {
      const id = await newConnection();
      upstream.handler = (_request, reply) =>
        reply.type('application/json').send(Buffer.alloc(21 * 1024 * 1024));
      const error = await newClient()
        .request(id, { method: 'GET', path: '/v1/x', idempotent: true })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamResponseTooLargeError);
      expect(error).toMatchObject({ limit: 20 * 1024 * 1024 });
    });

    it('refuses a token response over the default 64 KB', async () => {
      const id = await newConnection();
      upstream.tokenHandler = () => ({ access_token: 'x'.repeat(70_000), expires_in: 3600 });
      const error = await newClient()
        .request(id, { method: 'GET', path: '/v1/x', idempotent: true })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionAuthError);
      expect(error).toMatchObject({ status: 200, retryable: false });
      expect((error as Error).message).toMatch(/body over 65536 bytes/);
      expect(upstream.calls).toEqual([]);
    });

    it('retries an oversized token error page when its status says it may pass', async () => {
      const id = await newConnection();
      upstream.tokenHandler = (_request, reply, n) =>
        n === 1
          ? reply.code(503).type('text/html').send(chunked(2000))
          : { access_token: `tok-${n}`, expires_in: 3600 };
      const response = await newClient({ maxTokenResponseBytes: 1000 }).request(id, {
        method: 'GET',
        path: '/v1/x',
        idempotent: true,
      });
      expect(response.status).toBe(200);
      expect(upstream.calls.map((c) => c.authorization)).toEqual(['Bearer tok-2']);
      expect(sleeps).toEqual([125]);
    });
  });
});
