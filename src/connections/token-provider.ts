import { z } from 'zod';
import { BodyTooLargeError, readBoundedText } from './bounded-body.ts';
import type { ConnectionCredentials, ConnectionStore } from './connection-store.ts';

export interface AccessToken {
  token: string;
  expiresAt: Date;
}

export interface TokenProvider {
  /** A token valid for at least the refresh skew: from memory, the store, or the token endpoint. */
  getToken(connectionId: string): Promise<AccessToken>;
  /**
   * Stops handing out a token the API rejected. With `rejectedToken`, a call that arrives
   * after the token was already replaced is a no-op, so many requests failing on the same
   * token cause one refresh, not one each.
   */
  invalidate(connectionId: string, rejectedToken?: string): void;
}

/** The token endpoint refused or failed; carries what Auth0 said. */
export class ConnectionAuthError extends Error {
  override readonly name = 'ConnectionAuthError';
  readonly connectionId: string;
  /** HTTP status of the token endpoint, or null when it gave no response. */
  readonly status: number | null;
  /** Auth0's `error`, e.g. access_denied, invalid_request. */
  readonly error: string | null;
  readonly errorDescription: string | null;
  /** True for failures that may pass (429, 5xx, no response); false when the credentials are at fault. */
  readonly retryable: boolean;

  constructor(
    message: string,
    details: {
      connectionId: string;
      status: number | null;
      error?: string | null;
      errorDescription?: string | null;
      retryable: boolean;
      cause?: unknown;
    },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.connectionId = details.connectionId;
    this.status = details.status;
    this.error = details.error ?? null;
    this.errorDescription = details.errorDescription ?? null;
    this.retryable = details.retryable;
  }
}

export class ConnectionNotFoundError extends Error {
  override readonly name = 'ConnectionNotFoundError';
  constructor(readonly connectionId: string) {
    super(`Connection ${connectionId} does not exist`);
  }
}

const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
  scope: z.string().optional(),
});

const auth0ErrorSchema = z.looseObject({
  error: z.string().optional(),
  error_description: z.string().optional(),
});

/** A token response is a few hundred bytes of JSON; anything near this is not one. */
export const DEFAULT_MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

/** Zocdoc's documented lifetime (§2.1); used only if a response leaves expires_in out. */
const DEFAULT_LIFETIME_SECONDS = 3600;

interface ConnectionTokenState {
  current?: AccessToken;
  flight?: Promise<AccessToken>;
  /** A token the API refused (do not reload it from the store), or FORCE to ignore the store. */
  rejected?: string | typeof FORCE;
}

const FORCE = Symbol('force-refresh');

export function createTokenProvider(deps: {
  store: ConnectionStore;
  fetch?: typeof fetch;
  now?: () => number;
  /** Refresh when less than this remains (default 60 s), so a token cannot expire in flight. */
  refreshSkewSeconds?: number;
  timeoutMs?: number;
  /** Cap on a token response body (default 64 KB). */
  maxResponseBytes?: number;
}): TokenProvider {
  const doFetch = deps.fetch ?? globalThis.fetch;
  const now = deps.now ?? Date.now;
  const skewMs = (deps.refreshSkewSeconds ?? 60) * 1000;
  const timeoutMs = deps.timeoutMs ?? 30_000;
  const maxResponseBytes = deps.maxResponseBytes ?? DEFAULT_MAX_TOKEN_RESPONSE_BYTES;
  const states = new Map<string, ConnectionTokenState>();

  const stateOf = (id: string) => {
    let state = states.get(id);
    if (!state) {
      state = {};
      states.set(id, state);
    }
    return state;
  };
  const fresh = (expiresAt: Date) => expiresAt.getTime() - now() > skewMs;

  async function obtain(connectionId: string, state: ConnectionTokenState): Promise<AccessToken> {
    const credentials = await deps.store.credentials(connectionId);
    if (!credentials) throw new ConnectionNotFoundError(connectionId);
    // Another worker, or this process before a restart, may already hold a good token.
    const stored = credentials.accessToken;
    const storedExpiry = credentials.accessTokenExpiresAt;
    if (
      stored !== null &&
      storedExpiry !== null &&
      fresh(storedExpiry) &&
      state.rejected !== FORCE &&
      state.rejected !== stored
    ) {
      return { token: stored, expiresAt: storedExpiry };
    }
    const token = await requestToken(credentials);
    state.rejected = undefined;
    await deps.store.saveAccessToken(connectionId, token.token, token.expiresAt);
    return token;
  }

  async function requestToken(credentials: ConnectionCredentials): Promise<AccessToken> {
    const connectionId = credentials.id;
    // Taken before the request: the token was issued after this instant, so an expiry
    // counted from here errs on the early side.
    const requestedAt = now();
    const body: Record<string, string> = {
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    };
    if (credentials.audience !== null) body.audience = credentials.audience;
    if (credentials.scope !== null) body.scope = credentials.scope;

    let response: Response;
    let text: string;
    try {
      response = await doFetch(credentials.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        // A followed 307/308 would re-send the client secret to whatever host the
        // Location names; a redirect is refused below instead.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await readBoundedText(response, maxResponseBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        throw new ConnectionAuthError(
          `Token endpoint for connection ${connectionId} answered HTTP ${error.status} with a body over ${error.limit} bytes; it was not read`,
          {
            connectionId,
            status: error.status,
            // The status still says whether the failure may pass; a 2xx this big will not.
            retryable: error.status === 429 || error.status >= 500,
            cause: error,
          },
        );
      }
      const reason = (error as Error).name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : 'failed';
      throw new ConnectionAuthError(
        `Token request for connection ${connectionId} to ${credentials.tokenUrl} ${reason}: no response`,
        { connectionId, status: null, retryable: true, cause: error },
      );
    }

    if (response.status >= 300 && response.status < 400) {
      // The query of a Location could carry anything; the origin and path say enough to fix token_url.
      const location = response.headers.get('location');
      let target = '';
      if (location !== null) {
        try {
          const parsed = new URL(location, credentials.tokenUrl);
          target = ` to ${parsed.origin}${parsed.pathname}`;
        } catch {
          // An unparseable Location is left out of the message.
        }
      }
      throw new ConnectionAuthError(
        `Token endpoint for connection ${connectionId} answered HTTP ${response.status}, a redirect${target}; ` +
          'it is not followed (set token_url to the address it points to)',
        { connectionId, status: response.status, retryable: false },
      );
    }

    const json = parseJson(text);
    if (!response.ok) {
      const auth0 = auth0ErrorSchema.safeParse(json);
      const error = auth0.success ? (auth0.data.error ?? null) : null;
      const errorDescription = auth0.success ? (auth0.data.error_description ?? null) : null;
      const said = [error, errorDescription].filter((s) => s !== null).join(': ');
      throw new ConnectionAuthError(
        `Token request for connection ${connectionId} was refused: HTTP ${response.status}` +
          (said ? ` ${said}` : '') +
          (response.status === 401 ? ' (check client_id, client_secret and environment)' : ''),
        {
          connectionId,
          status: response.status,
          error,
          errorDescription,
          retryable: response.status === 429 || response.status >= 500,
        },
      );
    }

    const parsed = tokenResponseSchema.safeParse(json);
    if (!parsed.success) {
      throw new ConnectionAuthError(
        `Token endpoint for connection ${connectionId} answered HTTP ${response.status} without an access_token`,
        { connectionId, status: response.status, retryable: false },
      );
    }
    const lifetime = parsed.data.expires_in ?? DEFAULT_LIFETIME_SECONDS;
    return { token: parsed.data.access_token, expiresAt: new Date(requestedAt + lifetime * 1000) };
  }

  return {
    getToken(connectionId) {
      const state = stateOf(connectionId);
      if (state.current && fresh(state.current.expiresAt)) return Promise.resolve(state.current);
      // Single flight: everyone who needs a token meanwhile waits on the same request.
      if (!state.flight) {
        const flight = obtain(connectionId, state)
          .then((token) => {
            state.current = token;
            return token;
          })
          .finally(() => {
            if (state.flight === flight) state.flight = undefined;
          });
        state.flight = flight;
      }
      return state.flight;
    },

    invalidate(connectionId, rejectedToken) {
      const state = stateOf(connectionId);
      if (rejectedToken !== undefined) {
        // Already replaced since the caller got its token. A refresh still in flight is
        // left alone: marking the token rejected only stops that flight reusing it.
        if (state.current && state.current.token !== rejectedToken) return;
        state.rejected = rejectedToken;
      } else {
        state.rejected = FORCE;
      }
      state.current = undefined;
    },
  };
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
