import type { ActionContext, DownloadedFile } from './action-definition.ts';
import { ActionError } from './action-error.ts';

/** Zocdoc accepts attachments under 100 MB; there is no point downloading more. */
const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

/**
 * The download an upload action needs when its file is given by URL. Only http(s);
 * the body is read up to a cap, so a wrong URL cannot fill the worker's memory.
 */
export function createActionContext(
  deps: { fetch?: typeof fetch; maxBytes?: number; timeoutMs?: number } = {},
): ActionContext {
  const doFetch = deps.fetch ?? globalThis.fetch;
  const maxBytes = deps.maxBytes ?? DEFAULT_MAX_BYTES;
  return {
    async fetchFile(url: string): Promise<DownloadedFile> {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new ActionError('validation', `"${url}" is not a URL`, {
          details: [{ field: 'file.url', message: 'not a URL' }],
        });
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new ActionError('validation', 'Only http and https file URLs can be downloaded', {
          details: [{ field: 'file.url', message: `unsupported protocol ${parsed.protocol}` }],
        });
      }
      let response: Response;
      try {
        response = await doFetch(parsed, { signal: AbortSignal.timeout(deps.timeoutMs ?? 60_000) });
      } catch (error) {
        throw new ActionError(
          'timeout',
          `Downloading ${parsed.origin}${parsed.pathname} failed: ${(error as Error).message}`,
          {
            mayHaveReachedServer: false,
          },
        );
      }
      if (!response.ok || !response.body) {
        throw new ActionError(
          'not_found',
          `Downloading ${parsed.origin}${parsed.pathname} answered ${response.status}`,
          {
            status: response.status,
          },
        );
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          await response.body.cancel().catch(() => {});
          throw new ActionError(
            'validation',
            `The file at ${parsed.origin}${parsed.pathname} is over ${maxBytes} bytes`,
            {
              details: [{ field: 'file.url', message: 'file too large' }],
            },
          );
        }
        chunks.push(chunk);
      }
      const bytes = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
      }
      const disposition = response.headers.get('content-disposition') ?? '';
      const fromHeader = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
      const fromPath = decodeURIComponent(parsed.pathname.split('/').pop() ?? '') || null;
      return { bytes, contentType: response.headers.get('content-type'), filename: fromHeader ?? fromPath };
    },
  };
}
