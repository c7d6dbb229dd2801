import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { providerLocationAvailabilitySchema } from '../directory-schemas.ts';
import { valueAt } from '../page-items.ts';
import {
  insurancePlanIdField,
  joinList,
  localDateField,
  patientTypeField,
  providerLocationIdField,
  visitReasonIdField,
} from '../zocdoc-fields.ts';

/** The longest range one call may ask for: the end at most 31 days after the start (§5.8). */
const MAX_RANGE_DAYS = 31;

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

export const getProviderLocationsAvailability = defineAction({
  key: 'zocdoc.get_provider_locations_availability',
  connector: 'zocdoc',
  title: 'Get Provider Locations Availability',
  description:
    'Lists the free appointment slots of up to 50 provider locations for a visit reason and patient type, ' +
    'over a date range of at most 31 days (a week from today by default).',
  group: 'Locations',
  input: z
    .strictObject({
      provider_location_ids: z
        .array(providerLocationIdField)
        .min(1)
        .max(50)
        .describe('Provider locations (pr_…|lo_…) to read slots of, 1–50'),
      visit_reason_id: visitReasonIdField.describe(
        'Visit reason (pc_…); with patient_type it sets the slot length',
      ),
      patient_type: patientTypeField.describe('new or existing patient'),
      start_date_in_provider_local_time: localDateField
        .optional()
        .describe(
          'First date, YYYY-MM-DD in the provider’s time zone; default today (US Eastern), at most 150 days ahead',
        ),
      end_date_in_provider_local_time: localDateField
        .optional()
        .describe(
          'Last date (included), YYYY-MM-DD; default start + 7 days, at most 31 days after the start',
        ),
      published_context: z
        .enum(['direct_listing', 'condition_driven_search'])
        .optional()
        .describe('direct_listing (all slots) or condition_driven_search (syndication partners)'),
      insurance_plan_id: insurancePlanIdField
        .optional()
        .describe('Insurance plan (ip_…) to put in the booking links'),
      insurance_carrier_id: z
        .string()
        .min(1)
        .optional()
        .describe('Insurance carrier id to put in the booking links'),
    })
    .superRefine((input, ctx) => {
      const start = input.start_date_in_provider_local_time;
      const end = input.end_date_in_provider_local_time;
      // Without a start, the API's default start (today in US Eastern) needs a clock: left to the API.
      if (start === undefined || end === undefined) return;
      const days = dayNumber(end) - dayNumber(start);
      if (days < 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['end_date_in_provider_local_time'],
          message: 'must not be before start_date_in_provider_local_time',
        });
      } else if (days > MAX_RANGE_DAYS) {
        ctx.addIssue({
          code: 'custom',
          path: ['end_date_in_provider_local_time'],
          message: `must be at most ${MAX_RANGE_DAYS} days after start_date_in_provider_local_time`,
        });
      }
    }),
  output: z.object({
    items: z
      .array(providerLocationAvailabilitySchema)
      .describe('One entry per provider location, with its free slots'),
  }),
  idempotent: true,
  request: (input) => ({
    method: 'GET',
    path: '/v1/provider_locations/availability',
    query: {
      provider_location_ids: joinList(input.provider_location_ids),
      visit_reason_id: input.visit_reason_id,
      patient_type: input.patient_type,
      start_date_in_provider_local_time: input.start_date_in_provider_local_time,
      end_date_in_provider_local_time: input.end_date_in_provider_local_time,
      published_context: input.published_context,
      insurance_plan_id: input.insurance_plan_id,
      insurance_carrier_id: input.insurance_carrier_id,
    },
  }),
  // `data` is a list; an object with a named list is easier to map in a workflow.
  response: (body) => ({ items: valueAt(body, 'data') }),
});
