import { z } from 'zod';

/**
 * Output shapes of Zocdoc's directory, insurance, facility, timeslot and schedulable-entity
 * endpoints (../shared/zocdoc-api.md §5–§6, §9). Objects are loose and only the fields the
 * spec marks required are required: Zocdoc adds optional fields every few months, and an
 * action must not fail on a field it does not know or on an optional one left out.
 * Enumerations are read as plain strings for the same reason (live data already showed
 * values beyond the documented lists, §9); their descriptions name the known values.
 */

const stringList = (what: string) => z.array(z.string()).describe(what);

// ── Providers and locations (§6) ────────────────────────────────────────────────────────

export const practiceSchema = z.looseObject({
  practice_id: z.string().describe('Practice id (pt_…)'),
  practice_name: z.string().describe('Practice name'),
});

export const bookingRequirementsSchema = z.looseObject({
  required_fields: stringList(
    'Booking fields this provider requires beyond the usual ones, e.g. data.patient.insurance.insurance_plan_id',
  ),
  accepts_booking_requests_from: stringList('Who may book: in_network, out_of_network and/or self_pay'),
});

export const providerCredentialsSchema = z.looseObject({
  certifications: stringList('Board certifications'),
  education: z
    .looseObject({
      institutions: z.array(z.string()).nullish().describe('Schools and training institutions'),
    })
    .describe('Education'),
});

const baseProviderShape = {
  provider_id: z.string().nullish().describe('Zocdoc provider id (pr_…)'),
  npi: z.string().nullish().describe('The provider’s NPI'),
  first_name: z.string().nullish().describe('First name'),
  last_name: z.string().nullish().describe('Last name'),
  title: z.string().nullish().describe('Title, e.g. Dr.'),
  full_name: z.string().nullish().describe('Full name as Zocdoc shows it'),
  gender_identity: z.string().nullish().describe('Gender identity, e.g. Female, Male, Non-binary'),
  specialties: z.array(z.string()).nullish().describe('Specialty names'),
  specialty_ids: z.array(z.string()).nullish().describe('Specialty ids (sp_…)'),
  default_visit_reason_id: z.string().nullish().describe('The visit reason used when none is given (pc_…)'),
  visit_reason_ids: z.array(z.string()).nullish().describe('Visit reasons the provider offers (pc_…)'),
  statement: z.string().nullish().describe('The provider’s own statement'),
  provider_photo_url: z.string().nullish().describe('Photo URL, protocol-relative (starts with //)'),
  languages: z.array(z.string()).nullish().describe('Languages spoken at the practice'),
  profile_url: z.string().nullish().describe('The provider’s profile page on zocdoc.com'),
  credentials: providerCredentialsSchema.nullish().describe('Certifications and education'),
};

export const baseProviderSchema = z.looseObject(baseProviderShape);

const baseLocationShape = {
  address1: z.string().describe('Street address'),
  address2: z.string().nullish().describe('Suite, floor, etc.'),
  city: z.string().describe('City'),
  state: z.string().describe('Two-letter state code'),
  zip_code: z.string().describe('5-digit zip code'),
  latitude: z.number().describe('Latitude'),
  longitude: z.number().describe('Longitude'),
  location_name: z.string().nullish().describe('Name of the location'),
  phone_number: z.string().nullish().describe('Phone number, digits only (null for some API products)'),
  phone_extension: z.string().nullish().describe('Phone extension, digits only'),
  time_zone: z.string().nullish().describe('IANA time zone, e.g. America/New_York'),
};

export const baseLocationSchema = z.looseObject(baseLocationShape);

const distanceShape = {
  distance_to_patient_mi: z.number().nullish().describe('Distance from the patient, in miles'),
};

export const locationWithDistanceSchema = z.looseObject({ ...baseLocationShape, ...distanceShape });

const virtualLocationShape = {
  state: z.string().describe('Two-letter state code the virtual practice serves'),
  location_name: z.string().nullish().describe('Name of the virtual location'),
  time_zone: z.string().nullish().describe('IANA time zone, e.g. America/New_York'),
};

export const virtualLocationSchema = z.looseObject(virtualLocationShape);

/** What each in-person or virtual location of /v1/providers starts with. */
const providerDetailsLocationShape = {
  provider_location_id: z
    .string()
    .describe('Provider location id (pr_…|lo_…): use it for availability and booking'),
  accepts_patient_insurance: z
    .string()
    .describe('accepted, not_accepted, or insurance_not_specified when no insurance plan was given'),
  booking_requirements: bookingRequirementsSchema.describe('What a booking here must include'),
  first_availability_date_in_provider_local_time: z
    .string()
    .nullish()
    .describe('First date with a slot for new patients (any visit reason), YYYY-MM-DD, up to 90 days out'),
};

export const providerInPersonLocationSchema = z.looseObject({
  ...providerDetailsLocationShape,
  ...baseLocationShape,
  ...distanceShape,
  is_nearest_match: z
    .boolean()
    .nullish()
    .describe('True for the location nearest the latitude/longitude given (only when they were)'),
});

export const providerVirtualLocationSchema = z.looseObject({
  ...providerDetailsLocationShape,
  ...virtualLocationShape,
});

export const providerDetailsSchema = z.looseObject({
  ...baseProviderShape,
  locations: z.array(providerInPersonLocationSchema).describe('In-person locations'),
  virtual_locations: z.array(providerVirtualLocationSchema).describe('Video-visit locations'),
  practice: practiceSchema.describe('The practice the provider belongs to'),
});

export const providersByNpiSchema = z.looseObject({
  npi: z.string().nullish().describe('The NPI searched for'),
  providers: z
    .array(providerDetailsSchema)
    .nullish()
    .describe('Providers with that NPI (usually one; none when it is not in your directory)'),
});

export const providerLocationSchema = z.looseObject({
  provider_location_id: z
    .string()
    .describe('Provider location id (pr_…|lo_…): use it for availability and booking'),
  provider_location_type: z.string().describe('in_person_provider or virtual_provider'),
  accepts_patient_insurance: z
    .string()
    .describe('accepted, not_accepted, or insurance_not_specified when no insurance plan was given'),
  first_availability_date_in_provider_local_time: z
    .string()
    .nullish()
    .describe('First date with a slot for new patients (any visit reason), YYYY-MM-DD, up to 90 days out'),
  provider: baseProviderSchema.describe('The provider'),
  location: locationWithDistanceSchema.nullish().describe('The office (in-person provider locations)'),
  virtual_location: virtualLocationSchema
    .nullish()
    .describe('The virtual location (video-visit provider locations)'),
  practice: practiceSchema.nullish().describe('The practice'),
  booking_requirements: bookingRequirementsSchema.describe('What a booking here must include'),
});

export const searchParametersSchema = z
  .looseObject({
    specialty_id: z
      .string()
      .describe('Specialty searched (derived from the visit reason when none was given)'),
    visit_reason_id: z
      .string()
      .describe('Visit reason searched (the specialty’s default when none was given)'),
  })
  .describe('The specialty and visit reason the search actually used');

export const providerReviewsSchema = z.looseObject({
  provider_id: z.string().describe('Zocdoc provider id'),
  total_reviews: z.number().int().describe('How many reviews the provider has'),
  average_overall_rating: z.number().nullish().describe('Average overall rating, 1–5, one decimal'),
  average_bedside_rating: z.number().nullish().describe('Average bedside-manner rating, 1–5, one decimal'),
  average_wait_time_rating: z.number().nullish().describe('Average wait-time rating, 1–5, one decimal'),
});

// ── Availability (§5.8) ────────────────────────────────────────────────────────────────

export const availabilityTimeslotSchema = z.looseObject({
  start_time: z
    .string()
    .describe(
      'Slot start, ISO-8601 with the provider’s local offset; pass it unchanged to Create Appointment',
    ),
  visit_reason_id: z.string().nullish().describe('Visit reason the slot is for (pc_…)'),
  booking_url: z
    .string()
    .nullish()
    .describe('Link that books this slot on zocdoc.com (no patient data in it)'),
});

export const providerLocationAvailabilitySchema = z.looseObject({
  provider_location_id: z.string().nullish().describe('Provider location id (pr_…|lo_…)'),
  first_availability: availabilityTimeslotSchema
    .nullish()
    .describe('The first free slot (looking past the range when it has none); null when there is none'),
  timeslots: z
    .array(availabilityTimeslotSchema)
    .nullish()
    .describe('Free slots in the date range; empty when there are none'),
});

// ── Insurance (§5.3, §5.9) ─────────────────────────────────────────────────────────────

export const insurancePlanSchema = z.looseObject({
  id: z.string().describe('Insurance plan id (ip_…)'),
  name: z.string().describe('Plan name'),
  carrier: z
    .looseObject({
      id: z.string().describe('Insurance carrier id'),
      name: z.string().describe('Insurance carrier name'),
    })
    .describe('The carrier offering the plan'),
  network_type: z
    .string()
    .describe(
      'hmo, ppo, pos, epo, indemnity, aso, aco, acp, medicare, medicaid, other, uncategorized or hmo_pos',
    ),
  program_type: z
    .string()
    .describe(
      'commercial, commercial_exchange, medicare, medicaid, workers_compensation, uncategorized, ' +
        'medicare_advantage, medicaid_managed_care or federal',
    ),
  status: z.string().describe('active, inactive or deleted'),
  care_categories: z.array(z.string()).describe('health, dental and/or vision'),
  coverage_area: z
    .looseObject({
      is_national: z.boolean().describe('Covers every state'),
      states: z
        .array(z.string())
        .nullish()
        .describe('Two-letter codes of the states covered; null when national'),
    })
    .describe('Where the plan has coverage'),
  ref_metadata: z
    .looseObject({
      created_timestamp_utc: z.string().nullish().describe('When Zocdoc added the plan (UTC)'),
      last_updated_timestamp_utc: z.string().nullish().describe('When Zocdoc last changed the plan (UTC)'),
    })
    .describe('Record timestamps'),
});

export const insuranceMappingsSchema = z.looseObject({
  insurance_plan_mappings: z
    .array(z.looseObject({ insurance_plan_id: z.string().describe('Insurance plan id (ip_…)') }))
    .describe('Insurance plans this provider location accepts'),
  eligible_insurances: z
    .array(
      z.looseObject({
        insurance_carrier_id: z.string().describe('Insurance carrier id'),
        insurance_carrier_networks: z
          .array(
            z.looseObject({
              program_type: z.string().describe('Program type, e.g. commercial or medicare'),
              network_type: z.string().describe('Network type, e.g. hmo or ppo'),
              insurance_plan_ids: z.array(z.string()).describe('Plans of this carrier network (ip_…)'),
            }),
          )
          .describe('The carrier’s networks and their plans'),
      }),
    )
    .describe('Plans that may be mapped to this provider location, by carrier and network'),
});

// ── Facilities (§5.10) ─────────────────────────────────────────────────────────────────

export const facilitySchema = z.looseObject({
  facility_id: z.string().describe('Facility id (a UUID)'),
  name: z.string().describe('Facility name'),
  npi: z.string().nullish().describe('The facility’s NPI'),
  building_type: z.string().nullish().describe('clinic or hospital'),
  specialties: z.array(z.string()).describe('Specialties offered'),
  languages: z.array(z.string()).describe('Languages spoken'),
  visit_reason_ids: z.array(z.string()).describe('Visit reasons offered (pc_…)'),
  default_visit_reason_id: z.string().describe('The visit reason used when none is given (pc_…)'),
  location: baseLocationSchema.describe('Address and coordinates'),
  schedule: z
    .looseObject({
      schedule_id: z.string().describe('Bookable schedule id'),
      provider_location_id: z.string().describe('Provider location id to ask availability for and to book'),
      booking_requirements: bookingRequirementsSchema.describe('What a booking here must include'),
    })
    .describe('The facility’s bookable schedule'),
  practice: practiceSchema.nullish().describe('The practice'),
});

// ── Calendar timeslots (§5.11) ─────────────────────────────────────────────────────────

export const calendarTimeslotSchema = z.looseObject({
  timeslot_id: z.string().describe('Timeslot id (slot:…)'),
  created_utc: z.string().describe('When Zocdoc stored the slot (UTC)'),
  provider_id: z.string().nullish().describe('Provider id (pr_…)'),
  location_id: z.string().nullish().describe('Location id (lo_…)'),
  start_time: z.string().nullish().describe('Local start, YYYY-MM-DDTHH:MM[:SS] (no offset; see time_zone)'),
  time_zone: z.string().nullish().describe('IANA time zone of start_time'),
  allowed_visit_reason_ids: z
    .array(z.string())
    .nullish()
    .describe('Only these visit reasons may book the slot (empty or null: any)'),
  excluded_visit_reason_ids: z
    .array(z.string())
    .nullish()
    .describe('These visit reasons may not book the slot (wins over allowed)'),
  patient_type: z.string().nullish().describe('new or existing; null: both'),
});

// ── Schedulable entities (§5.2) ────────────────────────────────────────────────────────

const availabilityInfoSchema = z.looseObject({
  next_available_utc: z
    .string()
    .nullish()
    .describe('Next free slot (UTC), any visit reason, up to 90 days out; null when none'),
  next_28_days: z.string().describe('none, limited (fewer than 20 slots) or available'),
  url: z.string().describe('API URL of the availability for the default visit reason and this patient type'),
});

export const schedulableEntitySchema = z.looseObject({
  id: z.string().describe('Provider location id (pr_…|lo_…)'),
  npi: z.string().nullish().describe('The provider’s NPI'),
  type: z.string().describe('Entity type: provider_location'),
  go_live_timestamp_utc: z.string().describe('When the entity joined your directory (UTC)'),
  profile_last_modified_timestamp_utc: z
    .string()
    .describe('When the provider or location profile last changed (UTC)'),
  new_patient_availability: availabilityInfoSchema.describe('Availability for new patients'),
  existing_patient_availability: availabilityInfoSchema.describe('Availability for existing patients'),
  time_zone: z.string().nullish().describe('IANA time zone of the location'),
  main_specialty_id: z.string().nullish().describe('Main specialty id (sp_…)'),
  main_specialty_name: z.string().nullish().describe('Main specialty name'),
});

export const recentChangeSummarySchema = z
  .looseObject({
    schedulable_entities_added: stringList('Provider locations activated in the last 72 hours'),
    schedulable_entities_removed: stringList('Provider locations deactivated in the last 72 hours'),
    schedulable_entities_profile_updated: stringList(
      'Provider locations whose profile (NPI, name, specialty, address, default visit reason) changed in the last 72 hours',
    ),
  })
  .describe('What changed in your directory in the last 72 hours');
