import type { ZocdocAppointment } from '../../actions/zocdoc/zocdoc-schemas.ts';
import type { ConnectionClient } from '../../connections/connection-client.ts';

export class AppointmentFetchError extends Error {
  override readonly name = 'AppointmentFetchError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface AppointmentPage {
  data: ZocdocAppointment[];
  totalCount: number;
}

/** One page of GET /v1/appointments; instants are sent in the API's own form. */
export async function getAppointmentPage(
  client: ConnectionClient,
  connectionId: string,
  query: {
    sort_by: 'last_modified_time_utc' | 'start_time_utc';
    sort_direction: 'ascending' | 'descending';
    page: number;
    page_size: number;
    last_modified_time_utc_min?: Date | undefined;
    last_modified_time_utc_max?: Date | undefined;
    start_time_utc_min?: Date | undefined;
    start_time_utc_max?: Date | undefined;
  },
): Promise<AppointmentPage> {
  const instant = (date: Date | undefined) => (date ? formatInstant(date) : undefined);
  const response = await client.request(connectionId, {
    method: 'GET',
    path: '/v1/appointments',
    idempotent: true,
    query: {
      sort_by: query.sort_by,
      sort_direction: query.sort_direction,
      page: query.page,
      page_size: query.page_size,
      last_modified_time_utc_min: instant(query.last_modified_time_utc_min),
      last_modified_time_utc_max: instant(query.last_modified_time_utc_max),
      start_time_utc_min: instant(query.start_time_utc_min),
      start_time_utc_max: instant(query.start_time_utc_max),
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

export function modifiedTime(a: ZocdocAppointment): Date {
  return new Date(a.last_modified_time_utc ?? a.created_time_utc ?? Number.NaN);
}

/** The API's documented instant format, e.g. `2024-01-01 00:00:00+00:00`. */
function formatInstant(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}+00:00`;
}
