import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, readBoundedBody, readBoundedText } from '../../src/connections/bounded-body.ts';

/** A response whose body is `chunks`, recording how much of it was pulled and whether it was cancelled. */
function streamed(chunks: Uint8Array[], init: ResponseInit = {}) {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[state.pulled++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { response: new Response(body, init), state };
}

describe('bounded body', () => {
  it('reads a body up to and including the cap', async () => {
    const { response } = streamed([new Uint8Array(600), new Uint8Array(400)]);
    expect((await readBoundedBody(response, 1000)).byteLength).toBe(1000);
  });

  it('decodes text like response.text()', async () => {
    const bytes = new TextEncoder().encode('\uFEFF{"a":"é"}');
    expect(await readBoundedText(new Response(bytes), 100)).toBe('{"a":"é"}');
    expect(await readBoundedText(new Response(null, { status: 204 }), 100)).toBe('');
  });

  it('stops and cancels the stream as soon as the cap is passed', async () => {
    const { response, state } = streamed(
      Array.from({ length: 100 }, () => new Uint8Array(400)),
      {
        status: 502,
      },
    );
    const error = await readBoundedBody(response, 1000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect(error).toMatchObject({ status: 502, limit: 1000, declaredLength: null });
    expect(state.pulled).toBeLessThan(10);
    expect(state.cancelled).toBe(true);
  });

  it('refuses an announced Content-Length over the cap without reading', async () => {
    const { response, state } = streamed([new Uint8Array(10)], { headers: { 'content-length': '5000' } });
    const error = await readBoundedBody(response, 1000).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'BodyTooLargeError', declaredLength: 5000 });
    expect(state.cancelled).toBe(true);
  });

  it('passes an error of the stream through', async () => {
    const failure = new TypeError('terminated');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(10));
        controller.error(failure);
      },
    });
    await expect(readBoundedBody(new Response(body), 1000)).rejects.toBe(failure);
  });
});
