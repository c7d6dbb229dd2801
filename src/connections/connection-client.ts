import { BodyTooLargeError, readBoundedText } from './bounded-body.ts';
import type { ConnectionStore } from './connection-store.ts';
import {
  ConnectionAuthError,
  ConnectionNotFoundError,
  createTokenProvider,
  type TokenProvider,
} from './token-provider.ts';

export { ConnectionAuthError, ConnectionNotFoundError };

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below the connection's base URL, e.g. `/v1/appointments/<id>`; already percent-encoded. */
  path: string;
  /** undefined values are left out; lists are the caller's comma-joined strings. */
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON when present; a FormData is sent as multipart/form-data. */
  body?: unknown;
  /** Safe to send twice? Decides whether 5xx and ambiguous failures are retried. */
  idempotent: boolean;
  timeoutMs?: number;
}

export interface UpstreamResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON, or null when the body is empty or not JSON. */
  body: unknown;
  text: string;
  /** The body's request_id, which Zocdoc support asks for. */
  requestId: string | null;
  /** HTTP requests sent for this call, retries included. */
  attempts: number;
}

/** No HTTP response at all. `mayHaveReachedServer` says whether the upstream could have acted on it. */
export class UpstreamNoResponseError extends Error {
  override readonly name = 'UpstreamNoResponseError';
  readonly kind: 'timeout' | 'network';
  readonly mayHaveReachedServer: boolean;
  readonly attempts: number;

  constructor(
    message: string,
    details: {
      kind: 'timeout' | 'network';
      mayHaveReachedServer: boolean;
      attempts: number;
      cause?: unknown;
    },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = details.kind;
    this.mayHaveReachedServer = details.mayHaveReachedServer;
    this.attempts = details.attempts;
  }
}

/**
 * An HTTP response came, but its body was over the client's cap, so it was not read. The
 * request did reach the server (it answered); the answer is unusable. Not retried.
 */
export class UpstreamResponseTooLargeError extends Error {
  override readonly name = 'UpstreamResponseTooLargeError';
  readonly status: number;
  /** The cap in bytes. */
  readonly limit: number;
  readonly attempts: number;

  constructor(
    message: string,
    details: { status: number; limit: number; attempts: number; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.limit = details.limit;
    this.attempts = details.attempts;
  }
}

/** Far above any Zocdoc page; only a broken or hostile upstream sends more. */
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

export interface ConnectionClient {
  /**
   * Every HTTP response comes back as a value, after the retry policy (README.md); a 3xx
   * is returned, never followed. Throws UpstreamNoResponseError when no response came,
   * UpstreamResponseTooLargeError when its body was over the cap, ConnectionAuthError
   * when no token could be had, ConnectionNotFoundError for an unknown connection.
   */
  request(connectionId: string, req: UpstreamRequest): Promise<UpstreamResponse>;
}

export interface RetryOptions {
  /** Attempts under the backoff policy (default 4). The one re-send after a 401 does not count. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export function createConnectionClient(deps: {
  store: ConnectionStore;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  retry?: RetryOptions;
  timeoutMs?: number;
  /** Cap on an API response body (default 20 MB). */
  maxResponseBytes?: number;
  tokenRefreshSkewSeconds?: number;
  /** Cap on a token response body (default 64 KB); ignored when `tokens` is given. */
  maxTokenResponseBytes?: number;
  /** Share one across clients of a process; by default each client has its own. */
  tokens?: TokenProvider;
}): ConnectionClient {
  const doFetch = deps.fetch ?? globalThis.fetch;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = deps.random ?? Math.random;
  const maxAttempts = Math.max(1, deps.retry?.maxAttempts ?? 4);
  const baseDelayMs = deps.retry?.baseDelayMs ?? 250;
  const maxDelayMs = deps.retry?.maxDelayMs ?? 10_000;
  const defaultTimeoutMs = deps.timeoutMs ?? 30_000;
  const maxResponseBytes = deps.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const tokens =
    deps.tokens ??
    createTokenProvider({
      store: deps.store,
      fetch: doFetch,
      now,
      refreshSkewSeconds: deps.tokenRefreshSkewSeconds,
      timeoutMs: defaultTimeoutMs,
      maxResponseBytes: deps.maxTokenResponseBytes,
    });
  // Base URLs change rarely and a lookup per request would be a query per request.
  const baseUrls = new Map<string, string>();

  /** Full jitter: uniformly random below the exponential cap, so clients that failed together spread out. */
  function backoff(retryNumber: number, retryAfter: string | null): number {
    const requested = retryAfter === null ? null : parseRetryAfter(retryAfter, now());
    if (requested !== null) return Math.min(requested, maxDelayMs);
    const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (retryNumber - 1));
    return Math.floor(random() * cap);
  }

  async function baseUrlOf(connectionId: string): Promise<string> {
    const cached = baseUrls.get(connectionId);
    if (cached !== undefined) return cached;
    const credentials = await deps.store.credentials(connectionId);
    if (!credentials) throw new ConnectionNotFoundError(connectionId);
    baseUrls.set(connectionId, credentials.baseUrl);
    return credentials.baseUrl;
  }

  return {
    async request(connectionId, req) {
      const url = buildUrl(await baseUrlOf(connectionId), req.path, req.query);
      const timeoutMs = req.timeoutMs ?? defaultTimeoutMs;
      const headers: Record<string, string> = { accept: 'application/json' };
      // FormData goes as multipart (fetch writes the boundary header); anything else as JSON.
      const body =
        req.body === undefined
          ? undefined
          : req.body instanceof FormData
            ? req.body
            : JSON.stringify(req.body);
      if (typeof body === 'string') headers['content-type'] = 'application/json';

      let limit = maxAttempts;
      let reauthorised = false;
      let sent = 0;
      for (let attempt = 1; ; attempt++) {
        const mayRetry = attempt < limit;

        let token: string;
        try {
          token = (await tokens.getToken(connectionId)).token;
        } catch (error) {
          // A token request is always safe to repeat; only transient failures are worth it.
          if (error instanceof ConnectionAuthError && error.retryable && mayRetry) {
            await sleep(backoff(attempt, null));
            continue;
          }
          throw error;
        }

        sent++;
        let response: Response;
        let text: string;
        try {
          response = await doFetch(url, {
            method: req.method,
            headers: { ...headers, authorization: `Bearer ${token}` },
            body,
            // Following a 307/308 would re-send the body (patient data) to wherever the
            // Location points, another host included; a 3xx is returned as the answer.
            redirect: 'manual',
            signal: AbortSignal.timeout(timeoutMs),
          });
          text = await readBoundedText(response, maxResponseBytes);
        } catch (error) {
          if (error instanceof BodyTooLargeError) {
            // The server answered; asking again would most likely bring the same flood.
            throw new UpstreamResponseTooLargeError(
              `${req.method} ${url.split('?')[0]} answered HTTP ${error.status} with a body over ${error.limit} bytes; it was not read`,
              { status: error.status, limit: error.limit, attempts: sent, cause: error },
            );
          }
          const failure = classifyFailure(error);
          // What never reached the server cannot have been acted on, so it is safe to
          // resend even a create; anything else could have been, and only an idempotent
          // request may go twice.
          if (mayRetry && (!failure.mayHaveReachedServer || req.idempotent)) {
            await sleep(backoff(attempt, null));
            continue;
          }
          const what =
            failure.kind === 'timeout' ? `timed out after ${timeoutMs} ms` : `failed: ${failure.detail}`;
          const reached = failure.mayHaveReachedServer
            ? 'the server may have received it'
            : 'it never reached the server';
          // The query is left out of the message: it can carry patient data, and messages get logged.
          throw new UpstreamNoResponseError(
            `${req.method} ${url.split('?')[0]} ${what} after ${sent} attempt${sent === 1 ? '' : 's'}; ${reached}`,
            {
              kind: failure.kind,
              mayHaveReachedServer: failure.mayHaveReachedServer,
              attempts: sent,
              cause: error,
            },
          );
        }

        const result = toUpstreamResponse(response, text, sent);
        if (response.status === 401 && !reauthorised) {
          // Tokens can be revoked or rotated before their stated expiry: one fresh token
          // and one re-send, outside the backoff budget. A second 401 is the answer.
          reauthorised = true;
          limit++;
          tokens.invalidate(connectionId, token);
          continue;
        }
        if (mayRetry && shouldRetry(response.status, req.idempotent)) {
          await sleep(backoff(attempt, response.headers.get('retry-after')));
          continue;
        }
        return result;
      }
    },
  };
}

/** 429 and 503 mean the request was not processed; other 5xx may have been half-done. */
function shouldRetry(status: number, idempotent: boolean): boolean {
  if (status === 429 || status === 503) return true;
  return idempotent && (status === 500 || status === 502 || status === 504);
}

export function buildUrl(baseUrl: string, path: string, query: UpstreamRequest['query'] | undefined): string {
  // Plain concatenation keeps a path prefix in the base URL, which `new URL(path, base)` drops.
  let url = baseUrl.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
  if (query) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) params.append(name, String(value));
    }
    const search = params.toString();
    if (search !== '') url += (url.includes('?') ? '&' : '?') + search;
  }
  return url;
}

/** Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string, nowMs: number): number | null {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

function toUpstreamResponse(response: Response, text: string, attempts: number): UpstreamResponse {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  let body: unknown = null;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      // An HTML error page from a proxy, say: the text is still there for the record.
    }
  }
  const requestId =
    body !== null &&
    typeof body === 'object' &&
    typeof (body as { request_id?: unknown }).request_id === 'string'
      ? (body as { request_id: string }).request_id
      : null;
  return { status: response.status, headers, body, text, requestId, attempts };
}

/**
 * Codes that mean the connection was never established, so no byte of the request left
 * this host: name resolution failed, nobody listening, no route, TLS refused before any
 * application data.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function classifyFailure(error: unknown): {
  kind: 'timeout' | 'network';
  mayHaveReachedServer: boolean;
  detail: string;
} {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    // The timer does not say which phase it interrupted; assume the worst.
    return { kind: 'timeout', mayHaveReachedServer: true, detail: 'timed out' };
  }
  const codes = errorCodes(error);
  const notSent = codes.length > 0 && codes.every((code) => NOT_SENT_CODES.has(code));
  const detail = codes.length > 0 ? codes.join(', ') : error instanceof Error ? error.message : String(error);
  return { kind: 'network', mayHaveReachedServer: !notSent, detail };
}

/** Error codes along the cause chain; undici nests them, and happy-eyeballs aggregates one per address. */
function errorCodes(error: unknown, depth = 0): string[] {
  if (depth > 5 || error === null || typeof error !== 'object') return [];
  const codes: string[] = [];
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (Array.isArray(errors)) {
    for (const inner of errors) codes.push(...errorCodes(inner, depth + 1));
  } else if (cause !== undefined) {
    codes.push(...errorCodes(cause, depth + 1));
  }
  // An inner code says what happened; an outer one only when nothing deeper has one.
  if (codes.length === 0 && typeof code === 'string') codes.push(code);
  return codes;
}
