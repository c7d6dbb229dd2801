import { z } from 'zod';
import { DAY_MS, parseIsoDate } from './local-time.ts';
import { orRequired } from './request-validation.ts';

/** The patient of a booking (zocdoc-api.md §7), as stored and as validated. */

export const genders = [
  'female_at_birth',
  'male_at_birth',
  'cisgender',
  'genderfluid',
  'genderqueer',
  'intersex',
  'non_binary',
  'transgender_man',
  'transgender_woman',
  'prefer_not_to_say',
  'none_apply',
] as const;
const exclusiveGenders: ReadonlySet<string> = new Set(['prefer_not_to_say', 'none_apply']);

/** USPS codes: the 50 states, DC and the inhabited territories. */
export const usStateCodes: ReadonlySet<string> = new Set(
  (
    'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY ' +
    'NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR VI GU AS MP'
  ).split(' '),
);

/**
 * §7's phone rule: ten digits, unformatted, and (NANP) neither the area code nor the
 * exchange may start with 0 or 1, i.e. digits 1 and 4 are 2–9.
 */
export function phoneNumberProblem(value: string): string | undefined {
  if (!/^\d{10}$/.test(value)) return 'must be exactly 10 digits with no formatting, e.g. 2125550143';
  if (value[0] === '0' || value[0] === '1' || value[3] === '0' || value[3] === '1') {
    return 'is not a valid US phone number: its 1st and 4th digits must be 2-9';
  }
  return undefined;
}

const requiredText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `must be at most ${max} characters` })
    .nullish()
    .transform((v) => v || null);

const patientAddressSchema = z.object({
  address1: requiredText(200),
  address2: optionalText(200),
  city: requiredText(100),
  state: z
    .string()
    .refine((v) => usStateCodes.has(v), { error: 'must be a 2-letter US state code, e.g. NY' }),
  zip_code: z.string().regex(/^\d{5}$/, { error: 'must be 5 digits' }),
});

const insuranceSchema = z.object({
  insurance_plan_id: optionalText(100),
  insurance_member_id: optionalText(100),
  insurance_group_number: optionalText(100),
  is_self_pay: z
    .boolean()
    .nullish()
    .transform((v) => v ?? null),
});

/** The patient schema of a booking, with "date of birth not in the future" measured by `clock`. */
export function createPatientSchema(clock: () => Date) {
  return z.object({
    first_name: requiredText(100),
    last_name: requiredText(100),
    date_of_birth: z.string().superRefine((value, ctx) => {
      const day = parseIsoDate(value);
      if (day === undefined) ctx.addIssue({ code: 'custom', message: 'must be a date in YYYY-MM-DD form' });
      else if (day > Math.floor(clock().getTime() / DAY_MS)) {
        ctx.addIssue({ code: 'custom', message: 'must not be in the future' });
      }
    }),
    sex_at_birth: z.enum(['male', 'female'], orRequired('must be male or female')),
    phone_number: z.string().superRefine((value, ctx) => {
      const problem = phoneNumberProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    email_address: z.email(orRequired('must be a valid email address')),
    patient_address: patientAddressSchema,
    patient_id: optionalText(100),
    developer_patient_id: optionalText(100),
    insurance: insuranceSchema.nullish().transform((v) => v ?? null),
    gender: z
      .array(z.enum(genders, orRequired(`must be one of ${genders.join(', ')}`)))
      .refine((list) => list.length <= 1 || !list.some((g) => exclusiveGenders.has(g)), {
        error: 'prefer_not_to_say and none_apply must be the only value when given',
      })
      .nullish()
      .transform((v) => v ?? null),
  });
}

export type PatientSchema = ReturnType<typeof createPatientSchema>;
export type Patient = z.output<PatientSchema>;
