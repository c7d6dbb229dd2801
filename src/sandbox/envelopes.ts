import type { FastifyRequest } from 'fastify';
import type { ErrorDetail, ErrorType } from './sandbox-errors.ts';

/**
 * The response envelopes of the Zocdoc API (zocdoc-api.md §3.1–§3.3). Every JSON body
 * carries `request_id`, which is the fastify request id (a fresh UUID per request, also
 * sent as the `x-request-id` header).
 */

export interface DataEnvelope<T> {
  request_id: string;
  data: T;
}

export interface PagedEnvelope<T> {
  request_id: string;
  page: number;
  page_size: number;
  total_count: number;
  /** Absolute URL of the next page; `""` on the last page (what the live API sends, §3.2). */
  next_url: string;
  data: T[];
}

export interface ErrorResult {
  request_id: string;
  error_type: ErrorType;
  errors: ErrorDetail[];
}

export function dataEnvelope<T>(request: FastifyRequest, data: T): DataEnvelope<T> {
  return { request_id: request.id, data };
}

export function pagedEnvelope<T>(
  request: FastifyRequest,
  page: { page: number; pageSize: number; totalCount: number; nextUrl: string; data: T[] },
): PagedEnvelope<T> {
  return {
    request_id: request.id,
    page: page.page,
    page_size: page.pageSize,
    total_count: page.totalCount,
    next_url: page.nextUrl,
    data: page.data,
  };
}

export function errorResult(
  requestId: string,
  errors: ErrorDetail[],
  errorType: ErrorType = 'invalid_request',
): ErrorResult {
  return { request_id: requestId, error_type: errorType, errors };
}

/** `scheme://host[:port]` the request was addressed to (the Host header, as the client sent it). */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * The absolute URL of `page` of the same query: the request's own path and query string
 * (kept byte for byte, so the client's encoding survives) with `page` replaced or added.
 */
export function pageUrl(request: FastifyRequest, page: number): string {
  const q = request.url.indexOf('?');
  const path = q === -1 ? request.url : request.url.slice(0, q);
  const query = q === -1 ? '' : request.url.slice(q + 1);
  const params = query
    .split('&')
    .filter((part) => part !== '' && !/^page(=|$)/.test(part))
    .concat(`page=${page}`);
  return `${requestOrigin(request)}${path}?${params.join('&')}`;
}
