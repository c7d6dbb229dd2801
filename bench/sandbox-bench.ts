import { startSandbox } from '../src/sandbox/sandbox-app.ts';

const APPOINTMENTS = 100_000;
const REPETITIONS = 50;

/**
 * The sandbox at scale: 100,000 appointments, then GET /v1/appointments pages of 100
 * over loopback HTTP, as a client sees them (token check, filter, sort, page, JSON).
 */
export async function benchSandbox() {
  const client = { clientId: 'bench-client', clientSecret: 'bench-secret' };
  const sandbox = await startSandbox({ host: '127.0.0.1', port: 0, clients: [client] });
  try {
    let started = performance.now();
    sandbox.store.bulkCreateAppointments(APPOINTMENTS);
    const bulkMs = performance.now() - started;
    const token = (await (
      await fetch(`${sandbox.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret,
          audience: `${sandbox.url}/`,
        }),
      })
    ).json()) as { access_token: string };

    const page = async (query: string) => {
      const timings: number[] = [];
      for (let i = 0; i < REPETITIONS; i++) {
        started = performance.now();
        const response = await fetch(`${sandbox.url}/v1/appointments?${query}`, {
          headers: { authorization: `Bearer ${token.access_token}` },
        });
        const body = (await response.json()) as { data: unknown[] };
        timings.push(performance.now() - started);
        if (response.status !== 200 || body.data.length !== 100)
          throw new Error(`${query}: ${response.status}`);
      }
      timings.sort((a, b) => a - b);
      const at = (q: number) => Math.round(timings[Math.floor(q * (timings.length - 1))]! * 10) / 10;
      return { median_ms: at(0.5), p95_ms: at(0.95) };
    };

    return {
      appointments: sandbox.store.count(),
      bulk_create_ms: Math.round(bulkMs),
      page_of_100: {
        first_page_default_sort: await page('page_size=100'),
        last_page_by_last_modified: await page(
          'page=9&page_size=100&sort_by=last_modified_time_utc&sort_direction=ascending',
        ),
        status_filter: await page('page_size=100&statuses=confirmed,pending_booking'),
      },
    };
  } finally {
    await sandbox.close();
  }
}
