import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { valueAt } from '../page-items.ts';
import { insurancePlanIdField, providerLocationIdField } from '../zocdoc-fields.ts';

export const updateProviderLocationInsuranceMappings = defineAction({
  key: 'zocdoc.update_provider_location_insurance_mappings',
  connector: 'zocdoc',
  title: 'Update Provider Location Insurance Mappings',
  description:
    'Adds, removes or replaces the insurance plans a provider location accepts. Zocdoc applies the change ' +
    'later: read the mappings again to see it. Replacing with an empty list needs confirm_remove_all.',
  group: 'Locations',
  input: z
    .strictObject({
      provider_location_id: providerLocationIdField,
      operation: z
        .enum(['Add', 'Remove', 'Replace'])
        .describe('Add these plans, Remove these plans, or Replace all plans with these'),
      insurance_plan_ids: z
        .array(insurancePlanIdField)
        .describe('Insurance plans (ip_…); at least one for Add and Remove'),
      confirm_remove_all: z
        .boolean()
        .default(false)
        .describe('Must be true to Replace with an empty list, which removes every accepted plan'),
    })
    .superRefine((input, ctx) => {
      if (input.insurance_plan_ids.length > 0) return;
      if (input.operation !== 'Replace') {
        ctx.addIssue({
          code: 'custom',
          path: ['insurance_plan_ids'],
          message: `${input.operation} needs at least one insurance plan id`,
        });
      } else if (!input.confirm_remove_all) {
        // Like the empty-day guard of timeslots: an empty mapping result must not strip a location of every plan.
        ctx.addIssue({
          code: 'custom',
          path: ['confirm_remove_all'],
          message:
            'Replace with an empty list removes every accepted insurance plan: set confirm_remove_all to true to do that',
        });
      }
    }),
  output: z.object({
    accepted: z.literal(true).describe('Zocdoc accepted the change; it is applied shortly after'),
    request_id: z.string().nullable().describe('Zocdoc request id of the change, for support'),
  }),
  // Add and Remove are set operations and Replace sets the whole list: repeating one changes nothing more.
  idempotent: true,
  request: (input) => ({
    method: 'POST',
    path: `/v1/provider_locations/${encodeURIComponent(input.provider_location_id)}/insurance_mappings`,
    body: { operation: input.operation, insurance_plan_ids: input.insurance_plan_ids },
  }),
  // 202 with `{request_id}` only: nothing else to show than that it was accepted.
  response: (body) => {
    const requestId = valueAt(body, 'request_id');
    return { accepted: true, request_id: typeof requestId === 'string' ? requestId : null };
  },
});
