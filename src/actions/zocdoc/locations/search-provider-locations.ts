import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { maxPagesField, pagedOutput } from '../../pagination.ts';
import { providerLocationSchema, searchParametersSchema } from '../directory-schemas.ts';
import { listAt, valueAt } from '../page-items.ts';
import {
  insurancePlanIdField,
  maxDistanceField,
  pageField,
  pageSizeField,
  specialtyIdField,
  visitReasonIdField,
  zipCodeField,
} from '../zocdoc-fields.ts';

export const searchProviderLocations = defineAction({
  key: 'zocdoc.search_provider_locations',
  connector: 'zocdoc',
  title: 'Search Provider Locations',
  description:
    'Finds providers of your Zocdoc directory near a zip code for a specialty or visit reason, ' +
    'optionally only those taking an insurance plan or offering video visits.',
  group: 'Locations',
  input: z
    .strictObject({
      zip_code: zipCodeField.describe('Search near this 5-digit zip code'),
      specialty_id: specialtyIdField
        .optional()
        .describe('Specialty (sp_…); this or visit_reason_id is required'),
      visit_reason_id: visitReasonIdField
        .optional()
        .describe(
          'Visit reason (pc_…); this or specialty_id is required. With both, it must be of that specialty',
        ),
      insurance_plan_id: insurancePlanIdField.optional().describe('The patient’s insurance plan (ip_…)'),
      visit_type: z
        .enum(['all', 'in_person', 'video_visit'])
        .optional()
        .describe('all, in_person or video_visit; the API’s default is in_person'),
      max_distance_to_patient_mi: maxDistanceField().optional(),
      page: pageField(10),
      page_size: pageSizeField(50, 10),
      max_pages: maxPagesField,
    })
    .superRefine((input, ctx) => {
      if (input.specialty_id === undefined && input.visit_reason_id === undefined) {
        for (const field of ['specialty_id', 'visit_reason_id']) {
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: 'give specialty_id or visit_reason_id (at least one)',
          });
        }
      }
    }),
  output: pagedOutput(providerLocationSchema, { search_parameters: searchParametersSchema }),
  idempotent: true,
  pagination: {
    style: 'offset',
    items: listAt('data', 'provider_locations'),
    extra: (body) => ({ search_parameters: valueAt(body, 'data', 'search_parameters') }),
  },
  request: (input) => ({
    method: 'GET',
    path: '/v1/provider_locations',
    query: {
      zip_code: input.zip_code,
      specialty_id: input.specialty_id,
      visit_reason_id: input.visit_reason_id,
      insurance_plan_id: input.insurance_plan_id,
      visit_type: input.visit_type,
      max_distance_to_patient_mi: input.max_distance_to_patient_mi,
      page: input.page,
      page_size: input.page_size,
    },
  }),
});
