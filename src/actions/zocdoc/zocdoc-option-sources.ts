import { z } from 'zod';
import { defineOptionSource, type Option } from '../option-sources.ts';

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
const record = (value: unknown) =>
  value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
const itemsOf = (output: unknown) => {
  const items = record(output).items;
  return Array.isArray(items) ? items.map(record) : [];
};

export const providerLocationOptions = defineOptionSource({
  key: 'provider_locations',
  connector: 'zocdoc',
  title: 'Provider locations near a ZIP code',
  params: z.strictObject({
    zip_code: z
      .string()
      .regex(/^\d{5}$/, '5 digits')
      .describe('Search near this ZIP code'),
    specialty_id: z.string().min(1).optional().describe('Specialty (sp_…); give this or visit_reason_id'),
    visit_reason_id: z.string().min(1).optional().describe('Visit reason (pc_…); give this or specialty_id'),
  }),
  action: 'zocdoc.search_provider_locations',
  input: (params) => ({ ...params, page_size: 50, max_pages: 4 }),
  options: (output) =>
    itemsOf(output).flatMap((item): Option[] => {
      const value = text(item.provider_location_id);
      if (!value) return [];
      const provider = text(record(item.provider).full_name);
      const place =
        text(record(item.location).location_name) ?? text(record(item.location).city) ?? 'virtual';
      return [{ value, label: [provider, place].filter(Boolean).join(' — ') || value }];
    }),
});

export const visitReasonOptions = defineOptionSource({
  key: 'visit_reasons',
  connector: 'zocdoc',
  title: 'Visit reasons a provider location offers',
  params: z.strictObject({
    provider_location_id: z
      .string()
      .regex(/^[^|\s]+\|[^|\s]+$/, 'pr_…|lo_…')
      .describe('The provider location'),
  }),
  action: 'zocdoc.get_provider_location',
  input: (params) => params,
  options: (output) => {
    const provider = record(record(output).provider);
    const ids = Array.isArray(provider.visit_reason_ids)
      ? provider.visit_reason_ids.filter((id) => text(id))
      : [];
    const defaultId = text(provider.default_visit_reason_id);
    // The 1.22 API gives visit reasons as ids only; the default one is marked for people.
    return (ids as string[]).map((id) => ({ value: id, label: id === defaultId ? `${id} (default)` : id }));
  },
});

export const insurancePlanOptions = defineOptionSource({
  key: 'insurance_plans',
  connector: 'zocdoc',
  title: 'Active insurance plans',
  params: z.strictObject({
    state: z
      .string()
      .regex(/^[A-Z]{2}$/, 'two capital letters')
      .optional()
      .describe('Plans covering this state'),
    care_category: z.enum(['health', 'dental', 'vision']).optional().describe('Only this kind of care'),
  }),
  action: 'zocdoc.get_insurance_plans',
  input: (params) => ({ ...params, status: 'active', page_size: 500, max_pages: 25 }),
  options: (output) =>
    itemsOf(output).flatMap((plan): Option[] => {
      const value = text(plan.id);
      if (!value) return [];
      const carrier = text(record(plan.carrier).name);
      const name = text(plan.name) ?? value;
      return [{ value, label: carrier ? `${carrier}: ${name}` : name }];
    }),
});

export const zocdocOptionSources = [providerLocationOptions, visitReasonOptions, insurancePlanOptions];
