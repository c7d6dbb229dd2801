import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { valueAt } from '../page-items.ts';
import { localDateField, providerIdField } from '../zocdoc-fields.ts';
import { MAX_TIMESLOTS_PER_DAY, timeslotInputSchema } from './timeslot-fields.ts';

export const putProviderCalendarTimeslots = defineAction({
  key: 'zocdoc.put_provider_calendar_timeslots',
  connector: 'zocdoc',
  title: 'Put Provider Calendar Timeslots',
  description:
    'Publishes the complete list of bookable timeslots of a provider for one date, replacing whatever ' +
    'that date had at every location. An empty list deletes the whole day, so it needs confirm_clear_day.',
  group: 'Timeslots',
  input: z
    .strictObject({
      provider_id: providerIdField.describe('The provider (pr_…) whose day to replace'),
      date: localDateField.describe(
        'The date to replace, YYYY-MM-DD; every slot must start on it (local time)',
      ),
      timeslots: z
        .array(timeslotInputSchema)
        .max(MAX_TIMESLOTS_PER_DAY)
        .describe(
          `The day's complete list of timeslots (at most ${MAX_TIMESLOTS_PER_DAY}); slots left out are deleted`,
        ),
      confirm_clear_day: z
        .boolean()
        .default(false)
        .describe('Must be true to send an empty list, which deletes every timeslot of that date'),
    })
    .superRefine((input, ctx) => {
      // The empty-day guard: an empty list wipes the day at every location, and an upstream
      // mapping that produced nothing must not do that by accident.
      if (input.timeslots.length === 0 && !input.confirm_clear_day) {
        ctx.addIssue({
          code: 'custom',
          path: ['confirm_clear_day'],
          message:
            'an empty timeslots list deletes every timeslot of the date: set confirm_clear_day to true to do that',
        });
      }
      // The API's own per-slot rules (§5.11), checked here so one bad slot names itself.
      input.timeslots.forEach((slot, index) => {
        if (slot.provider_id !== input.provider_id) {
          ctx.addIssue({
            code: 'custom',
            path: ['timeslots', index, 'provider_id'],
            message: `must equal provider_id (${input.provider_id})`,
          });
        }
        if (slot.start_time.slice(0, 10) !== input.date) {
          ctx.addIssue({
            code: 'custom',
            path: ['timeslots', index, 'start_time'],
            message: `must start on date ${input.date} (local time)`,
          });
        }
      });
    }),
  output: z.object({
    not_found_location_ids: z
      .array(z.string())
      .describe('Location ids of the list that Zocdoc does not know; their slots were not stored'),
  }),
  // A full replace of the day: sending the same list twice leaves the same day.
  idempotent: true,
  request: (input) => ({
    method: 'PUT',
    path: `/v1/providers/${encodeURIComponent(input.provider_id)}/calendar/timeslots`,
    query: { date: input.date },
    body: { timeslots: input.timeslots },
  }),
  // The answer has no `data`: `{errors: {not_found_location_ids}}`, and before 2026-05 no
  // body at all (§13), which means nothing was refused.
  response: (body) => {
    const errors = valueAt(body, 'errors');
    return {
      not_found_location_ids:
        errors === undefined || errors === null ? [] : valueAt(errors, 'not_found_location_ids'),
    };
  },
});
