import { z } from 'zod';
import { parseInstant } from './local-time.ts';
import { type ErrorDetail, SandboxError } from './sandbox-errors.ts';

/**
 * zod → ErrorResult. Every offending field is reported (not just the first), each named by
 * its dotted path from the root of the body or by the query parameter's name.
 */

const requiredMessage: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined;

/** A schema-level message that still says "is required" when the value is missing. */
export const orRequired = (message: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message),
});

export function issuesToErrors(issues: readonly z.core.$ZodIssue[]): ErrorDetail[] {
  return issues.flatMap((issue): ErrorDetail[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const field = [...issue.path.map(String), key].join('.');
        return { field, message: `${field} is not a known field` };
      });
    }
    const field = issue.path.map(String).join('.');
    if (!field) return [{ message: `Request body ${issue.message}` }];
    return [{ field, message: `${field} ${issue.message}` }];
  });
}

/** Parses or throws a 400 SandboxError naming every offending field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value, { error: requiredMessage });
  if (!result.success) throw new SandboxError(400, issuesToErrors(result.error.issues));
  return result.data;
}

/**
 * A query parameter. Repeated parameters are joined with commas (so `statuses=a&statuses=b`
 * means `statuses=a,b`); an empty value counts as absent.
 */
export function queryParam<S extends z.ZodType>(inner: S) {
  return z.preprocess((value) => {
    const joined = Array.isArray(value) ? value.join(',') : value;
    return joined === '' ? undefined : joined;
  }, inner);
}

export const intParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be an integer from ${min} to ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be an integer from ${min} to ${max}` });

/** A comma-separated list (blank items dropped, duplicates removed, order kept). */
export const commaList = (options: { max?: number; allowed?: readonly string[] } = {}) =>
  z.string().transform((raw, ctx) => {
    const items = [...new Set(raw.split(',').map((item) => item.trim()))].filter((item) => item !== '');
    if (items.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'must list at least one value' });
      return z.NEVER;
    }
    if (options.max !== undefined && items.length > options.max) {
      ctx.addIssue({ code: 'custom', message: `must list at most ${options.max} values` });
      return z.NEVER;
    }
    if (options.allowed) {
      const allowed = options.allowed;
      const unknown = items.filter((item) => !allowed.includes(item));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `has unknown value(s) ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`,
        });
        return z.NEVER;
      }
    }
    return items;
  });

/** An instant filter (`2024-01-01 00:00:00+00:00` or ISO-8601) → epoch ms. */
export const instantParam = z.string().transform((raw, ctx) => {
  const ms = parseInstant(raw);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a date-time such as 2024-01-01 00:00:00+00:00 or 2024-01-01T00:00:00Z',
    });
    return z.NEVER;
  }
  return ms;
});
