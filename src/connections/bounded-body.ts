/**
 * Reading a response body with a byte cap. `response.text()` buffers whatever the other
 * side sends, so a hostile or broken server could exhaust the worker's memory.
 */

/** The body is longer than the cap; nothing past the cap was kept. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(
    /** HTTP status of the response whose body was refused. */
    readonly status: number,
    readonly limit: number,
    /** The Content-Length, when that alone was over the cap. */
    readonly declaredLength: number | null,
  ) {
    super(
      declaredLength === null
        ? `The response body is over ${limit} bytes`
        : `The response body is ${declaredLength} bytes, over the limit of ${limit}`,
    );
  }
}

/**
 * The whole body, or BodyTooLargeError as soon as more than `maxBytes` arrived (or were
 * announced by Content-Length, which is checked first). The stream is cancelled when
 * refused, so the connection is not left draining. Errors of the stream itself (reset,
 * abort, timeout) are thrown as the stream threw them.
 */
export async function readBoundedBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = response.headers.get('content-length')?.trim();
  // With content-encoding this is the compressed size; the streamed count below still
  // applies to what decompression yields.
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new BodyTooLargeError(response.status, maxBytes, Number(declared));
  }
  if (response.body === null) return new Uint8Array(0);

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw new BodyTooLargeError(response.status, maxBytes, null);
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  }

  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** readBoundedBody decoded as UTF-8, as `response.text()` would (BOM dropped, bad bytes replaced). */
export async function readBoundedText(response: Response, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBoundedBody(response, maxBytes));
}
