import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/sandbox-app.ts';

/** A sandbox on an injected, movable clock, with helpers for tokens and authorised calls. */

export const CLIENT = { clientId: 'test-client', clientSecret: 'test-secret' };
/** inject() addresses requests to localhost:80, so this is the server's own-origin audience. */
export const OWN_AUDIENCE = 'http://localhost:80/';
export const ZOCDOC_AUDIENCE = 'https://api-developer-sandbox.zocdoc.com/';

/** Friday 2026-11-20, 07:00 in New York: the whole working day is still ahead. */
export const FRIDAY_MORNING = '2026-11-20T12:00:00Z';

export const DR_CHEN_MIDTOWN = 'pr_aN3kM8vQ2xL7|lo_nyMidtown01';
export const DR_CHEN_BROOKLYN = 'pr_aN3kM8vQ2xL7|lo_nyBrooklyn02';
export const DR_OKAFOR_MIDTOWN = 'pr_bT6wR1yP9cZ4|lo_nyMidtown01';
export const DR_BELL_LOOP = 'pr_dL9qW4eR7tY1|lo_chiLoop03';
export const DR_BELL_VIDEO = 'pr_dL9qW4eR7tY1|lo_chiVideo04';
export const PA_PARK_SANTA_MONICA = 'pr_fG7tH1jK5lZ2|lo_laSantaMonica06';
export const DR_NAIR_WILSHIRE = 'pr_eX2vB6nM3kP8|lo_laWilshire05';
export const ILLNESS = 'pc_FRO-18leckytNKtruw5dLR';
export const PHYSICAL = 'pc_TlZW-r06U0W3pCsIGtSI5B';

export const validPatient = () => ({
  first_name: 'Ada',
  last_name: 'Lovelace',
  date_of_birth: '1985-12-10',
  sex_at_birth: 'female',
  phone_number: '2125550143',
  email_address: 'ada@example.com',
  patient_address: { address1: '1 Main St', city: 'New York', state: 'NY', zip_code: '10001' },
  developer_patient_id: 'partner-42',
});

export interface Harness extends Sandbox {
  now(): Date;
  setNow(iso: string): void;
  advance(ms: number): void;
  token(scope?: string): Promise<string>;
  /** inject() with a fresh-or-cached full-scope bearer token unless headers say otherwise. */
  call(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function harness(
  options: { now?: string } & Partial<Omit<SandboxOptions, 'clock'>> = {},
): Promise<Harness> {
  let now = new Date(options.now ?? FRIDAY_MORNING);
  const { now: _ignored, ...rest } = options;
  const sandbox = buildSandbox({ clients: [CLIENT], ...rest, clock: () => now });
  await sandbox.app.ready();
  let cached: string | undefined;

  const token = async (scope?: string) => {
    const response = await sandbox.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: {
        grant_type: 'client_credentials',
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
        audience: ZOCDOC_AUDIENCE,
        ...(scope === undefined ? {} : { scope }),
      },
    });
    if (response.statusCode !== 200) throw new Error(`token: ${response.statusCode} ${response.body}`);
    return response.json().access_token as string;
  };

  return {
    ...sandbox,
    now: () => now,
    setNow: (iso) => {
      now = new Date(iso);
    },
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
    token,
    async call(inject) {
      cached ??= await token();
      return sandbox.app.inject({
        ...inject,
        headers: { authorization: `Bearer ${cached}`, ...(inject.headers ?? {}) },
      });
    },
  };
}

export const availabilityUrl = (params: Record<string, string>) =>
  `/v1/provider_locations/availability?${new URLSearchParams(params).toString()}`;

/** Books through the API; returns the response. */
export function book(h: Harness, data: Record<string, unknown>) {
  return h.call({
    method: 'POST',
    url: '/v1/appointments',
    payload: { appointment_type: 'providers', data: { patient: validPatient(), ...data } },
  });
}

/** The first offered start time for the provider location / visit reason / patient type. */
export async function firstSlot(
  h: Harness,
  providerLocationId: string,
  visitReasonId = ILLNESS,
  patientType = 'new',
): Promise<string> {
  const response = await h.call({
    method: 'GET',
    url: availabilityUrl({
      provider_location_ids: providerLocationId,
      visit_reason_id: visitReasonId,
      patient_type: patientType,
    }),
  });
  const slot = response.json().data[0].timeslots[0]?.start_time;
  if (!slot) throw new Error(`no slot for ${providerLocationId}`);
  return slot as string;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
