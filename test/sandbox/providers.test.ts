import { describe, expect, it } from 'vitest';
import { DR_CHEN_BROOKLYN, DR_CHEN_MIDTOWN, harness, ILLNESS, PHYSICAL } from './sandbox-harness.ts';

/** GET /v1/providers (§5.5, §6, §12 npi values) and GET /v1/providers/{id}/reviews (§5.22). */

type Harness = Awaited<ReturnType<typeof harness>>;
const providers = (h: Harness, query: string) => h.call({ method: 'GET', url: `/v1/providers?${query}` });

const CHEN_NPI = '1245789031';
const OKAFOR_NPI = '1346792587';

describe('GET /v1/providers', () => {
  it('answers per NPI with ProviderDetails: BaseProvider, locations, virtual_locations, practice', async () => {
    const h = await harness();
    const response = await providers(h, `npis=${CHEN_NPI}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.request_id).toEqual(expect.any(String));
    expect(body.data).toHaveLength(1);
    expect(body.data[0].npi).toBe(CHEN_NPI);
    const [chen] = body.data[0].providers;
    expect(chen).toEqual({
      provider_id: 'pr_aN3kM8vQ2xL7',
      npi: CHEN_NPI,
      first_name: 'Maya',
      last_name: 'Chen',
      title: 'Dr.',
      full_name: 'Dr. Maya Chen',
      gender_identity: 'Female',
      specialties: ['Primary Care Physician (PCP)'],
      specialty_ids: ['sp_153'],
      default_visit_reason_id: ILLNESS,
      visit_reason_ids: [ILLNESS, PHYSICAL, expect.any(String)],
      statement: expect.any(String),
      provider_photo_url: expect.stringMatching(/^\/\//),
      languages: ['English', 'Mandarin'],
      profile_url: expect.stringMatching(/^https:\/\/www\.zocdoc\.com\//),
      credentials: {
        certifications: [expect.any(String)],
        education: { institutions: [expect.any(String)] },
      },
      locations: [expect.any(Object), expect.any(Object)],
      virtual_locations: [],
      practice: { practice_id: 'pt_Hk2mV8qLr4TzW1nB5xYc7D', practice_name: 'Hudson Family Medicine' },
    });
    expect(chen.locations[0]).toEqual({
      provider_location_id: DR_CHEN_MIDTOWN,
      accepts_patient_insurance: 'insurance_not_specified',
      booking_requirements: {
        required_fields: [],
        accepts_booking_requests_from: ['in_network', 'out_of_network', 'self_pay'],
      },
      first_availability_date_in_provider_local_time: '2026-11-20',
      address1: '350 5th Ave',
      address2: 'Suite 4100',
      city: 'New York',
      state: 'NY',
      zip_code: '10118',
      latitude: 40.7484,
      longitude: -73.9857,
      location_name: 'Hudson Family Medicine - Midtown',
      phone_number: '2125550143',
      phone_extension: null,
      time_zone: 'America/New_York',
      distance_to_patient_mi: null,
      is_nearest_match: null,
    });
    // Brooklyn is open Tuesdays and Thursdays: Friday's first date there is Tuesday.
    expect(chen.locations[1]).toMatchObject({
      provider_location_id: DR_CHEN_BROOKLYN,
      first_availability_date_in_provider_local_time: '2026-11-24',
    });
  });

  it('keeps request order, one entry per NPI; an unknown NPI has no providers', async () => {
    const h = await harness();
    const body = (await providers(h, `npis=${OKAFOR_NPI},1999999999,${CHEN_NPI}`)).json();
    expect(body.data.map((d: { npi: string }) => d.npi)).toEqual([OKAFOR_NPI, '1999999999', CHEN_NPI]);
    expect(body.data[0].providers[0].full_name).toBe('Dr. Samuel Okafor');
    expect(body.data[1].providers).toEqual([]);
    const park = (await providers(h, 'npis=1783452166')).json().data[0].providers[0];
    expect(park.full_name).toBe('Daniel Park, PA-C');
  });

  it('fills accepts_patient_insurance from the insurance mappings when insurance_plan_id is given', async () => {
    const h = await harness();
    const accepted = (await providers(h, `npis=${CHEN_NPI}&insurance_plan_id=ip_2224`)).json();
    expect(
      accepted.data[0].providers[0].locations.map(
        (l: { accepts_patient_insurance: string }) => l.accepts_patient_insurance,
      ),
    ).toEqual(['accepted', 'accepted']);
    // A California-only plan: not something a New York practice takes.
    const notAccepted = (await providers(h, `npis=${CHEN_NPI}&insurance_plan_id=ip_2345`)).json();
    expect(notAccepted.data[0].providers[0].locations[0].accepts_patient_insurance).toBe('not_accepted');

    for (const plan of ['ip_0', 'ip_77777777']) {
      const response = await providers(h, `npis=${CHEN_NPI}&insurance_plan_id=${plan}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        { field: 'insurance_plan_id', message: `insurance_plan_id ${plan} is not a valid insurance plan` },
      ]);
    }
  });

  it('adds distance and is_nearest_match when latitude and longitude come together', async () => {
    const h = await harness();
    // Near the Brooklyn office.
    const body = (await providers(h, `npis=${CHEN_NPI}&latitude=40.6826&longitude=-73.9789`)).json();
    const [midtown, brooklyn] = body.data[0].providers[0].locations;
    expect(brooklyn.is_nearest_match).toBe(true);
    expect(midtown.is_nearest_match).toBe(false);
    expect(brooklyn.distance_to_patient_mi).toBeLessThan(1);
    expect(midtown.distance_to_patient_mi).toBeGreaterThan(4);
    expect(midtown.distance_to_patient_mi).toBeLessThan(6);
    expect(Math.round(midtown.distance_to_patient_mi * 10)).toBe(midtown.distance_to_patient_mi * 10);

    const onlyLatitude = await providers(h, `npis=${CHEN_NPI}&latitude=40.7`);
    expect(onlyLatitude.statusCode).toBe(400);
    expect(onlyLatitude.json().errors).toEqual([
      { field: 'longitude', message: 'longitude is required when latitude is given' },
    ]);
    const onlyLongitude = await providers(h, `npis=${CHEN_NPI}&longitude=-73.9`);
    expect(onlyLongitude.json().errors[0].field).toBe('latitude');
    for (const [query, field] of [
      ['latitude=91&longitude=0', 'latitude'],
      ['latitude=0&longitude=-180.5', 'longitude'],
      ['latitude=north&longitude=0', 'latitude'],
    ]) {
      const response = await providers(h, `npis=${CHEN_NPI}&${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }
  });

  it('requires npis, at most 50', async () => {
    const h = await harness();
    const missing = await providers(h, '');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([{ field: 'npis', message: 'npis is required' }]);
    const tooMany = Array.from({ length: 51 }, (_, i) => String(1_000_000_000 + i)).join(',');
    const response = await providers(h, `npis=${tooMany}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toEqual({ field: 'npis', message: 'npis must list at most 50 values' });
    const fifty = tooMany.split(',').slice(0, 50).join(',');
    expect((await providers(h, `npis=${fifty}`)).json().data).toHaveLength(50);
  });

  describe('§12 npi values', () => {
    it('npi_error → 500 api_error', async () => {
      const h = await harness();
      const response = await providers(h, `npis=${CHEN_NPI},npi_error`);
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({
        request_id: expect.any(String),
        error_type: 'api_error',
        errors: [{ message: expect.any(String) }],
      });
    });

    it('npi_missing → no providers', async () => {
      const h = await harness();
      const body = (await providers(h, 'npis=npi_missing')).json();
      expect(body.data).toEqual([{ npi: 'npi_missing', providers: [] }]);
    });

    it('npi_multipleproviders → several providers; npi_multiplelocations → one with several locations', async () => {
      const h = await harness();
      const body = (await providers(h, 'npis=npi_multipleproviders,npi_multiplelocations')).json();
      const [multipleProviders, multipleLocations] = body.data;
      expect(multipleProviders.npi).toBe('npi_multipleproviders');
      expect(multipleProviders.providers.length).toBeGreaterThan(1);
      expect(
        new Set(multipleProviders.providers.map((p: { provider_id: string }) => p.provider_id)).size,
      ).toBe(multipleProviders.providers.length);
      expect(multipleLocations.providers).toHaveLength(1);
      expect(multipleLocations.providers[0].locations.length).toBeGreaterThan(1);
    });

    it('npi_allvirtual → one virtual location only; npi_hasvirtual → in person and virtual', async () => {
      const h = await harness();
      const body = (await providers(h, 'npis=npi_allvirtual,npi_hasvirtual')).json();
      const [allVirtual, hasVirtual] = body.data.map((d: { providers: unknown[] }) => d.providers);
      expect(allVirtual).toHaveLength(1);
      expect(allVirtual[0].locations).toEqual([]);
      expect(allVirtual[0].virtual_locations).toEqual([
        {
          provider_location_id: 'pr_hQ3zN7cV5bW9|lo_nyVideo07',
          accepts_patient_insurance: 'insurance_not_specified',
          booking_requirements: expect.any(Object),
          first_availability_date_in_provider_local_time: '2026-11-20',
          state: 'NY',
          location_name: 'Hudson Family Medicine - Video Visits',
          time_zone: 'America/New_York',
        },
      ]);
      expect(hasVirtual).toHaveLength(1);
      expect(hasVirtual[0].locations).toHaveLength(1);
      expect(hasVirtual[0].virtual_locations).toHaveLength(1);
    });

    it('npi_insuranceIdRequired → a location whose booking requires plan and member id', async () => {
      const h = await harness();
      const body = (await providers(h, 'npis=npi_insuranceIdRequired')).json();
      const [location] = body.data[0].providers[0].locations;
      expect(location.provider_location_id).toBe('pr_insuranceIdIsRequired|lo_insuranceIdIsRequired');
      expect(location.booking_requirements.required_fields).toEqual([
        'data.patient.insurance.insurance_plan_id',
        'data.patient.insurance.insurance_member_id',
      ]);
    });
  });
});

describe('GET /v1/providers/{provider_id}/reviews', () => {
  it('gives deterministic ratings from 1 to 5 with one decimal', async () => {
    const h = await harness();
    const response = await h.call({ method: 'GET', url: '/v1/providers/pr_aN3kM8vQ2xL7/reviews' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      request_id: expect.any(String),
      data: {
        provider_id: 'pr_aN3kM8vQ2xL7',
        total_reviews: expect.any(Number),
        average_overall_rating: expect.any(Number),
        average_bedside_rating: expect.any(Number),
        average_wait_time_rating: expect.any(Number),
      },
    });
    expect(body.data.total_reviews).toBeGreaterThan(0);
    for (const key of ['average_overall_rating', 'average_bedside_rating', 'average_wait_time_rating']) {
      const rating = body.data[key] as number;
      expect(rating).toBeGreaterThanOrEqual(1);
      expect(rating).toBeLessThanOrEqual(5);
      expect(
        Number.isInteger(Math.round(rating * 10)) && Math.abs(rating * 10 - Math.round(rating * 10)) < 1e-9,
      ).toBe(true);
    }
    const again = await (await harness()).call({
      method: 'GET',
      url: '/v1/providers/pr_aN3kM8vQ2xL7/reviews',
    });
    expect(again.json().data).toEqual(body.data);
    const other = (await h.call({ method: 'GET', url: '/v1/providers/pr_bT6wR1yP9cZ4/reviews' })).json();
    expect(other.data).not.toEqual({ ...body.data, provider_id: 'pr_bT6wR1yP9cZ4' });
  });

  it('gives null averages to a provider without reviews', async () => {
    const h = await harness();
    const body = (await h.call({ method: 'GET', url: '/v1/providers/pr_hQ3zN7cV5bW9/reviews' })).json();
    expect(body.data).toEqual({
      provider_id: 'pr_hQ3zN7cV5bW9',
      total_reviews: 0,
      average_overall_rating: null,
      average_bedside_rating: null,
      average_wait_time_rating: null,
    });
  });

  it('answers an unknown provider with 404 and a malformed id with 400', async () => {
    const h = await harness();
    const unknown = await h.call({ method: 'GET', url: '/v1/providers/pr_nobody/reviews' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({
      request_id: expect.any(String),
      error_type: 'invalid_request',
      errors: [{ field: 'provider_id', message: 'Provider pr_nobody was not found' }],
    });
    const malformed = await h.call({ method: 'GET', url: '/v1/providers/12345/reviews' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].field).toBe('provider_id');
    expect(
      (await h.app.inject({ method: 'GET', url: '/v1/providers/pr_aN3kM8vQ2xL7/reviews' })).statusCode,
    ).toBe(401);
  });
});
