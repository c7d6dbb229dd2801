import type { ZocdocAppointment } from '../../actions/zocdoc/zocdoc-schemas.ts';
import type { ConnectionClient } from '../../connections/connection-client.ts';

const PAGE_SIZE = 100;
/** GET /v1/appointments serves at most 1,000 results per query (page ≤ 10, page_size ≤ 100). */
const MAX_RESULTS_PER_QUERY = 1000;

export class AppointmentFetchError extends Error {
  override readonly name = 'AppointmentFetchError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Every appointment modified at or after `modifiedSince` (all of them when null).
 *
 * Keyset paging on last_modified_time_utc, ascending: each query asks for page 0 from
 * the newest timestamp seen so far, so an appointment modified while we read simply
 * moves later and is read again — offset paging would shift rows across page borders
 * and silently skip one. No query needs more than the API's 1,000-result cap; when more
 * than a page shares one second, that second is read by offset pages on its own.
 */
export async function fetchModifiedAppointments(
  client: ConnectionClient,
  connectionId: string,
  modifiedSince: Date | null,
): Promise<ZocdocAppointment[]> {
  const byId = new Map<string, ZocdocAppointment>();
  let since = modifiedSince ? floorToSecond(modifiedSince) : null;
  for (;;) {
    const page = await getPage(client, connectionId, { since, page: 0 });
    for (const a of page.data) byId.set(a.appointment_id, a);
    if (page.data.length < PAGE_SIZE) break;
    const lastSecond = floorToSecond(modifiedTime(page.data[page.data.length - 1]!));
    if (since && lastSecond.getTime() === since.getTime()) {
      // A full page within one second: read that second by offsets, then move past it.
      await readWholeSecond(client, connectionId, since, byId);
      since = new Date(since.getTime() + 1000);
    } else {
      since = lastSecond;
    }
  }
  return [...byId.values()];
}

async function readWholeSecond(
  client: ConnectionClient,
  connectionId: string,
  second: Date,
  byId: Map<string, ZocdocAppointment>,
): Promise<void> {
  // The API's filters have second precision; reaching to the next second (inclusive) reads
  // a few rows twice, which the caller's map by id absorbs.
  const until = new Date(second.getTime() + 1000);
  for (let page = 0; page * PAGE_SIZE < MAX_RESULTS_PER_QUERY; page++) {
    const result = await getPage(client, connectionId, { since: second, until, page });
    if (result.totalCount > MAX_RESULTS_PER_QUERY) {
      throw new AppointmentFetchError(
        `More than ${MAX_RESULTS_PER_QUERY} appointments were modified within ${second.toISOString()}; ` +
          'the API cannot page past that within one second.',
      );
    }
    for (const a of result.data) byId.set(a.appointment_id, a);
    if ((page + 1) * PAGE_SIZE >= result.totalCount) return;
  }
}

async function getPage(
  client: ConnectionClient,
  connectionId: string,
  window: { since: Date | null; until?: Date; page: number },
): Promise<{ data: ZocdocAppointment[]; totalCount: number }> {
  const response = await client.request(connectionId, {
    method: 'GET',
    path: '/v1/appointments',
    idempotent: true,
    query: {
      sort_by: 'last_modified_time_utc',
      sort_direction: 'ascending',
      page: window.page,
      page_size: PAGE_SIZE,
      last_modified_time_utc_min: window.since ? formatInstant(window.since) : undefined,
      last_modified_time_utc_max: window.until ? formatInstant(window.until) : undefined,
    },
  });
  if (response.status !== 200) {
    throw new AppointmentFetchError(
      `GET /v1/appointments answered ${response.status} (request_id ${response.requestId ?? 'none'})`,
      response.status,
    );
  }
  const body = response.body as { data?: unknown; total_count?: unknown } | null;
  if (!body || !Array.isArray(body.data)) {
    throw new AppointmentFetchError('GET /v1/appointments answered without a data array');
  }
  const data = body.data as ZocdocAppointment[];
  for (const a of data) {
    if (typeof a?.appointment_id !== 'string' || Number.isNaN(modifiedTime(a).getTime())) {
      throw new AppointmentFetchError(
        'GET /v1/appointments returned an item without appointment_id or a valid last_modified_time_utc',
      );
    }
  }
  return { data, totalCount: typeof body.total_count === 'number' ? body.total_count : data.length };
}

function modifiedTime(a: ZocdocAppointment): Date {
  return new Date(a.last_modified_time_utc ?? a.created_time_utc ?? Number.NaN);
}

function floorToSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** The API's documented instant format, e.g. `2024-01-01 00:00:00+00:00`. */
function formatInstant(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}+00:00`;
}
