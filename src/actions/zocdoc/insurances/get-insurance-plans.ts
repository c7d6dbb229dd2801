import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { maxPagesField, pagedOutput } from '../../pagination.ts';
import { insurancePlanSchema } from '../directory-schemas.ts';
import { listAt } from '../page-items.ts';
import { pageField, pageSizeField } from '../zocdoc-fields.ts';

export const getInsurancePlans = defineAction({
  key: 'zocdoc.get_insurance_plans',
  connector: 'zocdoc',
  title: 'Get Insurance Plans',
  description:
    'Lists the insurance plans Zocdoc knows, filtered by status, state, network, program or care category. ' +
    'Use a plan’s id wherever an insurance_plan_id is asked for.',
  group: 'Insurances',
  input: z.strictObject({
    status: z
      .enum(['active', 'inactive', 'deleted'])
      .optional()
      .describe('active, inactive or deleted plans; the API’s default is active'),
    state: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter state code in capitals, e.g. NY')
      .optional()
      .describe('Only plans with coverage in this state (two capital letters, e.g. NY)'),
    network_type: z
      .enum([
        'hmo',
        'ppo',
        'pos',
        'epo',
        'indemnity',
        'aso',
        'aco',
        'acp',
        'medicare',
        'medicaid',
        'other',
        'uncategorized',
        'hmo_pos',
      ])
      .optional()
      .describe('Only plans of this network type'),
    program_type: z
      .enum([
        'commercial',
        'commercial_exchange',
        'medicare',
        'medicaid',
        'workers_compensation',
        'uncategorized',
        'medicare_advantage',
        'medicaid_managed_care',
        'federal',
      ])
      .optional()
      .describe('Only plans of this program'),
    care_category: z
      .enum(['health', 'dental', 'vision'])
      .optional()
      .describe('Only health, dental or vision plans'),
    page: pageField(200),
    page_size: pageSizeField(500, 100),
    max_pages: maxPagesField,
  }),
  output: pagedOutput(insurancePlanSchema),
  idempotent: true,
  pagination: { style: 'offset', items: listAt('data') },
  request: (input) => ({
    method: 'GET',
    path: '/v1/insurance_plans',
    query: {
      status: input.status,
      state: input.state,
      network_type: input.network_type,
      program_type: input.program_type,
      care_category: input.care_category,
      page: input.page,
      page_size: input.page_size,
    },
  }),
});
