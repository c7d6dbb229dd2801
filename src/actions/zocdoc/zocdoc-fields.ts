import { z } from 'zod';

/**
 * Input fields several Zocdoc actions share, with the API's own limits
 * (../shared/zocdoc-api.md). Each carries its description: the catalog's JSON Schema
 * and a no-code builder's form are generated from these.
 */

export const providerLocationIdField = z
  .string()
  .regex(/^[^|\s]+\|[^|\s]+$/, 'a provider location id looks like pr_…|lo_…')
  .describe('Provider location id, e.g. pr_abc|lo_def (pass it whole)')
  .meta({ 'x-options': 'provider_locations' });

export const visitReasonIdField = z
  .string()
  .min(1)
  .describe('Visit reason id (pc_…)')
  .meta({ 'x-options': 'visit_reasons' });

export const insurancePlanIdField = z
  .string()
  .min(1)
  .describe('Insurance plan id (ip_…)')
  .meta({ 'x-options': 'insurance_plans' });

export const patientTypeField = z.enum(['new', 'existing']).describe('new or existing patient');

export const npisField = z
  .array(z.string().min(1).describe('A 10-digit NPI'))
  .min(1)
  .max(50)
  .describe('NPIs, at most 50');

export const localDateField = z.iso.date().describe('A date, YYYY-MM-DD');

/** An instant for the appointment filters; sent in the API's `2024-01-01 00:00:00+00:00` form. */
export const instantField = z.iso
  .datetime({ offset: true })
  .describe('An instant, ISO-8601 (UTC or with an offset)');

export function formatInstant(iso: string | undefined): string | undefined {
  if (iso === undefined) return undefined;
  return `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')}+00:00`;
}

/** Lists travel comma-joined in query strings (§3.4). */
export function joinList(values: readonly string[] | undefined): string | undefined {
  return values && values.length > 0 ? values.join(',') : undefined;
}

export function pageField(max: number) {
  return z.number().int().min(0).max(max).default(0).describe(`Zero-based page number (0–${max})`);
}

export function pageSizeField(max: number, defaultSize: number) {
  return z.number().int().min(1).max(max).default(defaultSize).describe(`Items per page (1–${max})`);
}

/** For listings whose docs set no upper page bound (NPIs, schedulable entities). */
export function unboundedPageField() {
  return z.number().int().min(0).default(0).describe('Zero-based page number');
}

export const providerIdField = z
  .string()
  // A provider location id (pr_…|lo_…) here is the likeliest mapping slip: catch it before sending.
  .regex(/^pr_[^\s|/]+$/, 'a provider id looks like pr_… (not a provider location id pr_…|lo_…)')
  .describe('Zocdoc provider id (pr_…)');

export const zipCodeField = z
  .string()
  .regex(/^\d{5}$/, 'must be a 5-digit zip code')
  .describe('A 5-digit zip code');

export const specialtyIdField = z.string().min(1).describe('Specialty id (sp_…)');

export function maxDistanceField(max?: number) {
  const miles = z.number().int().min(1);
  return (max === undefined ? miles : miles.max(max)).describe(
    `Farthest distance from the zip code's center, in miles${max === undefined ? '' : ` (1–${max})`}; the API's default is 50`,
  );
}
