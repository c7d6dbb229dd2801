import { describe, expect, it } from 'vitest';
import {
  availabilityUrl,
  DR_BELL_LOOP,
  DR_BELL_VIDEO,
  DR_CHEN_BROOKLYN,
  DR_CHEN_MIDTOWN,
  DR_OKAFOR_MIDTOWN,
  harness,
  ILLNESS,
} from './sandbox-harness.ts';

/** GET /v1/provider_locations (§5.6) and /v1/provider_locations/{id} (§5.7), with §12's values. */

type Harness = Awaited<ReturnType<typeof harness>>;
const search = (h: Harness, query: string) =>
  h.call({ method: 'GET', url: `/v1/provider_locations?${query}` });
const byId = (h: Harness, id: string, query = '') =>
  h.call({ method: 'GET', url: `/v1/provider_locations/${encodeURIComponent(id)}${query}` });

const SKIN_CHECK = 'pc_Dk8sJ2fGh5MnB1vCx6ZqWa';
const DR_QUINN_VIDEO = 'pr_hQ3zN7cV5bW9|lo_nyVideo07';
const magic = (name: string) => `pr_${name}|lo_${name}`;

interface Item {
  provider_location_id: string;
  accepts_patient_insurance: string;
  first_availability_date_in_provider_local_time: string | null;
  location: { distance_to_patient_mi: number } | null;
  booking_requirements: { required_fields: string[]; accepts_booking_requests_from: string[] };
}
const ids = (body: { data: { provider_locations: Item[] } }) =>
  body.data.provider_locations.map((i) => i.provider_location_id);
/** Zocdoc's 16 §12 test provider locations, all primary care, all at one Brooklyn address. */
const MAGIC_NAMES = [
  'pending',
  'confirmed',
  'bookingfailed',
  'cancelled',
  'noshow',
  'pendingreschedule',
  'rescheduled',
  'reschedulefailed',
  'insuranceIdIsRequired',
  'selfPayNotAccepted',
  'acceptsInNetworkOnly',
  'no_availbility',
  'noAcceptedInsurancePla',
  'allInsurancePlansAccep',
  'ip_mapping_level_prac',
  'ip_mapping_level_prov',
];

describe('GET /v1/provider_locations (search)', () => {
  it('finds provider locations near the zip, nearest first, in the paged envelope with object data', async () => {
    const h = await harness();
    const response = await search(h, 'zip_code=10118&specialty_id=sp_153');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      request_id: expect.any(String),
      page: 0,
      page_size: 10,
      // Dr. Chen (two offices), Dr. Okafor and the 16 test provider locations in Brooklyn.
      total_count: 19,
      next_url: 'http://localhost:80/v1/provider_locations?zip_code=10118&specialty_id=sp_153&page=1',
    });
    expect(Object.keys(body.data).sort()).toEqual(['provider_locations', 'search_parameters']);
    // The specialty's default visit reason is used.
    expect(body.data.search_parameters).toEqual({ specialty_id: 'sp_153', visit_reason_id: ILLNESS });
    const items = body.data.provider_locations as Item[];
    expect(items).toHaveLength(10);
    expect(items.slice(0, 2).map((i) => i.provider_location_id)).toEqual([
      DR_CHEN_MIDTOWN,
      DR_OKAFOR_MIDTOWN,
    ]);
    const distances = items.map((i) => i.location?.distance_to_patient_mi ?? Number.NaN);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances[0]).toBe(0);

    expect(items[0]).toEqual({
      provider_location_id: DR_CHEN_MIDTOWN,
      provider_location_type: 'in_person_provider',
      accepts_patient_insurance: 'insurance_not_specified',
      first_availability_date_in_provider_local_time: '2026-11-20',
      provider: expect.objectContaining({
        provider_id: 'pr_aN3kM8vQ2xL7',
        npi: '1245789031',
        full_name: 'Dr. Maya Chen',
        specialties: ['Primary Care Physician (PCP)'],
        credentials: expect.any(Object),
      }),
      location: expect.objectContaining({
        address1: '350 5th Ave',
        zip_code: '10118',
        latitude: 40.7484,
        longitude: -73.9857,
        time_zone: 'America/New_York',
        distance_to_patient_mi: 0,
      }),
      virtual_location: null,
      practice: { practice_id: 'pt_Hk2mV8qLr4TzW1nB5xYc7D', practice_name: 'Hudson Family Medicine' },
      booking_requirements: {
        required_fields: [],
        accepts_booking_requests_from: ['in_network', 'out_of_network', 'self_pay'],
      },
    });
    // Existing patients only: no new-patient first availability.
    expect(items[1]?.first_availability_date_in_provider_local_time).toBeNull();

    const second = (
      await h.call({ method: 'GET', url: body.next_url.replace('http://localhost:80', '') })
    ).json();
    expect(second.page).toBe(1);
    expect(second.data.provider_locations).toHaveLength(9);
    expect(second.next_url).toBe('');
    const all = [...items, ...second.data.provider_locations].map((i) => i.provider_location_id);
    expect(new Set(all).size).toBe(19);
    expect(all).toContain(DR_CHEN_BROOKLYN);
  });

  it('resolves the specialty of a visit reason, and refuses one of another specialty', async () => {
    const h = await harness();
    const body = (await search(h, `zip_code=60606&visit_reason_id=${SKIN_CHECK}`)).json();
    expect(body.data.search_parameters).toEqual({ specialty_id: 'sp_141', visit_reason_id: SKIN_CHECK });
    expect(ids(body)).toEqual(['pr_cJ5hF2dS8gK3|lo_chiLoop03']);
    const both = (await search(h, `zip_code=60606&visit_reason_id=${SKIN_CHECK}&specialty_id=sp_141`)).json();
    expect(both.total_count).toBe(1);

    const mismatch = await search(h, `zip_code=60606&visit_reason_id=${ILLNESS}&specialty_id=sp_141`);
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().errors).toEqual([
      { field: 'visit_reason_id', message: `visit_reason_id ${ILLNESS} does not belong to specialty sp_141` },
    ]);
  });

  it('searches video visits by the zip’s state, and both kinds with visit_type=all', async () => {
    const h = await harness();
    const ny = (await search(h, 'zip_code=10001&specialty_id=sp_153&visit_type=video_visit')).json();
    expect(ny.data.provider_locations).toEqual([
      expect.objectContaining({
        provider_location_id: DR_QUINN_VIDEO,
        provider_location_type: 'virtual_provider',
        location: null,
        virtual_location: {
          state: 'NY',
          location_name: 'Hudson Family Medicine - Video Visits',
          time_zone: 'America/New_York',
        },
      }),
    ]);
    const chicagoAll = (await search(h, 'zip_code=60606&specialty_id=sp_153&visit_type=all')).json();
    expect(ids(chicagoAll)).toEqual([DR_BELL_LOOP, DR_BELL_VIDEO]);
    const chicagoInPerson = (await search(h, 'zip_code=60606&specialty_id=sp_153')).json();
    expect(ids(chicagoInPerson)).toEqual([DR_BELL_LOOP]);
    // A zip far from every office, in a state without video providers.
    const denver = (await search(h, 'zip_code=80202&specialty_id=sp_153&visit_type=all')).json();
    expect(denver.total_count).toBe(0);
  });

  it('limits by max_distance_to_patient_mi', async () => {
    const h = await harness();
    const near = (
      await search(h, 'zip_code=11201&specialty_id=sp_153&max_distance_to_patient_mi=1&page_size=50')
    ).json();
    expect(ids(near).sort()).toEqual(MAGIC_NAMES.map(magic).sort());
    const wider = (await search(h, 'zip_code=11201&specialty_id=sp_153&max_distance_to_patient_mi=5')).json();
    expect(wider.total_count).toBe(19);
  });

  it('fills accepts_patient_insurance and refuses ip_0', async () => {
    const h = await harness();
    const body = (
      await search(h, 'zip_code=11201&specialty_id=sp_153&insurance_plan_id=ip_2224&page_size=50')
    ).json();
    const accepts = new Map(
      (body.data.provider_locations as Item[]).map((i) => [
        i.provider_location_id,
        i.accepts_patient_insurance,
      ]),
    );
    expect(accepts.get(DR_CHEN_MIDTOWN)).toBe('accepted');
    expect(accepts.get(magic('noAcceptedInsurancePla'))).toBe('not_accepted');
    expect(accepts.get(magic('allInsurancePlansAccep'))).toBe('accepted');

    const invalid = await search(h, 'zip_code=11201&specialty_id=sp_153&insurance_plan_id=ip_0');
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toEqual({
      request_id: expect.any(String),
      error_type: 'invalid_request',
      errors: [
        { field: 'insurance_plan_id', message: 'insurance_plan_id ip_0 is not a valid insurance plan' },
      ],
    });
  });

  describe('§12 zip codes', () => {
    it('10112 → 500 api_error', async () => {
      const h = await harness();
      const response = await search(h, 'zip_code=10112&specialty_id=sp_153');
      expect(response.statusCode).toBe(500);
      expect(response.json()).toMatchObject({ request_id: expect.any(String), error_type: 'api_error' });
    });

    it('99734 → an empty result', async () => {
      const h = await harness();
      const response = await search(h, 'zip_code=99734&specialty_id=sp_153&visit_type=all');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        total_count: 0,
        next_url: '',
        data: {
          search_parameters: { specialty_id: 'sp_153', visit_reason_id: ILLNESS },
          provider_locations: [],
        },
      });
    });

    it('11201 → results with booking requirements', async () => {
      const h = await harness();
      const body = (await search(h, 'zip_code=11201&specialty_id=sp_153&page_size=50')).json();
      const items = body.data.provider_locations as Item[];
      const requirements = new Map(items.map((i) => [i.provider_location_id, i.booking_requirements]));
      expect(requirements.get(magic('insuranceIdIsRequired'))).toEqual({
        required_fields: [
          'data.patient.insurance.insurance_plan_id',
          'data.patient.insurance.insurance_member_id',
        ],
        accepts_booking_requests_from: ['in_network', 'out_of_network'],
      });
      expect(requirements.get(magic('selfPayNotAccepted'))).toEqual({
        required_fields: [],
        accepts_booking_requests_from: ['in_network', 'out_of_network'],
      });
      expect(requirements.get(magic('acceptsInNetworkOnly'))).toEqual({
        required_fields: [],
        accepts_booking_requests_from: ['in_network'],
      });
      const noAvailability = items.find((i) => i.provider_location_id === magic('no_availbility'));
      expect(noAvailability?.first_availability_date_in_provider_local_time).toBeNull();
    });
  });

  it('validates every parameter, naming it', async () => {
    const h = await harness();
    const missing = await search(h, '');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([
      { field: 'zip_code', message: 'zip_code is required' },
      { field: 'specialty_id', message: 'specialty_id or visit_reason_id is required' },
    ]);
    const cases: Array<[string, string]> = [
      ['zip_code=1011&specialty_id=sp_153', 'zip_code'],
      ['zip_code=10118-1234&specialty_id=sp_153', 'zip_code'],
      ['zip_code=10118&specialty_id=sp_0', 'specialty_id'],
      ['zip_code=10118&visit_reason_id=pc_nope', 'visit_reason_id'],
      ['zip_code=10118&specialty_id=sp_153&page=11', 'page'],
      ['zip_code=10118&specialty_id=sp_153&page_size=0', 'page_size'],
      ['zip_code=10118&specialty_id=sp_153&page_size=51', 'page_size'],
      ['zip_code=10118&specialty_id=sp_153&visit_type=phone', 'visit_type'],
      ['zip_code=10118&specialty_id=sp_153&max_distance_to_patient_mi=0', 'max_distance_to_patient_mi'],
      ['zip_code=10118&specialty_id=sp_153&max_distance_to_patient_mi=51', 'max_distance_to_patient_mi'],
      ['zip_code=10118&specialty_id=sp_153&insurance_plan_id=ip_123456789', 'insurance_plan_id'],
    ];
    for (const [query, field] of cases) {
      const response = await search(h, query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors[0].field, query).toBe(field);
    }
    const edge = await search(h, 'zip_code=10118&specialty_id=sp_153&page=10&page_size=50');
    expect(edge.statusCode).toBe(200);
    expect(edge.json()).toMatchObject({ page: 10, next_url: '', data: { provider_locations: [] } });
  });

  it('stops next_url at page 10, the last page the endpoint takes', async () => {
    const h = await harness();
    const page9 = (await search(h, 'zip_code=10118&specialty_id=sp_153&page_size=1&page=9')).json();
    expect(page9.next_url).toMatch(/page=10$/);
    const page10 = (await search(h, 'zip_code=10118&specialty_id=sp_153&page_size=1&page=10')).json();
    expect(page10.data.provider_locations).toHaveLength(1);
    expect(page10.total_count).toBe(19);
    expect(page10.next_url).toBe('');
  });
});

describe('GET /v1/provider_locations/{provider_location_id}', () => {
  it('answers one ProviderLocation (no distance), the id percent-encoded or not', async () => {
    const h = await harness();
    const response = await byId(h, DR_CHEN_MIDTOWN);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.request_id).toEqual(expect.any(String));
    expect(body.data.provider_location_id).toBe(DR_CHEN_MIDTOWN);
    expect(body.data.location).not.toHaveProperty('distance_to_patient_mi');
    expect(body.data.accepts_patient_insurance).toBe('insurance_not_specified');
    const literal = await h.call({ method: 'GET', url: `/v1/provider_locations/${DR_CHEN_MIDTOWN}` });
    expect(literal.statusCode).toBe(200);
    expect(literal.json().data).toEqual(body.data);

    const video = (await byId(h, DR_BELL_VIDEO)).json().data;
    expect(video).toMatchObject({
      provider_location_type: 'virtual_provider',
      location: null,
      virtual_location: { state: 'IL', time_zone: 'America/Chicago' },
    });
  });

  it('fills accepts_patient_insurance from insurance_plan_id; ip_0 → 400', async () => {
    const h = await harness();
    expect(
      (await byId(h, DR_CHEN_MIDTOWN, '?insurance_plan_id=ip_2224')).json().data.accepts_patient_insurance,
    ).toBe('accepted');
    expect(
      (await byId(h, DR_CHEN_MIDTOWN, '?insurance_plan_id=ip_2345')).json().data.accepts_patient_insurance,
    ).toBe('not_accepted');
    const invalid = await byId(h, DR_CHEN_MIDTOWN, '?insurance_plan_id=ip_0');
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors[0].field).toBe('insurance_plan_id');
  });

  it('pr_error|lo_error → 500, pr_missing|lo_missing and unknown ids → 404, malformed → 400', async () => {
    const h = await harness();
    const error = await byId(h, 'pr_error|lo_error');
    expect(error.statusCode).toBe(500);
    expect(error.json().error_type).toBe('api_error');
    for (const id of ['pr_missing|lo_missing', 'pr_nobody|lo_nowhere']) {
      const response = await byId(h, id);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        request_id: expect.any(String),
        error_type: 'invalid_request',
        errors: [{ field: 'provider_location_id', message: `Provider location ${id} was not found` }],
      });
    }
    const malformed = await byId(h, 'lo_nyMidtown01');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].field).toBe('provider_location_id');
  });

  it('knows every §12 test provider location', async () => {
    const h = await harness();
    for (const name of MAGIC_NAMES) {
      const response = await byId(h, magic(name));
      expect(response.statusCode, name).toBe(200);
      expect(response.json().data.location.zip_code).toBe('11201');
    }
  });

  it('makes availability fail with 500 for pr_error|lo_error too', async () => {
    const h = await harness();
    const response = await h.call({
      method: 'GET',
      url: availabilityUrl({
        provider_location_ids: `${DR_CHEN_MIDTOWN},pr_error|lo_error`,
        visit_reason_id: ILLNESS,
        patient_type: 'new',
      }),
    });
    expect(response.statusCode).toBe(500);
  });

  it('answers 401 without a token', async () => {
    const h = await harness();
    const response = await h.app.inject({
      method: 'GET',
      url: `/v1/provider_locations/${encodeURIComponent(DR_CHEN_MIDTOWN)}`,
    });
    expect(response.statusCode).toBe(401);
  });
});
