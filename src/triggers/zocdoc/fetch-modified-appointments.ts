import type { ZocdocAppointment } from '../../actions/zocdoc/zocdoc-schemas.ts';
import type { ConnectionClient } from '../../connections/connection-client.ts';
import {
  AppointmentFetchError,
  type AppointmentPage,
  getAppointmentPage,
  modifiedTime,
} from './appointment-pages.ts';

const PAGE_SIZE = 100;
/** GET /v1/appointments serves at most 1,000 results per query (page ≤ 10, page_size ≤ 100). */
const MAX_RESULTS_PER_QUERY = 1000;

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

function getPage(
  client: ConnectionClient,
  connectionId: string,
  window: { since: Date | null; until?: Date; page: number },
): Promise<AppointmentPage> {
  return getAppointmentPage(client, connectionId, {
    sort_by: 'last_modified_time_utc',
    sort_direction: 'ascending',
    page: window.page,
    page_size: PAGE_SIZE,
    last_modified_time_utc_min: window.since ?? undefined,
    last_modified_time_utc_max: window.until,
  });
}

function floorToSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
