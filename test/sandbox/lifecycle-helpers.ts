import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { book, DR_CHEN_MIDTOWN, firstSlot, type Harness, ILLNESS } from './sandbox-harness.ts';

/** Helpers for the lifecycle, auth, webhook and fault tests (on top of sandbox-harness.ts). */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const PENDING_FIXTURE = '2b29f79b-6d7f-472a-9603-d0c378bc9531';
export const CONFIRMED_FIXTURE = 'd2ee5bd8-643a-42c8-8c5a-be450e903430';
export const CONFIRMED_EXISTING_FIXTURE = '423e6a11-8dac-4873-b933-d8d02f9a370f';
export const BOOKING_FAILED_FIXTURE = '34e4ead3-ca69-4448-9438-58702dd1048f';
export const CANCELLED_FIXTURE = '21990114-ea71-4d7d-9d1e-00c43ae44bcd';
export const NO_SHOW_FIXTURE = 'a0a7770d-e667-416c-9f06-9c3b40a7bb84';
export const PENDING_RESCHEDULE_FIXTURE = '63f995c2-49c4-40c8-a93a-140fb32e913b';
export const RESCHEDULED_FIXTURE = '8507d05f-cbe5-4732-b72a-22add9c80120';
export const RESCHEDULE_FAILED_FIXTURE = '84d04f67-b2cf-4afd-ab64-193072498ed5';
export const NOT_FOUND_ID = '83f5cf14-3eb1-4034-be1f-e7c3058aad21';
export const ERROR_ID = 'dc69a428-8a73-461b-bd7b-df755910a3fb';
export const SEVERAL_ATTACHMENTS_ID = '08399012-db42-4f0b-92a5-4fbceffcbd58';

/** Books the first free slot at Dr. Chen's Midtown location; returns the appointment id. */
export async function bookFirst(
  h: Harness,
  extra: Record<string, unknown> = {},
  providerLocationId = DR_CHEN_MIDTOWN,
): Promise<string> {
  const response = await book(h, {
    start_time: await firstSlot(h, providerLocationId),
    visit_reason_id: ILLNESS,
    provider_location_id: providerLocationId,
    patient_type: 'new',
    ...extra,
  });
  if (response.statusCode !== 200) throw new Error(`booking: ${response.statusCode} ${response.body}`);
  return response.json().data.appointment_id as string;
}

/** The offered start times at a provider location (first week), in order. */
export async function slots(h: Harness, providerLocationId = DR_CHEN_MIDTOWN): Promise<string[]> {
  const response = await h.call({
    method: 'GET',
    url: `/v1/provider_locations/availability?${new URLSearchParams({
      provider_location_ids: providerLocationId,
      visit_reason_id: ILLNESS,
      patient_type: 'new',
    })}`,
  });
  return (response.json().data[0].timeslots as Array<{ start_time: string }>).map((t) => t.start_time);
}

export const status = async (h: Harness, id: string): Promise<string> =>
  (await h.call({ method: 'GET', url: `/v1/appointments/${id}` })).json().data.appointment_status;

export const admin = (
  h: Harness,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
) =>
  h.app.inject({
    method,
    url: `/_sandbox${url}`,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

/** Polls until `check` returns a value other than undefined (or times out). */
export async function waitFor<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface Received {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

/**
 * A real HTTP receiver on 127.0.0.1:0 that keeps every request's headers and raw body.
 * `respond` decides the answer (default 200), or may delay it.
 */
export async function startReceiver(
  respond: (received: Received, n: number) => Promise<number> | number = () => 200,
): Promise<{ url: string; received: Received[]; app: FastifyInstance; close(): Promise<void> }> {
  const app = Fastify();
  const received: Received[] = [];
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
  app.post('/*', async (request, reply) => {
    const item = { headers: { ...request.headers }, rawBody: request.body as string };
    received.push(item);
    const code = await respond(item, received.length);
    return reply.code(code).send({ ok: code < 400 });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/hooks/zocdoc`,
    received,
    app,
    close: () => app.close(),
  };
}
