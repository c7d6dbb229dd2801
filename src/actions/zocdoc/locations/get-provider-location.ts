import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { providerLocationSchema } from '../directory-schemas.ts';
import { insurancePlanIdField, providerLocationIdField } from '../zocdoc-fields.ts';

export const getProviderLocation = defineAction({
  key: 'zocdoc.get_provider_location',
  connector: 'zocdoc',
  title: 'Get Provider Location',
  description:
    'Reads one provider location by id: the provider, the office or virtual location, the practice and ' +
    'what a booking there requires.',
  group: 'Locations',
  input: z.strictObject({
    provider_location_id: providerLocationIdField,
    insurance_plan_id: insurancePlanIdField
      .optional()
      .describe('The patient’s insurance plan (ip_…): fills in whether the location accepts it'),
  }),
  output: providerLocationSchema,
  idempotent: true,
  request: (input) => ({
    method: 'GET',
    // encodeURIComponent turns the id's `|` into %7C, as the API needs (§3.4).
    path: `/v1/provider_locations/${encodeURIComponent(input.provider_location_id)}`,
    query: { insurance_plan_id: input.insurance_plan_id },
  }),
});
