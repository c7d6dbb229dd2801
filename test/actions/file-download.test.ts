import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ActionError } from '../../src/actions/action-error.ts';
import { createActionContext } from '../../src/actions/file-download.ts';
import type { HostLookup } from '../../src/connections/network-policy.ts';

/**
 * createActionContext against a scripted local file server. Most tests allow private
 * addresses (the server is on loopback); the policy tests pretend names are public with an
 * injected lookup and route them to the local server with an injected fetch.
 */
describe('file download', () => {
  let server: Server;
  let base: string;
  let port: number;
  let handler: (request: IncomingMessage, response: ServerResponse) => void;
  let requests: string[];

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      handler(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    requests = [];
    handler = (_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
  });

  const local = (options: Parameters<typeof createActionContext>[0] = {}) =>
    createActionContext({ allowPrivateNetwork: true, ...options });

  /** Names in `publicNames` pass the check as 93.184.216.34 and are fetched from the local server. */
  function pretendPublic(publicNames: string[], options: Parameters<typeof createActionContext>[0] = {}) {
    const lookups: string[] = [];
    const lookup: HostLookup = async (hostname) => {
      lookups.push(hostname);
      return publicNames.includes(hostname) ? [{ address: '93.184.216.34' }] : [{ address: '10.1.2.3' }];
    };
    const context = createActionContext({
      lookup,
      fetch: (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        if (publicNames.includes(url.hostname)) url.hostname = '127.0.0.1';
        return fetch(url, init);
      },
      ...options,
    });
    return { context, lookups };
  }

  async function failure(promise: Promise<unknown>): Promise<ReturnType<ActionError['toJSON']>> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ActionError);
    return (error as ActionError).toJSON();
  }

  describe('address policy', () => {
    const neverFetch: typeof fetch = () => {
      throw new Error('must not fetch');
    };

    it.each([
      'http://127.0.0.1/a.pdf',
      'http://127.1/a.pdf',
      'http://2130706433/a.pdf',
      'http://0.0.0.0/a.pdf',
      'http://10.0.0.1/a.pdf',
      'http://172.16.5.4/a.pdf',
      'http://192.168.1.1/a.pdf',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/a.pdf',
      'http://[::ffff:127.0.0.1]/a.pdf',
      'http://[::ffff:a9fe:a9fe]/a.pdf',
      'http://[fd00::1]/a.pdf',
      'http://[fe80::1]/a.pdf',
    ])('refuses %s without a lookup or a request', async (url) => {
      const lookups: string[] = [];
      const context = createActionContext({
        fetch: neverFetch,
        lookup: async (hostname) => {
          lookups.push(hostname);
          return [{ address: '93.184.216.34' }];
        },
      });
      expect(await failure(context.fetchFile(url))).toMatchObject({
        kind: 'validation',
        details: [{ field: 'file.url', message: expect.stringMatching(/is not a public address/) }],
      });
      expect(lookups).toEqual([]);
    });

    it('refuses a name when any of its addresses is not public', async () => {
      const context = createActionContext({
        fetch: neverFetch,
        lookup: async () => [{ address: '93.184.216.34' }, { address: '::1' }],
      });
      const error = await failure(context.fetchFile('https://files.example.com/a.pdf?sig=secret'));
      expect(error).toMatchObject({
        kind: 'validation',
        details: [
          { field: 'file.url', message: expect.stringMatching(/resolves to an address that is not public/) },
        ],
      });
      // Neither the resolved address nor the query string is told.
      expect(error.message).not.toMatch(/::1|secret/);
    });

    it('refuses localhost through the system resolver', async () => {
      const context = createActionContext({ fetch: neverFetch });
      expect(await failure(context.fetchFile(`http://localhost:${port}/a.pdf`))).toMatchObject({
        kind: 'validation',
      });
    });

    it('reports a name that does not resolve as a failure that sent nothing', async () => {
      const context = createActionContext({
        fetch: neverFetch,
        lookup: async () => {
          throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.example'), { code: 'ENOTFOUND' });
        },
      });
      expect(await failure(context.fetchFile('https://nowhere.example/a.pdf'))).toMatchObject({
        kind: 'timeout',
        may_have_reached_server: false,
      });
    });

    it('downloads from a public name, checking it once', async () => {
      const { context, lookups } = pretendPublic(['files.example.com']);
      const file = await context.fetchFile(`http://files.example.com:${port}/docs/a.pdf`);
      expect(Buffer.from(file.bytes).toString()).toBe('hello');
      expect(file.filename).toBe('a.pdf');
      expect(lookups).toEqual(['files.example.com']);
    });

    it('checks every redirect hop and refuses one that leads inside', async () => {
      handler = (request, response) => {
        if (request.url === '/start') response.writeHead(302, { location: `${base}/secret` }).end();
        else response.writeHead(200).end('internal');
      };
      const { context } = pretendPublic(['files.example.com']);
      const error = await failure(context.fetchFile(`http://files.example.com:${port}/start`));
      expect(error).toMatchObject({ kind: 'validation', details: [{ field: 'file.url' }] });
      expect(error.message).toContain('redirected to http://127.0.0.1');
      expect(requests).toEqual(['/start']);
    });

    it('looks up a redirect target name too', async () => {
      handler = (request, response) => {
        if (request.url === '/start')
          response.writeHead(301, { location: `http://inside.example:${port}/secret` }).end();
        else response.writeHead(200).end('internal');
      };
      const { context, lookups } = pretendPublic(['files.example.com']);
      expect(await failure(context.fetchFile(`http://files.example.com:${port}/start`))).toMatchObject({
        kind: 'validation',
      });
      expect(lookups).toEqual(['files.example.com', 'inside.example']);
      expect(requests).toEqual(['/start']);
    });
  });

  describe('redirects', () => {
    const hops = (count: number) => (request: IncomingMessage, response: ServerResponse) => {
      const n = Number(/^\/hop\/(\d+)$/.exec(request.url ?? '')?.[1] ?? Number.NaN);
      if (n < count) response.writeHead(307, { location: `/hop/${n + 1}` }).end();
      else response.writeHead(200, { 'content-disposition': 'attachment; filename="end.pdf"' }).end('end');
    };

    it('follows up to 5 redirects, relative ones included', async () => {
      handler = hops(5);
      const file = await local().fetchFile(`${base}/hop/0`);
      expect(Buffer.from(file.bytes).toString()).toBe('end');
      expect(file.filename).toBe('end.pdf');
      expect(requests).toHaveLength(6);
    });

    it('stops at the sixth', async () => {
      handler = hops(6);
      expect(await failure(local().fetchFile(`${base}/hop/0`))).toMatchObject({
        kind: 'validation',
        details: [{ field: 'file.url', message: 'more than 5 redirects' }],
      });
      expect(requests).toHaveLength(6);
    });

    it('refuses a redirect to another protocol', async () => {
      handler = (_request, response) => response.writeHead(302, { location: 'file:///etc/passwd' }).end();
      expect(await failure(local().fetchFile(`${base}/x`))).toMatchObject({
        kind: 'validation',
        details: [{ field: 'file.url', message: 'redirect to unsupported protocol file:' }],
      });
    });

    it('names the file after the URL given, not where it was redirected', async () => {
      handler = (request, response) => {
        if (request.url === '/report.pdf') response.writeHead(302, { location: '/blob/8f3a' }).end();
        else response.writeHead(200).end('pdf');
      };
      expect((await local().fetchFile(`${base}/report.pdf`)).filename).toBe('report.pdf');
    });
  });

  describe('bodies', () => {
    it('keeps a path segment that is not valid percent-encoding as it is', async () => {
      const file = await local().fetchFile(`${base}/100%.png`);
      expect(file.filename).toBe('100%.png');
      expect((await local().fetchFile(`${base}/my%20card.png`)).filename).toBe('my card.png');
    });

    it('turns a connection reset in the middle of the body into a timeout that did not reach the API', async () => {
      handler = (_request, response) => {
        response.writeHead(200, { 'content-length': '100000' });
        response.write(Buffer.alloc(1000));
        setTimeout(() => response.socket?.destroy(), 20);
      };
      expect(await failure(local().fetchFile(`${base}/a.pdf`))).toMatchObject({
        kind: 'timeout',
        may_have_reached_server: false,
      });
    });

    it('turns a body that stops arriving into a timeout', async () => {
      handler = (_request, response) => {
        response.writeHead(200);
        response.write(Buffer.alloc(1000));
      };
      const error = await failure(local({ timeoutMs: 200 }).fetchFile(`${base}/a.pdf`));
      expect(error).toMatchObject({ kind: 'timeout', may_have_reached_server: false });
      expect(error.message).toMatch(/while reading/);
    });

    it('cancels the body of a response it does not use', async () => {
      let closed: () => void;
      const closedEarly = new Promise<void>((resolve) => {
        closed = resolve;
      });
      handler = (_request, response) => {
        response.writeHead(404);
        // An endless error page: only a cancelled body lets this connection go.
        const timer = setInterval(() => response.write(Buffer.alloc(16 * 1024)), 5);
        response.on('close', () => {
          clearInterval(timer);
          if (!response.writableFinished) closed();
        });
      };
      expect(await failure(local().fetchFile(`${base}/a.pdf`))).toMatchObject({
        kind: 'not_found',
        status: 404,
      });
      await expect(
        Promise.race([
          closedEarly.then(() => 'closed'),
          new Promise((resolve) => setTimeout(() => resolve('still open'), 2000)),
        ]),
      ).resolves.toBe('closed');
    });

    it('refuses a file whose Content-Length is over the cap without reading it', async () => {
      handler = (_request, response) => {
        response.writeHead(200, { 'content-length': '5000' });
        response.write(Buffer.alloc(100));
      };
      expect(await failure(local({ maxBytes: 1000 }).fetchFile(`${base}/a.pdf`))).toMatchObject({
        kind: 'validation',
        details: [{ field: 'file.url', message: 'file too large' }],
      });
    });

    it('refuses a streamed file once it passes the cap', async () => {
      handler = (_request, response) => {
        response.writeHead(200);
        const timer = setInterval(() => response.write(Buffer.alloc(512)), 2);
        response.on('close', () => clearInterval(timer));
      };
      expect(await failure(local({ maxBytes: 4096 }).fetchFile(`${base}/a.pdf`))).toMatchObject({
        kind: 'validation',
        details: [{ field: 'file.url', message: 'file too large' }],
      });
    });
  });
});
