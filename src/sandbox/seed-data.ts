import type { AppointmentStatus } from './appointment-state-machine.ts';
import type {
  BookingRequirements,
  DirectorySeed,
  Location,
  PatientType,
  Provider,
  ProviderLocationSeed,
} from './directory.ts';
import {
  ACCEPTS_IN_NETWORK_ONLY,
  ALL_VIRTUAL_NPI,
  HAS_VIRTUAL_NPI,
  INSURANCE_ID_REQUIRED,
  INSURANCE_ID_REQUIRED_NPI,
  MULTIPLE_LOCATIONS_NPI,
  MULTIPLE_PROVIDERS_NPI,
  magicProviderLocationNames,
  NO_AVAILABILITY,
  SELF_PAY_NOT_ACCEPTED,
} from './magic-values.ts';
import type { Patient } from './patient-validation.ts';

/**
 * The sandbox's deterministic seed. Nothing here is random: ids, NPIs (valid check
 * digits), addresses and schedules are fixed; appointment times are placed relative to
 * the injected clock when the store seeds itself.
 */

export const SAMPLE_VISIT_REASON_ILLNESS = 'pc_FRO-18leckytNKtruw5dLR';
export const SAMPLE_VISIT_REASON_PHYSICAL = 'pc_TlZW-r06U0W3pCsIGtSI5B';
const FOLLOW_UP = 'pc_Vm3kQ9wXz2LpR7tYc4NbHe';
const SKIN_CHECK = 'pc_Dk8sJ2fGh5MnB1vCx6ZqWa';
const ACNE = 'pc_Ac4pL7yTr9EwQ3uIo8SdKf';
const DENTAL_CLEANING = 'pc_Tn6gH1jKl4ZxC8vBn2MqPr';

const HUDSON = 'pt_Hk2mV8qLr4TzW1nB5xYc7D';
const LAKESHORE = 'pt_Lq7rN3sXp9KvE2bM6wAj4F';
const PACIFIC = 'pt_Pc5tJ8uGz1RyH4dQ7kLs2M';

const WEEKDAYS = [1, 2, 3, 4, 5];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/** The practice of Zocdoc's documented test provider locations (§12). */
export const SANDBOX_TEST_PRACTICE = 'pt_Zs4nDb0xT3stPr4ct1ce9Q';
/** A virtual-only provider (the `npi_allvirtual` case). */
const DR_QUINN = 'pr_hQ3zN7cV5bW9';

const INSURANCE_PLAN_ID_FIELD = 'data.patient.insurance.insurance_plan_id';
const INSURANCE_MEMBER_ID_FIELD = 'data.patient.insurance.insurance_member_id';

/** Booking requirements of the §12 test provider locations that have any. */
const magicBookingRequirements: Readonly<Record<string, BookingRequirements>> = {
  [INSURANCE_ID_REQUIRED]: {
    required_fields: [INSURANCE_PLAN_ID_FIELD, INSURANCE_MEMBER_ID_FIELD],
    accepts_booking_requests_from: ['in_network', 'out_of_network'],
  },
  [SELF_PAY_NOT_ACCEPTED]: {
    required_fields: [],
    accepts_booking_requests_from: ['in_network', 'out_of_network'],
  },
  [ACCEPTS_IN_NETWORK_ONLY]: {
    required_fields: [],
    accepts_booking_requests_from: ['in_network'],
  },
};

/** NPIs (valid check digits) of the test providers, in `magicProviderLocationNames` order. */
const MAGIC_NPIS = [
  '1910000003',
  '1910373111',
  '1910746225',
  '1911119331',
  '1911492449',
  '1911865552',
  '1912238668',
  '1912611773',
  '1912984881',
  '1913357996',
  '1913731109',
  '1914104215',
  '1914477322',
  '1914850437',
  '1915223543',
  '1915596658',
];

/**
 * One provider, one location and one provider location per §12 test name, all at one
 * Brooklyn address in zip 11201 (the documented "results with booking requirements" zip),
 * open every day 08:00–20:00 so a test can always find a slot; `no_availbility` has none.
 */
function magicDirectory(): Pick<DirectorySeed, 'providers' | 'locations' | 'providerLocations'> {
  const providers: Provider[] = [];
  const locations: Location[] = [];
  const providerLocations: ProviderLocationSeed[] = [];
  magicProviderLocationNames.forEach((name, i) => {
    providers.push({
      provider_id: `pr_${name}`,
      npi: MAGIC_NPIS[i]!,
      first_name: 'Sandbox',
      last_name: name,
      title: 'Dr.',
      gender_identity: 'Non-binary',
      practice_id: SANDBOX_TEST_PRACTICE,
      specialty_ids: ['sp_153'],
      default_visit_reason_id: SAMPLE_VISIT_REASON_ILLNESS,
      visit_reason_ids: [SAMPLE_VISIT_REASON_ILLNESS, SAMPLE_VISIT_REASON_PHYSICAL, FOLLOW_UP],
      languages: ['English'],
      statement: `Zocdoc sandbox test provider "${name}" (see the testing-data guide).`,
      certifications: [],
      institutions: [],
    });
    locations.push({
      location_id: `lo_${name}`,
      location_name: `Sandbox Test Location - ${name}`,
      virtual: false,
      address1: '200 Montague St',
      address2: `Suite ${101 + i}`,
      city: 'Brooklyn',
      state: 'NY',
      zip_code: '11201',
      latitude: 40.6942,
      longitude: -73.9913,
      phone_number: '7185550100',
      phone_extension: String(101 + i),
      time_zone: 'America/New_York',
    });
    providerLocations.push({
      provider_id: `pr_${name}`,
      location_id: `lo_${name}`,
      schedule: name === NO_AVAILABILITY ? [] : [{ weekdays: EVERY_DAY, start: '08:00', end: '20:00' }],
      accepts_new_patients: true,
      is_provider_resource: false,
      booking_requirements: magicBookingRequirements[name],
      magic: true,
    });
  });
  return { providers, locations, providerLocations };
}

const magic = magicDirectory();

export const directorySeed: DirectorySeed = {
  practices: [
    {
      practice_id: SANDBOX_TEST_PRACTICE,
      practice_name: 'Zocdoc Sandbox Test Practice',
      confirmation_type: 'manual',
    },
    { practice_id: HUDSON, practice_name: 'Hudson Family Medicine', confirmation_type: 'manual' },
    { practice_id: LAKESHORE, practice_name: 'Lakeshore Health Partners', confirmation_type: 'manual' },
    { practice_id: PACIFIC, practice_name: 'Pacific Coast Medical Group', confirmation_type: 'manual' },
  ],
  specialties: [
    {
      specialty_id: 'sp_153',
      name: 'Primary Care Physician (PCP)',
      default_visit_reason_id: SAMPLE_VISIT_REASON_ILLNESS,
      care_category: 'health',
    },
    {
      specialty_id: 'sp_141',
      name: 'Dermatologist',
      default_visit_reason_id: SKIN_CHECK,
      care_category: 'health',
    },
    {
      specialty_id: 'sp_98',
      name: 'Dentist',
      default_visit_reason_id: DENTAL_CLEANING,
      care_category: 'dental',
    },
  ],
  visitReasons: [
    {
      visit_reason_id: SAMPLE_VISIT_REASON_ILLNESS,
      name: 'Illness',
      specialty_id: 'sp_153',
      duration_minutes: { new: 30, existing: 30 },
    },
    {
      visit_reason_id: SAMPLE_VISIT_REASON_PHYSICAL,
      name: 'Annual Physical / Checkup',
      specialty_id: 'sp_153',
      duration_minutes: { new: 60, existing: 30 },
    },
    {
      visit_reason_id: FOLLOW_UP,
      name: 'Follow-up Visit',
      specialty_id: 'sp_153',
      duration_minutes: { new: 30, existing: 30 },
    },
    {
      visit_reason_id: SKIN_CHECK,
      name: 'Skin Check',
      specialty_id: 'sp_141',
      duration_minutes: { new: 30, existing: 30 },
    },
    {
      visit_reason_id: ACNE,
      name: 'Acne Consultation',
      specialty_id: 'sp_141',
      duration_minutes: { new: 60, existing: 30 },
    },
    {
      visit_reason_id: DENTAL_CLEANING,
      name: 'Dental Cleaning',
      specialty_id: 'sp_98',
      duration_minutes: { new: 60, existing: 60 },
    },
  ],
  providers: [
    {
      provider_id: 'pr_aN3kM8vQ2xL7',
      npi: '1245789031',
      first_name: 'Maya',
      last_name: 'Chen',
      title: 'Dr.',
      gender_identity: 'Female',
      practice_id: HUDSON,
      specialty_ids: ['sp_153'],
      default_visit_reason_id: SAMPLE_VISIT_REASON_ILLNESS,
      visit_reason_ids: [SAMPLE_VISIT_REASON_ILLNESS, SAMPLE_VISIT_REASON_PHYSICAL, FOLLOW_UP],
      languages: ['English', 'Mandarin'],
      statement:
        'Dr. Chen is a board-certified family physician who looks after adults and children, from sick visits to yearly physicals.',
      certifications: ['American Board of Family Medicine'],
      institutions: ['NYU Grossman School of Medicine'],
    },
    {
      provider_id: 'pr_bT6wR1yP9cZ4',
      npi: '1346792587',
      first_name: 'Samuel',
      last_name: 'Okafor',
      title: 'Dr.',
      gender_identity: 'Male',
      practice_id: HUDSON,
      specialty_ids: ['sp_153'],
      default_visit_reason_id: SAMPLE_VISIT_REASON_PHYSICAL,
      visit_reason_ids: [SAMPLE_VISIT_REASON_ILLNESS, SAMPLE_VISIT_REASON_PHYSICAL],
      languages: ['English'],
      statement: 'Dr. Okafor is an internist with a focus on preventive care and chronic conditions.',
      certifications: ['American Board of Internal Medicine'],
      institutions: ['Columbia University Vagelos College of Physicians and Surgeons'],
    },
    {
      provider_id: 'pr_cJ5hF2dS8gK3',
      npi: '1452369873',
      first_name: 'Elena',
      last_name: 'Rossi',
      title: 'Dr.',
      gender_identity: 'Female',
      practice_id: LAKESHORE,
      specialty_ids: ['sp_141'],
      default_visit_reason_id: SKIN_CHECK,
      visit_reason_ids: [SKIN_CHECK, ACNE],
      languages: ['English', 'Italian'],
      statement: 'Dr. Rossi is a dermatologist treating acne, eczema and skin cancer screening.',
      certifications: ['American Board of Dermatology'],
      institutions: ['Northwestern University Feinberg School of Medicine'],
    },
    {
      provider_id: 'pr_dL9qW4eR7tY1',
      npi: '1564823791',
      first_name: 'Marcus',
      last_name: 'Bell',
      title: 'Dr.',
      gender_identity: 'Male',
      practice_id: LAKESHORE,
      specialty_ids: ['sp_153'],
      default_visit_reason_id: SAMPLE_VISIT_REASON_ILLNESS,
      visit_reason_ids: [SAMPLE_VISIT_REASON_ILLNESS, FOLLOW_UP, SAMPLE_VISIT_REASON_PHYSICAL],
      languages: ['English', 'Spanish'],
      statement: 'Dr. Bell is a primary care physician who also sees patients by video.',
      certifications: ['American Board of Family Medicine'],
      institutions: ['University of Chicago Pritzker School of Medicine'],
    },
    {
      provider_id: 'pr_eX2vB6nM3kP8',
      npi: '1672938457',
      first_name: 'Priya',
      last_name: 'Nair',
      title: 'Dr.',
      gender_identity: 'Female',
      practice_id: PACIFIC,
      specialty_ids: ['sp_98'],
      default_visit_reason_id: DENTAL_CLEANING,
      visit_reason_ids: [DENTAL_CLEANING],
      languages: ['English', 'Hindi'],
      statement: 'Dr. Nair is a general dentist offering cleanings and preventive dental care.',
      certifications: ['American Board of General Dentistry'],
      institutions: ['UCLA School of Dentistry'],
    },
    {
      provider_id: 'pr_fG7tH1jK5lZ2',
      npi: '1783452166',
      first_name: 'Daniel',
      last_name: 'Park',
      title: 'PA-C',
      gender_identity: 'Male',
      practice_id: PACIFIC,
      specialty_ids: ['sp_153'],
      default_visit_reason_id: SAMPLE_VISIT_REASON_ILLNESS,
      visit_reason_ids: [SAMPLE_VISIT_REASON_ILLNESS, SAMPLE_VISIT_REASON_PHYSICAL, FOLLOW_UP],
      languages: ['English', 'Korean'],
      statement: 'Daniel Park is a physician assistant working with the Pacific Coast primary care team.',
      certifications: ['National Commission on Certification of Physician Assistants'],
      institutions: ['University of Southern California Keck School of Medicine'],
    },
    {
      provider_id: DR_QUINN,
      npi: '1916715984',
      first_name: 'Nora',
      last_name: 'Quinn',
      title: 'Dr.',
      gender_identity: 'Female',
      practice_id: HUDSON,
      specialty_ids: ['sp_153'],
      default_visit_reason_id: SAMPLE_VISIT_REASON_ILLNESS,
      visit_reason_ids: [SAMPLE_VISIT_REASON_ILLNESS, FOLLOW_UP],
      languages: ['English', 'French'],
      statement: 'Dr. Quinn sees patients anywhere in New York State by video only.',
      certifications: ['American Board of Family Medicine'],
      institutions: ['Weill Cornell Medicine'],
      // New on Zocdoc: no reviews yet, so the averages are null.
      reviews: {
        total_reviews: 0,
        average_overall_rating: null,
        average_bedside_rating: null,
        average_wait_time_rating: null,
      },
    },
    ...magic.providers,
  ],
  locations: [
    {
      location_id: 'lo_nyMidtown01',
      location_name: 'Hudson Family Medicine - Midtown',
      virtual: false,
      address1: '350 5th Ave',
      address2: 'Suite 4100',
      city: 'New York',
      state: 'NY',
      zip_code: '10118',
      latitude: 40.7484,
      longitude: -73.9857,
      phone_number: '2125550143',
      phone_extension: null,
      time_zone: 'America/New_York',
    },
    {
      location_id: 'lo_nyBrooklyn02',
      location_name: 'Hudson Family Medicine - Brooklyn',
      virtual: false,
      address1: '255 Flatbush Ave',
      address2: null,
      city: 'Brooklyn',
      state: 'NY',
      zip_code: '11217',
      latitude: 40.6807,
      longitude: -73.9754,
      phone_number: '7185550172',
      phone_extension: '204',
      time_zone: 'America/New_York',
    },
    {
      location_id: 'lo_chiLoop03',
      location_name: 'Lakeshore Health Partners - The Loop',
      virtual: false,
      address1: '200 W Madison St',
      address2: 'Floor 12',
      city: 'Chicago',
      state: 'IL',
      zip_code: '60606',
      latitude: 41.8819,
      longitude: -87.6345,
      phone_number: '3125550190',
      phone_extension: null,
      time_zone: 'America/Chicago',
    },
    {
      location_id: 'lo_chiVideo04',
      location_name: 'Lakeshore Health Partners - Video Visits',
      virtual: true,
      address1: null,
      address2: null,
      city: null,
      state: 'IL',
      zip_code: null,
      latitude: null,
      longitude: null,
      phone_number: '3125550191',
      phone_extension: null,
      time_zone: 'America/Chicago',
    },
    {
      location_id: 'lo_laWilshire05',
      location_name: 'Pacific Coast Medical Group - Wilshire',
      virtual: false,
      address1: '5900 Wilshire Blvd',
      address2: null,
      city: 'Los Angeles',
      state: 'CA',
      zip_code: '90036',
      latitude: 34.0629,
      longitude: -118.3577,
      phone_number: '3235550111',
      phone_extension: null,
      time_zone: 'America/Los_Angeles',
    },
    {
      location_id: 'lo_laSantaMonica06',
      location_name: 'Pacific Coast Medical Group - Santa Monica',
      virtual: false,
      address1: '1301 20th St',
      address2: 'Suite 300',
      city: 'Santa Monica',
      state: 'CA',
      zip_code: '90404',
      latitude: 34.0318,
      longitude: -118.4827,
      phone_number: '3105550188',
      phone_extension: null,
      time_zone: 'America/Los_Angeles',
    },
    {
      location_id: 'lo_nyVideo07',
      location_name: 'Hudson Family Medicine - Video Visits',
      virtual: true,
      address1: null,
      address2: null,
      city: null,
      state: 'NY',
      zip_code: null,
      latitude: null,
      longitude: null,
      phone_number: '2125550150',
      phone_extension: null,
      time_zone: 'America/New_York',
    },
    ...magic.locations,
  ],
  providerLocations: [
    {
      provider_id: 'pr_aN3kM8vQ2xL7',
      location_id: 'lo_nyMidtown01',
      schedule: [{ weekdays: [1, 3, 5], start: '09:00', end: '17:00' }],
      accepts_new_patients: true,
      is_provider_resource: false,
    },
    {
      provider_id: 'pr_aN3kM8vQ2xL7',
      location_id: 'lo_nyBrooklyn02',
      schedule: [{ weekdays: [2, 4], start: '09:00', end: '17:00' }],
      accepts_new_patients: true,
      is_provider_resource: false,
    },
    {
      provider_id: 'pr_bT6wR1yP9cZ4',
      location_id: 'lo_nyMidtown01',
      schedule: [
        { weekdays: WEEKDAYS, start: '09:00', end: '12:00' },
        { weekdays: WEEKDAYS, start: '13:00', end: '17:00' },
      ],
      accepts_new_patients: false,
      is_provider_resource: false,
    },
    {
      provider_id: 'pr_cJ5hF2dS8gK3',
      location_id: 'lo_chiLoop03',
      schedule: [{ weekdays: WEEKDAYS, start: '08:00', end: '16:00' }],
      accepts_new_patients: true,
      is_provider_resource: false,
    },
    {
      provider_id: 'pr_dL9qW4eR7tY1',
      location_id: 'lo_chiLoop03',
      schedule: [{ weekdays: [1, 2, 3, 4], start: '09:00', end: '17:00' }],
      accepts_new_patients: true,
      is_provider_resource: false,
    },
    {
      provider_id: 'pr_dL9qW4eR7tY1',
      location_id: 'lo_chiVideo04',
      schedule: [
        { weekdays: [5], start: '09:00', end: '17:00' },
        { weekdays: [6], start: '10:00', end: '14:00' },
      ],
      accepts_new_patients: true,
      is_provider_resource: false,
    },
    {
      provider_id: 'pr_eX2vB6nM3kP8',
      location_id: 'lo_laWilshire05',
      schedule: [{ weekdays: WEEKDAYS, start: '09:00', end: '17:00' }],
      accepts_new_patients: true,
      is_provider_resource: false,
    },
    {
      provider_id: 'pr_fG7tH1jK5lZ2',
      location_id: 'lo_laSantaMonica06',
      schedule: [{ weekdays: [2, 3, 4, 5, 6], start: '10:00', end: '18:00' }],
      accepts_new_patients: true,
      is_provider_resource: true,
    },
    {
      provider_id: DR_QUINN,
      location_id: 'lo_nyVideo07',
      schedule: [{ weekdays: WEEKDAYS, start: '12:00', end: '20:00' }],
      accepts_new_patients: true,
      is_provider_resource: false,
    },
    ...magic.providerLocations,
  ],
};

/**
 * §12's test NPIs for GET /v1/providers, mapped onto seeded providers that have the shape
 * each name promises. The answer's `npi` echoes the test value; the providers inside carry
 * their own NPIs. `npi_missing` (and any unknown NPI) has no providers; `npi_error` is a 500.
 */
export const magicNpiProviders: ReadonlyMap<string, readonly string[]> = new Map([
  [MULTIPLE_PROVIDERS_NPI, ['pr_aN3kM8vQ2xL7', 'pr_bT6wR1yP9cZ4']],
  [MULTIPLE_LOCATIONS_NPI, ['pr_aN3kM8vQ2xL7']],
  [ALL_VIRTUAL_NPI, [DR_QUINN]],
  [HAS_VIRTUAL_NPI, ['pr_dL9qW4eR7tY1']],
  [INSURANCE_ID_REQUIRED_NPI, [`pr_${INSURANCE_ID_REQUIRED}`]],
]);

/** The provider location a practice-side create uses when none is given (and the fixtures use). */
export const DEFAULT_PROVIDER_LOCATION_ID = 'pr_aN3kM8vQ2xL7|lo_nyMidtown01';

/**
 * Zocdoc's documented sandbox appointment ids with fixed statuses (zocdoc-api.md §12), so
 * clients written against the real sandbox find them here too. Seeded at 08:00 local time
 * at the default provider location (before its 09:00 opening, so they take no bookable
 * slot), `day_offset` days from the clock's today.
 */
export const fixtureAppointments: ReadonlyArray<{
  appointment_id: string;
  appointment_status: AppointmentStatus;
  patient_type: PatientType;
  day_offset: number;
}> = [
  {
    appointment_id: '2b29f79b-6d7f-472a-9603-d0c378bc9531',
    appointment_status: 'pending_booking',
    patient_type: 'new',
    day_offset: 2,
  },
  {
    appointment_id: 'd2ee5bd8-643a-42c8-8c5a-be450e903430',
    appointment_status: 'confirmed',
    patient_type: 'new',
    day_offset: 3,
  },
  {
    appointment_id: '423e6a11-8dac-4873-b933-d8d02f9a370f',
    appointment_status: 'confirmed',
    patient_type: 'existing',
    day_offset: 4,
  },
  {
    appointment_id: '34e4ead3-ca69-4448-9438-58702dd1048f',
    appointment_status: 'booking_failed',
    patient_type: 'new',
    day_offset: 5,
  },
  {
    appointment_id: '21990114-ea71-4d7d-9d1e-00c43ae44bcd',
    appointment_status: 'cancelled',
    patient_type: 'new',
    day_offset: 6,
  },
  {
    appointment_id: 'a0a7770d-e667-416c-9f06-9c3b40a7bb84',
    appointment_status: 'no_show',
    patient_type: 'existing',
    day_offset: -1,
  },
  {
    appointment_id: '63f995c2-49c4-40c8-a93a-140fb32e913b',
    appointment_status: 'pending_reschedule',
    patient_type: 'existing',
    day_offset: 7,
  },
  {
    appointment_id: '8507d05f-cbe5-4732-b72a-22add9c80120',
    appointment_status: 'rescheduled',
    patient_type: 'existing',
    day_offset: 8,
  },
  {
    appointment_id: '84d04f67-b2cf-4afd-ab64-193072498ed5',
    appointment_status: 'reschedule_failed',
    patient_type: 'new',
    day_offset: 9,
  },
];

const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Elijah',
  'Sophia',
  'James',
  'Isabella',
  'Lucas',
  'Mia',
  'Mateo',
  'Amelia',
  'Ethan',
  'Harper',
  'Aiden',
];
const LAST_NAMES = [
  'Garcia',
  'Smith',
  'Johnson',
  'Nguyen',
  'Williams',
  'Brown',
  'Patel',
  'Jones',
  'Kim',
  'Miller',
  'Davis',
  'Lopez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
];
const ADDRESSES: ReadonlyArray<{
  address1: string;
  city: string;
  state: string;
  zip_code: string;
  area: string;
}> = [
  { address1: '41 Grove St', city: 'New York', state: 'NY', zip_code: '10014', area: '212' },
  { address1: '780 Union St', city: 'Brooklyn', state: 'NY', zip_code: '11215', area: '718' },
  { address1: '1520 N Damen Ave', city: 'Chicago', state: 'IL', zip_code: '60622', area: '312' },
  { address1: '915 Elm St', city: 'Evanston', state: 'IL', zip_code: '60202', area: '847' },
  { address1: '2200 Sunset Blvd', city: 'Los Angeles', state: 'CA', zip_code: '90026', area: '323' },
  { address1: '66 Ocean Park Blvd', city: 'Santa Monica', state: 'CA', zip_code: '90405', area: '310' },
];

/**
 * The n-th synthetic patient: deterministic, valid by the booking rules (§7), and clearly
 * fake (555 exchange, example.com addresses).
 */
export function syntheticPatient(n: number): Patient {
  const first = FIRST_NAMES[n % FIRST_NAMES.length]!;
  const last = LAST_NAMES[Math.floor(n / FIRST_NAMES.length) % LAST_NAMES.length]!;
  const address = ADDRESSES[n % ADDRESSES.length]!;
  const year = 1945 + (n % 60);
  const month = 1 + (n % 12);
  const day = 1 + (n % 28);
  return {
    first_name: first,
    last_name: last,
    date_of_birth: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    sex_at_birth: n % 2 === 0 ? 'female' : 'male',
    phone_number: `${address.area}555${String(n % 10_000).padStart(4, '0')}`,
    email_address: `${first}.${last}.${n}@example.com`.toLowerCase(),
    patient_address: {
      address1: address.address1,
      address2: null,
      city: address.city,
      state: address.state,
      zip_code: address.zip_code,
    },
    developer_patient_id: `dev-patient-${String(n).padStart(5, '0')}`,
    patient_id: null,
    insurance: null,
    gender: null,
  };
}

/**
 * The schedulable-entity feed's recent history (§5.2), relative to the clock when the
 * sandbox is built (or reset): so `recent_change_summary` has one of each kind until the
 * clock moves 72 hours on. Every other entity went live months earlier.
 */
export const schedulableEntityHistory: {
  added: ReadonlyArray<{ provider_location_id: string; hours_ago: number }>;
  profile_updated: ReadonlyArray<{ provider_location_id: string; hours_ago: number }>;
  /** Retired provider locations (no longer in the directory). */
  removed: ReadonlyArray<{ provider_location_id: string; hours_ago: number }>;
} = {
  added: [{ provider_location_id: 'pr_fG7tH1jK5lZ2|lo_laSantaMonica06', hours_ago: 20 }],
  profile_updated: [{ provider_location_id: 'pr_cJ5hF2dS8gK3|lo_chiLoop03', hours_ago: 40 }],
  removed: [{ provider_location_id: 'pr_dL9qW4eR7tY1|lo_chiOldTown07', hours_ago: 30 }],
};

/**
 * Facilities (§5.10, v1-beta): clinics and hospitals, each with one bookable schedule
 * that is a seeded provider location (its address, visit reasons and booking requirements
 * come from there). NPIs 2988113970 (one facility) and 5884143085 (several) are §12's test
 * values; the other two have valid check digits.
 */
export const facilitySeed: ReadonlyArray<{
  facility_id: string;
  name: string;
  npi: string;
  building_type: 'clinic' | 'hospital';
  schedule_id: string;
  provider_location_id: string;
}> = [
  {
    facility_id: 'a6f3c1d2-5b7e-4c89-9d01-2e3f4a5b6c7d',
    name: 'Hudson Family Medicine - Midtown Clinic',
    npi: '2988113970',
    building_type: 'clinic',
    schedule_id: 'e1a2b3c4-d5e6-4f70-8a91-b2c3d4e5f601',
    provider_location_id: 'pr_aN3kM8vQ2xL7|lo_nyMidtown01',
  },
  {
    facility_id: 'b2c4d6e8-1a3b-4c5d-8e7f-90a1b2c3d4e5',
    name: 'Brooklyn Community Hospital - Family Medicine',
    npi: '1917089090',
    building_type: 'hospital',
    schedule_id: 'e1a2b3c4-d5e6-4f70-8a91-b2c3d4e5f602',
    provider_location_id: 'pr_aN3kM8vQ2xL7|lo_nyBrooklyn02',
  },
  {
    facility_id: 'c8f5e3f4-7d9a-4eab-9f23-4a5b6c7d8e9f',
    name: 'Pacific Coast Medical Group - Wilshire Dental Clinic',
    npi: '5884143085',
    building_type: 'clinic',
    schedule_id: 'e1a2b3c4-d5e6-4f70-8a91-b2c3d4e5f603',
    provider_location_id: 'pr_eX2vB6nM3kP8|lo_laWilshire05',
  },
  {
    facility_id: 'd9a6f4a5-8eab-4fbc-8a34-5b6c7d8e9fa0',
    name: 'Pacific Coast Medical Center - Santa Monica',
    npi: '5884143085',
    building_type: 'hospital',
    schedule_id: 'e1a2b3c4-d5e6-4f70-8a91-b2c3d4e5f604',
    provider_location_id: 'pr_fG7tH1jK5lZ2|lo_laSantaMonica06',
  },
  {
    facility_id: 'f3b7a9c1-2d4e-4f6a-9b8c-7d6e5f4a3b21',
    name: 'Lakeshore Health Partners - Dermatology at The Loop',
    npi: '1916342870',
    building_type: 'clinic',
    schedule_id: 'e1a2b3c4-d5e6-4f70-8a91-b2c3d4e5f605',
    provider_location_id: 'pr_cJ5hF2dS8gK3|lo_chiLoop03',
  },
];
