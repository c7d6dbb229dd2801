import { z } from 'zod';

/** §7: the patient a booking carries, with Zocdoc's validation rules applied before sending. */

const genders = [
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

export const patientSchema = z.strictObject({
  first_name: z.string().min(1).describe('First name'),
  last_name: z.string().min(1).describe('Last name'),
  date_of_birth: z.iso.date().describe('Date of birth, YYYY-MM-DD'),
  sex_at_birth: z.enum(['male', 'female']).describe('Sex at birth'),
  phone_number: z
    .string()
    .regex(
      /^[2-9]\d{2}[2-9]\d{6}$/,
      '10 digits, unformatted; the 1st and 4th digits cannot be 0 or 1 (e.g. 2125550123)',
    )
    .describe('US phone number, 10 digits without formatting'),
  email_address: z.email().describe('Email address'),
  patient_address: z
    .strictObject({
      address1: z.string().min(1).describe('Street address'),
      address2: z.string().optional().describe('Apartment, suite, …'),
      city: z.string().min(1).describe('City'),
      state: z
        .string()
        .regex(/^[A-Z]{2}$/, 'two capital letters, e.g. NY')
        .describe('State, 2 letters'),
      zip_code: z
        .string()
        .regex(/^\d{5}$/, '5 digits')
        .describe('ZIP code, 5 digits'),
    })
    .describe('Home address'),
  patient_id: z.string().optional().describe('Zocdoc patient id, if known'),
  developer_patient_id: z
    .string()
    .optional()
    .describe('Your own id for the patient; echoed back and filterable'),
  insurance: z
    .strictObject({
      insurance_plan_id: z.string().optional().describe('Insurance plan id (ip_…)'),
      insurance_member_id: z.string().optional().describe('Member id on the insurance card'),
      insurance_group_number: z.string().optional().describe('Group number on the insurance card'),
      is_self_pay: z.boolean().optional().describe('The patient pays themselves'),
    })
    .optional()
    .describe('Insurance; some provider locations require plan and member id'),
  gender: z
    .array(z.enum(genders))
    .min(1)
    .refine(
      (values) => values.length === 1 || !values.some((v) => v === 'none_apply' || v === 'prefer_not_to_say'),
      'none_apply and prefer_not_to_say must stand alone',
    )
    .optional()
    .describe('Gender identities'),
});
