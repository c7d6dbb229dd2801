import { BodyTooLargeError, readBoundedBody } from '../connections/bounded-body.ts';
import {
  assertPublicHost,
  type HostLookup,
  NonPublicAddressError,
  systemLookup,
} from '../connections/network-policy.ts';
import type { ActionContext, DownloadedFile } from './action-definition.ts';
import { ActionError } from './action-error.ts';

/** Zocdoc accepts attachments under 100 MB; there is no point downloading more. */
const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

/** Hops followed after the first request; a file host needs one or two (a CDN, a signed URL). */
const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface ActionContextDeps {
  fetch?: typeof fetch;
  maxBytes?: number;
  /** For the whole download: every hop, the name lookups and the body (default 60 s). */
  timeoutMs?: number;
  /**
   * Let file URLs reach loopback, private, link-local and other non-public addresses
   * (default false). The downloaded body is uploaded where the workflow's author can
   * read it back, so a URL of their choosing must not reach what only this server can
   * see (cloud metadata, internal services). Turn on only where every workflow author
   * may read the server's own network, e.g. a file server on the same LAN.
   */
  allowPrivateNetwork?: boolean;
  /** Name resolution used for that check (default: node:dns lookup, all addresses). */
  lookup?: HostLookup;
}

/**
 * The download an upload action needs when its file is given by URL. Only http(s), only
 * public addresses unless allowed (see network-policy.ts, which also says what this
 * cannot stop: DNS rebinding), redirects followed by hand so every hop is checked, and
 * the body read up to a cap so a wrong URL cannot fill the worker's memory.
 */
export function createActionContext(deps: ActionContextDeps = {}): ActionContext {
  const doFetch = deps.fetch ?? globalThis.fetch;
  const maxBytes = deps.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = deps.timeoutMs ?? 60_000;
  const lookupHost = deps.lookup ?? systemLookup;

  /** Refuses a URL this server must not fetch; `label` is how messages name it. */
  async function checkDestination(
    url: URL,
    label: string,
    redirected: boolean,
    signal: AbortSignal,
  ): Promise<void> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      const what = `${redirected ? 'redirect to ' : ''}unsupported protocol ${url.protocol}`;
      throw new ActionError('validation', `Only http and https file URLs can be downloaded (${what})`, {
        details: [{ field: 'file.url', message: what }],
      });
    }
    if (deps.allowPrivateNetwork) return;
    try {
      await abortable(assertPublicHost(url.hostname, lookupHost), signal);
    } catch (error) {
      if (error instanceof NonPublicAddressError) {
        throw new ActionError('validation', `Refusing to download ${label}: ${error.message}`, {
          details: [{ field: 'file.url', message: `${error.message}; only public addresses are allowed` }],
        });
      }
      // The name did not resolve (or not in time): nothing was sent anywhere.
      throw new ActionError('timeout', `Downloading ${label} failed: ${describe(error)}`, {
        mayHaveReachedServer: false,
      });
    }
  }

  return {
    async fetchFile(url: string): Promise<DownloadedFile> {
      let original: URL;
      try {
        original = new URL(url);
      } catch {
        throw new ActionError('validation', `"${url}" is not a URL`, {
          details: [{ field: 'file.url', message: 'not a URL' }],
        });
      }
      // Query strings are left out of messages: signed URLs carry their credentials there.
      const label = `${original.origin}${original.pathname}`;
      const signal = AbortSignal.timeout(timeoutMs);

      let current = original;
      let currentLabel = label;
      let response: Response;
      for (let hop = 0; ; hop++) {
        await checkDestination(current, currentLabel, hop > 0, signal);
        try {
          response = await doFetch(current, { redirect: 'manual', signal });
        } catch (error) {
          throw new ActionError('timeout', `Downloading ${currentLabel} failed: ${describe(error)}`, {
            mayHaveReachedServer: false,
          });
        }
        const location = response.headers.get('location');
        if (!REDIRECT_STATUSES.has(response.status) || location === null) break;
        await response.body?.cancel().catch(() => {});
        if (hop === MAX_REDIRECTS) {
          throw new ActionError(
            'validation',
            `Downloading ${label} took more than ${MAX_REDIRECTS} redirects`,
            {
              details: [{ field: 'file.url', message: `more than ${MAX_REDIRECTS} redirects` }],
            },
          );
        }
        try {
          current = new URL(location, current);
        } catch {
          throw new ActionError('validation', `Downloading ${currentLabel} redirected to an invalid URL`, {
            details: [{ field: 'file.url', message: 'redirect to an invalid URL' }],
          });
        }
        currentLabel = `${label} (redirected to ${current.origin}${current.pathname})`;
      }

      if (!response.ok || !response.body) {
        // Not read: free the connection instead of leaving the body pending.
        await response.body?.cancel().catch(() => {});
        throw new ActionError('not_found', `Downloading ${currentLabel} answered ${response.status}`, {
          status: response.status,
        });
      }
      let bytes: Uint8Array;
      try {
        bytes = await readBoundedBody(response, maxBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          throw new ActionError('validation', `The file at ${label} is over ${maxBytes} bytes`, {
            details: [{ field: 'file.url', message: 'file too large' }],
          });
        }
        // The file host answered, then the body broke off (reset, timeout): the API was not called.
        throw new ActionError(
          'timeout',
          `Downloading ${currentLabel} failed while reading: ${describe(error)}`,
          {
            mayHaveReachedServer: false,
          },
        );
      }
      const disposition = response.headers.get('content-disposition') ?? '';
      const fromHeader = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
      // The name the user gave wins over where a redirect landed (often an opaque storage key).
      const fromPath = lastSegment(original) ?? lastSegment(current);
      return { bytes, contentType: response.headers.get('content-type'), filename: fromHeader ?? fromPath };
    },
  };
}

function lastSegment(url: URL): string | null {
  const raw = url.pathname.split('/').pop() ?? '';
  if (raw === '') return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    // A stray `%` (say `100%.pdf`) is not an encoding; the raw segment is still a name.
    return raw;
  }
}

/** Rejects with the signal's reason when it fires first; dns lookups take no signal. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** fetch says only "fetch failed"; the code along the cause says what happened. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = (error as { code?: unknown } | null)?.code ?? cause?.code;
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
