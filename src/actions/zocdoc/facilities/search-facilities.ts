import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { maxPagesField, pagedOutput } from '../../pagination.ts';
import { facilitySchema } from '../directory-schemas.ts';
import { listAt } from '../page-items.ts';
import {
  insurancePlanIdField,
  joinList,
  maxDistanceField,
  npisField,
  pageField,
  pageSizeField,
  visitReasonIdField,
  zipCodeField,
} from '../zocdoc-fields.ts';

export const searchFacilities = defineAction({
  key: 'zocdoc.search_facilities',
  connector: 'zocdoc',
  title: 'Search Facilities',
  description:
    'Finds clinics and hospitals of your Zocdoc directory by NPI or near a zip code, with the schedule ' +
    'to book them through. Give NPIs or a zip code (or both).',
  group: 'Facilities',
  input: z
    .strictObject({
      npis: npisField.optional().describe('Facility NPIs to look up (1–50); this or zip_code is required'),
      zip_code: zipCodeField
        .optional()
        .describe('Find facilities near this 5-digit zip code; this or npis is required'),
      building_type: z.enum(['clinic', 'hospital']).optional().describe('Only clinics or only hospitals'),
      visit_reason_id: visitReasonIdField
        .optional()
        .describe('Only facilities offering this visit reason (zip search)'),
      insurance_plan_id: insurancePlanIdField
        .optional()
        .describe('Only facilities taking this insurance plan (zip search)'),
      max_distance_to_patient_mi: maxDistanceField(50).optional(),
      page: pageField(10),
      page_size: pageSizeField(50, 10),
      max_pages: maxPagesField,
    })
    .superRefine((input, ctx) => {
      if (input.npis === undefined && input.zip_code === undefined) {
        for (const field of ['npis', 'zip_code']) {
          ctx.addIssue({ code: 'custom', path: [field], message: 'give npis or zip_code (at least one)' });
        }
      }
    }),
  output: pagedOutput(facilitySchema),
  idempotent: true,
  pagination: { style: 'offset', items: listAt('data') },
  request: (input) => ({
    method: 'GET',
    path: '/v1-beta/facilities',
    query: {
      npis: joinList(input.npis),
      zip_code: input.zip_code,
      building_type: input.building_type,
      visit_reason_id: input.visit_reason_id,
      insurance_plan_id: input.insurance_plan_id,
      max_distance_to_patient_mi: input.max_distance_to_patient_mi,
      page: input.page,
      page_size: input.page_size,
    },
  }),
});
