import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { providerReviewsSchema } from '../directory-schemas.ts';
import { providerIdField } from '../zocdoc-fields.ts';

export const getProviderReviews = defineAction({
  key: 'zocdoc.get_provider_reviews',
  connector: 'zocdoc',
  title: 'Get Provider Reviews',
  description: 'Reads a provider’s review summary on Zocdoc: how many reviews and the average ratings.',
  group: 'Providers',
  input: z.strictObject({
    provider_id: providerIdField.describe('The provider (pr_…) whose reviews to read'),
  }),
  output: providerReviewsSchema,
  idempotent: true,
  request: (input) => ({
    method: 'GET',
    path: `/v1/providers/${encodeURIComponent(input.provider_id)}/reviews`,
  }),
});
