import type { ZocdocAppointment } from '../../actions/zocdoc/zocdoc-schemas.ts';
import type { ConnectionClient } from '../../connections/connection-client.ts';
import { AppointmentFetchError, type AppointmentPage, getAppointmentPage } from './appointment-pages.ts';

const PAGE_SIZE = 100;
const MAX_RESULTS_PER_QUERY = 1000;
/** Below this a window is not split further: that many bookings in one minute is not a clinic. */
const SMALLEST_WINDOW_MS = 60_000;

/**
 * Every appointment starting within [from, to], whatever its modification time: the
 * reconciliation sweep's read. A window holding more than the API's 1,000-result cap is
 * split in halves until each part fits; each part is read by offset pages in start-time
 * order (start times rarely move while we read, and whatever does is caught by the
 * incremental poll anyway).
 */
export async function fetchAppointmentsStartingBetween(
  client: ConnectionClient,
  connectionId: string,
  from: Date,
  to: Date,
): Promise<ZocdocAppointment[]> {
  const byId = new Map<string, ZocdocAppointment>();
  const windows: Array<[Date, Date]> = [[from, to]];
  while (windows.length > 0) {
    const [start, end] = windows.pop()!;
    const first = await page(client, connectionId, start, end, 0);
    if (first.totalCount > MAX_RESULTS_PER_QUERY) {
      const span = end.getTime() - start.getTime();
      if (span <= SMALLEST_WINDOW_MS) {
        throw new AppointmentFetchError(
          `More than ${MAX_RESULTS_PER_QUERY} appointments start within ${start.toISOString()}–${end.toISOString()}`,
        );
      }
      const middle = new Date(start.getTime() + Math.floor(span / 2));
      windows.push([start, middle], [middle, end]);
      continue;
    }
    for (const a of first.data) byId.set(a.appointment_id, a);
    for (let p = 1; p * PAGE_SIZE < first.totalCount; p++) {
      for (const a of (await page(client, connectionId, start, end, p)).data) byId.set(a.appointment_id, a);
    }
  }
  return [...byId.values()];
}

function page(
  client: ConnectionClient,
  connectionId: string,
  start: Date,
  end: Date,
  pageNumber: number,
): Promise<AppointmentPage> {
  return getAppointmentPage(client, connectionId, {
    sort_by: 'start_time_utc',
    sort_direction: 'ascending',
    page: pageNumber,
    page_size: PAGE_SIZE,
    start_time_utc_min: start,
    start_time_utc_max: end,
  });
}
