import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { maxPagesField, pagedOutput } from '../../pagination.ts';
import { formatInstant, instantField, joinList, pageField, pageSizeField } from '../zocdoc-fields.ts';
import { appointmentSchema, appointmentStatusSchema } from '../zocdoc-schemas.ts';

const ids = (what: string) => z.array(z.string().min(1)).min(1).optional().describe(`Only these ${what}`);

export const searchAppointments = defineAction({
  key: 'zocdoc.search_appointments',
  connector: 'zocdoc',
  title: 'Search Appointments',
  description:
    'Lists appointments by status, patient, practice, provider, location and time ranges, sorted as asked. ' +
    'The API serves at most 1,000 results per search (page × page_size).',
  group: 'Appointments',
  input: z
    .strictObject({
      statuses: z
        .array(appointmentStatusSchema)
        .min(1)
        .optional()
        .describe('Only appointments in these statuses'),
      developer_patient_id: z.string().min(1).optional().describe('Only this patient (your own patient id)'),
      practice_ids: ids('practices (pt_…)'),
      provider_ids: ids('providers (pr_…)'),
      location_ids: ids('locations (lo_…)'),
      start_time_utc_min: instantField.optional().describe('Starting at or after this instant'),
      start_time_utc_max: instantField.optional().describe('Starting at or before this instant'),
      created_time_utc_min: instantField.optional().describe('Booked at or after this instant'),
      created_time_utc_max: instantField.optional().describe('Booked at or before this instant'),
      last_modified_time_utc_min: instantField.optional().describe('Changed at or after this instant'),
      last_modified_time_utc_max: instantField.optional().describe('Changed at or before this instant'),
      sort_by: z
        .enum(['start_time_utc', 'created_time_utc', 'last_modified_time_utc'])
        .default('start_time_utc')
        .describe('Sort field'),
      sort_direction: z.enum(['ascending', 'descending']).default('descending').describe('Sort direction'),
      page: pageField(10),
      page_size: pageSizeField(100, 100),
      max_pages: maxPagesField,
    })
    .refine((input) => (input.page + 1) * input.page_size <= 1100 && input.page * input.page_size < 1000, {
      path: ['page'],
      message: 'the API serves only the first 1,000 results: page × page_size must stay below 1,000',
    }),
  output: pagedOutput(appointmentSchema),
  idempotent: true,
  pagination: { style: 'offset', items: (body) => (body as { data?: unknown[] } | null)?.data ?? [] },
  request: (input) => ({
    method: 'GET',
    path: '/v1/appointments',
    query: {
      statuses: joinList(input.statuses),
      developer_patient_id: input.developer_patient_id,
      practice_ids: joinList(input.practice_ids),
      provider_ids: joinList(input.provider_ids),
      location_ids: joinList(input.location_ids),
      start_time_utc_min: formatInstant(input.start_time_utc_min),
      start_time_utc_max: formatInstant(input.start_time_utc_max),
      created_time_utc_min: formatInstant(input.created_time_utc_min),
      created_time_utc_max: formatInstant(input.created_time_utc_max),
      last_modified_time_utc_min: formatInstant(input.last_modified_time_utc_min),
      last_modified_time_utc_max: formatInstant(input.last_modified_time_utc_max),
      sort_by: input.sort_by,
      sort_direction: input.sort_direction,
      page: input.page,
      page_size: input.page_size,
    },
  }),
});
