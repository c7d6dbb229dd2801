import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { providersByNpiSchema } from '../directory-schemas.ts';
import { valueAt } from '../page-items.ts';
import { insurancePlanIdField, joinList, npisField } from '../zocdoc-fields.ts';

export const getProvidersByNpis = defineAction({
  key: 'zocdoc.get_providers_by_npis',
  connector: 'zocdoc',
  title: 'Get Providers By NPIs',
  description:
    'Looks up providers of your Zocdoc directory by NPI: names, specialties, visit reasons, and each ' +
    'location with the provider location id used for availability and booking.',
  group: 'Providers',
  input: z
    .strictObject({
      npis: npisField.describe('NPIs of the providers to look up (1–50)'),
      insurance_plan_id: insurancePlanIdField
        .optional()
        .describe('The patient’s insurance plan (ip_…): fills in whether each location accepts it'),
      latitude: z
        .number()
        .min(-90)
        .max(90)
        .optional()
        .describe('Patient latitude (−90 to 90); with longitude, adds distances and the nearest location'),
      longitude: z
        .number()
        .min(-180)
        .max(180)
        .optional()
        .describe('Patient longitude (−180 to 180); must come with latitude'),
    })
    .superRefine((input, ctx) => {
      // The API takes the pair or nothing; name the half that is missing.
      if (input.latitude !== undefined && input.longitude === undefined) {
        ctx.addIssue({ code: 'custom', path: ['longitude'], message: 'longitude must come with latitude' });
      }
      if (input.longitude !== undefined && input.latitude === undefined) {
        ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'latitude must come with longitude' });
      }
    }),
  output: z.object({
    items: z
      .array(providersByNpiSchema)
      .describe('One entry per NPI asked for, with the providers found for it'),
  }),
  idempotent: true,
  request: (input) => ({
    method: 'GET',
    path: '/v1/providers',
    query: {
      npis: joinList(input.npis),
      insurance_plan_id: input.insurance_plan_id,
      latitude: input.latitude,
      longitude: input.longitude,
    },
  }),
  // `data` is a list; an object with a named list is easier to map in a workflow.
  response: (body) => ({ items: valueAt(body, 'data') }),
});
