import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { insuranceMappingsSchema } from '../directory-schemas.ts';
import { providerLocationIdField } from '../zocdoc-fields.ts';

export const getProviderLocationInsuranceMappings = defineAction({
  key: 'zocdoc.get_provider_location_insurance_mappings',
  connector: 'zocdoc',
  title: 'Get Provider Location Insurance Mappings',
  description:
    'Reads which insurance plans a provider location accepts, and which plans it could accept, by carrier ' +
    'and network.',
  group: 'Locations',
  input: z.strictObject({ provider_location_id: providerLocationIdField }),
  output: insuranceMappingsSchema,
  idempotent: true,
  request: (input) => ({
    method: 'GET',
    path: `/v1/provider_locations/${encodeURIComponent(input.provider_location_id)}/insurance_mappings`,
  }),
});
