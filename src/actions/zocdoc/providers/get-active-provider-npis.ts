import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { maxPagesField, pagedOutput } from '../../pagination.ts';
import { listAt } from '../page-items.ts';
import { unboundedPageField } from '../zocdoc-fields.ts';

export const getActiveProviderNpis = defineAction({
  key: 'zocdoc.get_active_provider_npis',
  connector: 'zocdoc',
  title: 'Get Active Provider NPIs',
  description:
    'Lists the NPIs of every active provider in your Zocdoc directory. The list changes rarely: ' +
    'reading it once a week is enough.',
  group: 'Providers',
  input: z.strictObject({
    page: unboundedPageField(),
    page_size: z
      .number()
      .int()
      .min(1)
      .max(60000)
      .optional()
      .describe('NPIs per page (1–60000); the API’s default when left out'),
    max_pages: maxPagesField,
  }),
  output: pagedOutput(z.string().describe('An NPI')),
  idempotent: true,
  pagination: { style: 'offset', items: listAt('data', 'npis') },
  request: (input) => ({
    method: 'GET',
    path: '/v1/reference/npi',
    query: { page: input.page, page_size: input.page_size },
  }),
});
