import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';

export interface RecordedCall {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

export type Handler = (request: FastifyRequest, reply: FastifyReply, callNumber: number) => unknown;

/**
 * A stand-in for an OAuth token endpoint (POST /oauth/token) and a resource server (any
 * other path), scripted per test. Tokens are `tok-1`, `tok-2`, … in issue order.
 */
export interface FakeUpstream {
  url: string;
  tokenUrl: string;
  tokenCalls: Array<Record<string, unknown>>;
  calls: RecordedCall[];
  /** Answers the resource calls; the default replies 200 with a Zocdoc-style envelope. */
  handler: Handler;
  /** Answers the token calls; the default issues the next token, valid for an hour. */
  tokenHandler: Handler;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeUpstream(options: { port?: number } = {}): Promise<FakeUpstream> {
  // Closing must not wait for requests a test left hanging on purpose.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const defaultHandler: Handler = (_request, _reply, n) => ({ request_id: `req-${n}`, data: { ok: true } });
  const defaultTokenHandler: Handler = async (_request, _reply, n) => {
    // Long enough that concurrent callers overlap with the request in flight.
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { access_token: `tok-${n}`, token_type: 'Bearer', expires_in: 3600 };
  };

  const upstream: FakeUpstream = {
    url: '',
    tokenUrl: '',
    tokenCalls: [],
    calls: [],
    handler: defaultHandler,
    tokenHandler: defaultTokenHandler,
    reset() {
      upstream.tokenCalls.length = 0;
      upstream.calls.length = 0;
      upstream.handler = defaultHandler;
      upstream.tokenHandler = defaultTokenHandler;
    },
    close: () => app.close(),
  };

  app.post('/oauth/token', async (request, reply) => {
    upstream.tokenCalls.push(request.body as Record<string, unknown>);
    return upstream.tokenHandler(request, reply, upstream.tokenCalls.length);
  });
  app.all('/*', async (request, reply) => {
    upstream.calls.push({
      method: request.method,
      url: request.url,
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      body: request.body ?? null,
    });
    return upstream.handler(request, reply, upstream.calls.length);
  });

  const address = await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  upstream.url = address;
  upstream.tokenUrl = `${address}/oauth/token`;
  return upstream;
}

/** A port on which nothing listens (for a while): bound, then released. */
export async function freePort(): Promise<number> {
  const app = Fastify({ logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  await app.close();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}
