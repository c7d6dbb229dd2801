import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { maxPagesField, pagedOutput } from '../../pagination.ts';
import { calendarTimeslotSchema } from '../directory-schemas.ts';
import { listAt } from '../page-items.ts';
import { localDateField, providerIdField } from '../zocdoc-fields.ts';
import { MAX_TIMESLOTS_PER_DAY } from './timeslot-fields.ts';

export const getProviderTimeslots = defineAction({
  key: 'zocdoc.get_provider_timeslots',
  connector: 'zocdoc',
  title: 'Get Provider Timeslots',
  description:
    'Lists the bookable timeslots your calendar integration published for a provider on one date ' +
    '(the date in the slot’s own time zone).',
  group: 'Timeslots',
  input: z.strictObject({
    provider_id: providerIdField.describe('The provider (pr_…) whose timeslots to list'),
    date: localDateField.describe('The date, YYYY-MM-DD, matched against each slot’s local start date'),
    limit: z
      .number()
      .int()
      .min(1)
      // Undocumented upper bound; a day holds at most what one PUT may send.
      .max(MAX_TIMESLOTS_PER_DAY)
      .optional()
      .describe(`Timeslots per page (1–${MAX_TIMESLOTS_PER_DAY}); the API's default when left out`),
    next_page_token: z
      .string()
      .min(1)
      .optional()
      .describe('Continue from this page token (the next_page of an earlier run)'),
    max_pages: maxPagesField,
  }),
  output: pagedOutput(calendarTimeslotSchema),
  idempotent: true,
  pagination: { style: 'cursor', items: listAt('data') },
  request: (input) => ({
    method: 'GET',
    path: `/v1/providers/${encodeURIComponent(input.provider_id)}/calendar/timeslots`,
    query: { date: input.date, limit: input.limit, next_page_token: input.next_page_token },
  }),
});
