import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { maxPagesField, pagedOutput } from '../../pagination.ts';
import { recentChangeSummarySchema, schedulableEntitySchema } from '../directory-schemas.ts';
import { listAt, valueAt } from '../page-items.ts';
import { joinList, pageSizeField, unboundedPageField } from '../zocdoc-fields.ts';

export const searchSchedulableEntities = defineAction({
  key: 'zocdoc.search_schedulable_entities',
  connector: 'zocdoc',
  title: 'Search Schedulable Entities',
  description:
    'Lists the bookable provider locations of your Zocdoc directory with a 28-day availability summary, ' +
    'and what was added, removed or changed in the last 72 hours.',
  group: 'Scheduling',
  input: z.strictObject({
    schedule_types: z
      .array(z.string().min(1).describe('A schedule type'))
      .min(1)
      .optional()
      .describe('Only these schedule types; all when left out'),
    recent_changes_72hrs: z
      .boolean()
      .optional()
      .describe('Only entities added or changed in the last 72 hours'),
    page: unboundedPageField(),
    page_size: pageSizeField(10000, 5000),
    max_pages: maxPagesField,
  }),
  output: pagedOutput(schedulableEntitySchema, { recent_change_summary: recentChangeSummarySchema }),
  idempotent: true,
  pagination: {
    style: 'offset',
    items: listAt('data', 'schedulable_entities'),
    extra: (body) => ({ recent_change_summary: valueAt(body, 'data', 'recent_change_summary') }),
  },
  request: (input) => ({
    method: 'GET',
    path: '/v1/schedulable_entities',
    query: {
      schedule_types: joinList(input.schedule_types),
      recent_changes_72hrs: input.recent_changes_72hrs,
      page: input.page,
      page_size: input.page_size,
    },
  }),
});
