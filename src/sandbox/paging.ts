import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { pageUrl } from './envelopes.ts';

/**
 * Offset paging for the directory endpoints (§3.1–§3.2): the page's slice, the absolute
 * `next_url` (`""` on the last page, and when the next page would be refused), and the paged
 * envelope for endpoints whose `data` is an object rather than a list.
 */

export interface PageRequest {
  page: number;
  pageSize: number;
}

export function pageSlice<T>(items: readonly T[], request: PageRequest): T[] {
  const start = request.page * request.pageSize;
  return items.slice(start, start + request.pageSize);
}

/** `maxPage`: the highest page the endpoint accepts (no next_url pointing past it). */
export function nextPageUrl(
  request: FastifyRequest,
  page: PageRequest,
  totalCount: number,
  maxPage = Number.POSITIVE_INFINITY,
): string {
  const next = page.page + 1;
  return next * page.pageSize < totalCount && next <= maxPage ? pageUrl(request, next) : '';
}

export interface PagedObjectEnvelope<T> {
  request_id: string;
  page: number;
  page_size: number;
  total_count: number;
  next_url: string;
  data: T;
}

export function pagedObjectEnvelope<T>(
  request: FastifyRequest,
  page: PageRequest,
  totalCount: number,
  nextUrl: string,
  data: T,
): PagedObjectEnvelope<T> {
  return {
    request_id: request.id,
    page: page.page,
    page_size: page.pageSize,
    total_count: totalCount,
    next_url: nextUrl,
    data,
  };
}

/** An integer query parameter ≥ `min` with no upper bound (e.g. `page` of the reference feeds). */
export const unboundedIntParam = (min: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be an integer of at least ${min}` })
    .transform(Number)
    .refine((n) => Number.isSafeInteger(n) && n >= min, { error: `must be an integer of at least ${min}` });

/** `true` / `false` (any case). */
export const booleanParam = z
  .string()
  .regex(/^(true|false)$/i, { error: 'must be true or false' })
  .transform((v) => v.toLowerCase() === 'true');

/**
 * Options for a query-level rule (one of two parameters, two that come together) that must
 * run even when some parameter failed its own check, so the 400 names every problem at
 * once. Such a rule sees the raw query: test presence with `given`.
 */
export const alwaysCheck = { when: () => true } as const;

/** Whether a raw query parameter was given (an empty value counts as absent, as in queryParam). */
export const given = (value: unknown): boolean => value !== undefined && value !== '';
