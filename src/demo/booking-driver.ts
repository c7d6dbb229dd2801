import type { Logger } from 'pino';

/**
 * Plays a patient booking through the sandbox's public Zocdoc API every few seconds
 * (token → availability → POST /v1/appointments), so the demo workflow has something
 * to react to. It talks HTTP only, as any outside client would.
 */
export interface BookingDriver {
  stop(): Promise<void>;
}

interface ProviderLocationSummary {
  provider_location_id: string;
  default_visit_reason_id: string;
  accepts_new_patients?: boolean;
}

export function startBookingDriver(options: {
  sandboxUrl: string;
  clientId: string;
  clientSecret: string;
  intervalMs: number;
  logger: Logger;
  fetch?: typeof fetch;
}): BookingDriver {
  const doFetch = options.fetch ?? globalThis.fetch;
  let token: { value: string; expiresAt: number } | null = null;
  let turn = 0;
  let inFlight: Promise<void> | null = null;

  const call = async (path: string, init: RequestInit = {}): Promise<unknown> => {
    const response = await doFetch(`${options.sandboxUrl}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
    const body = await response.json().catch(() => null);
    if (!response.ok)
      throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${JSON.stringify(body)}`);
    return body;
  };

  const bearer = async (): Promise<string> => {
    if (token && token.expiresAt > Date.now() + 60_000) return token.value;
    const body = (await call('/oauth/token', {
      method: 'POST',
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: options.clientId,
        client_secret: options.clientSecret,
        audience: `${options.sandboxUrl}/`,
      }),
    })) as { access_token: string; expires_in: number };
    token = { value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
    return token.value;
  };

  const bookOne = async () => {
    const listed = (await call('/_sandbox/provider-locations')) as { data?: ProviderLocationSummary[] };
    const locations = (listed.data ?? []).filter((l) => l.accepts_new_patients !== false);
    if (locations.length === 0) throw new Error('the sandbox lists no provider locations');
    const location = locations[turn++ % locations.length]!;
    const auth = { authorization: `Bearer ${await bearer()}` };
    const query = new URLSearchParams({
      provider_location_ids: location.provider_location_id,
      visit_reason_id: location.default_visit_reason_id,
      patient_type: 'new',
    });
    const availability = (await call(`/v1/provider_locations/availability?${query}`, { headers: auth })) as {
      data: Array<{ timeslots: Array<{ start_time: string }> }>;
    };
    const slots = availability.data[0]?.timeslots ?? [];
    if (slots.length === 0) return;
    const slot = slots[Math.floor(Math.random() * Math.min(slots.length, 20))]!;
    const n = turn;
    const booked = (await call('/v1/appointments', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        appointment_type: 'providers',
        data: {
          start_time: slot.start_time,
          visit_reason_id: location.default_visit_reason_id,
          provider_location_id: location.provider_location_id,
          patient_type: 'new',
          notes: 'Booked by the apptflow demo driver',
          patient: {
            first_name: 'Demo',
            last_name: `Patient ${n}`,
            date_of_birth: '1985-04-12',
            sex_at_birth: n % 2 ? 'female' : 'male',
            phone_number: '2125550100',
            email_address: `demo.patient.${n}@example.com`,
            patient_address: { address1: '1 Main St', city: 'New York', state: 'NY', zip_code: '10001' },
            developer_patient_id: `demo-${n}`,
          },
        },
      }),
    })) as { data: { appointment_id: string; appointment_status: string } };
    options.logger.info(
      {
        appointmentId: booked.data.appointment_id,
        status: booked.data.appointment_status,
        start: slot.start_time,
      },
      'demo driver booked an appointment in the sandbox',
    );
  };

  const tick = () => {
    if (inFlight) return;
    inFlight = bookOne()
      .catch((error: unknown) =>
        options.logger.warn({ err: (error as Error).message }, 'demo driver could not book'),
      )
      .finally(() => {
        inFlight = null;
      });
  };
  const timer = setInterval(tick, options.intervalMs);
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
