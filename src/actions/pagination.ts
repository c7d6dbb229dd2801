import { z } from 'zod';

/**
 * Paged list actions return one page by default, or follow pages up to `max_pages` when
 * asked. Pages are followed by the connector's own parameters (the next `page` number,
 * or `next_page_token`), never by fetching the API's absolute `next_url`: a URL from a
 * response must not decide where the connection's bearer token is sent.
 */
export interface Pagination {
  style: 'offset' | 'cursor';
  /** The items of one page's JSON body. */
  items(body: unknown): unknown[];
  /** Fields of the first page worth keeping beside the items (e.g. a summary). */
  extra?(body: unknown): Record<string, unknown>;
}

export const maxPagesField = z
  .number()
  .int()
  .min(1)
  .max(50)
  .default(1)
  .describe('How many pages to fetch and concatenate (1 = just the requested page)');

/** The output of every paged action: the items plus where the listing stands. */
export function pagedOutput<Item extends z.ZodType>(item: Item, extra: z.ZodRawShape = {}) {
  return z.object({
    items: z.array(item).describe('The items of every page fetched, in order'),
    total_count: z.number().int().nullable().describe('Total matching items, when the API says'),
    pages_fetched: z.number().int().describe('How many pages were fetched'),
    has_more: z.boolean().describe('Whether more pages remain after the last one fetched'),
    next_page: z
      .union([z.number().int(), z.string()])
      .nullable()
      .describe('The page number (or page token) to ask for next; null when there is none'),
    ...extra,
  });
}

/** Reads where a page says the listing goes next. */
export function nextPageOf(
  style: Pagination['style'],
  body: unknown,
  currentPage: number,
): { hasMore: boolean; next: number | string | null } {
  const b = (body ?? {}) as { next_url?: unknown; next_page_token?: unknown };
  if (style === 'cursor') {
    const token =
      typeof b.next_page_token === 'string' && b.next_page_token !== '' ? b.next_page_token : null;
    return { hasMore: token !== null, next: token };
  }
  // Zocdoc's spec says null on the last page; the live API sends "". Both mean done.
  const hasMore = typeof b.next_url === 'string' && b.next_url !== '';
  return { hasMore, next: hasMore ? currentPage + 1 : null };
}

export function totalCountOf(body: unknown): number | null {
  const total = (body as { total_count?: unknown } | null)?.total_count;
  return typeof total === 'number' ? total : null;
}
