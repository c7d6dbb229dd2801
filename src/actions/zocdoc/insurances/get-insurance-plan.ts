import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { insurancePlanSchema } from '../directory-schemas.ts';
import { insurancePlanIdField } from '../zocdoc-fields.ts';

export const getInsurancePlan = defineAction({
  key: 'zocdoc.get_insurance_plan',
  connector: 'zocdoc',
  title: 'Get Insurance Plan',
  description:
    'Reads one insurance plan by id: its carrier, network and program type, status and coverage area.',
  group: 'Insurances',
  input: z.strictObject({ insurance_plan_id: insurancePlanIdField }),
  output: insurancePlanSchema,
  idempotent: true,
  request: (input) => ({
    method: 'GET',
    path: `/v1/insurance_plans/${encodeURIComponent(input.insurance_plan_id)}`,
  }),
});
