import type { z } from 'zod';
import {
  ConnectionAuthError,
  type ConnectionClient,
  ConnectionNotFoundError,
  UpstreamNoResponseError,
  type UpstreamResponse,
  UpstreamResponseTooLargeError,
} from '../connections/connection-client.ts';
import type { ActionContext, ActionDefinition, ActionRequest } from './action-definition.ts';
import { ActionError, actionErrorFromResponse } from './action-error.ts';
import { nextPageOf, totalCountOf } from './pagination.ts';

/**
 * Runs one action once: validate input → build the request → call through the
 * connection's authenticated client (which owns token refresh and backoff) → validate
 * the response. Every failure is an ActionError; nothing is sent when the input is bad.
 */
export async function executeAction(
  deps: { client: ConnectionClient; context: ActionContext },
  action: ActionDefinition,
  connectionId: string,
  rawInput: unknown,
): Promise<unknown> {
  const parsed = action.input.safeParse(rawInput);
  if (!parsed.success) {
    throw new ActionError('validation', `Invalid input for ${action.key}`, {
      details: zodDetails(parsed.error),
    });
  }
  const request = await action.request(parsed.data, deps.context);
  const call = (req: ActionRequest) => send(deps.client, action, connectionId, req);

  const picked = action.pagination
    ? await followPages(action, call, request, (parsed.data as { max_pages?: number }).max_pages ?? 1)
    : pick(action, await call(request));
  const output = action.output.safeParse(picked.value);
  if (!output.success) {
    throw new ActionError('invalid_response', `The API's answer does not match ${action.key}'s output`, {
      status: picked.status,
      requestId: picked.requestId,
      details: zodDetails(output.error),
    });
  }
  return output.data;
}

interface Picked {
  value: unknown;
  status: number;
  requestId: string | null;
}

function pick(action: ActionDefinition, response: UpstreamResponse): Picked {
  const value = action.response
    ? action.response(response.body)
    : (response.body as { data?: unknown } | null)?.data;
  return { value, status: response.status, requestId: response.requestId };
}

async function followPages(
  action: ActionDefinition,
  call: (req: ActionRequest) => Promise<UpstreamResponse>,
  first: ActionRequest,
  maxPages: number,
): Promise<Picked> {
  const pagination = action.pagination!;
  const items: unknown[] = [];
  let request = first;
  let page = Number(first.query?.page ?? 0);
  let response = await call(request);
  const extra = pagination.extra?.(response.body) ?? {};
  const totalCount = totalCountOf(response.body);
  for (let fetched = 1; ; fetched++) {
    const pageItems = pagination.items(response.body);
    if (!Array.isArray(pageItems)) {
      throw new ActionError('invalid_response', `The API's answer to ${action.key} has no list of items`, {
        status: response.status,
        requestId: response.requestId,
      });
    }
    items.push(...pageItems);
    const { hasMore, next } = nextPageOf(pagination.style, response.body, page);
    if (!hasMore || fetched >= maxPages) {
      return {
        value: {
          items,
          total_count: totalCount,
          pages_fetched: fetched,
          has_more: hasMore,
          next_page: next,
          ...extra,
        },
        status: response.status,
        requestId: response.requestId,
      };
    }
    request =
      pagination.style === 'cursor'
        ? { ...request, query: { ...request.query, next_page_token: next as string } }
        : { ...request, query: { ...request.query, page: next as number } };
    page = typeof next === 'number' ? next : page;
    response = await call(request);
  }
}

async function send(
  client: ConnectionClient,
  action: ActionDefinition,
  connectionId: string,
  request: ActionRequest,
): Promise<UpstreamResponse> {
  let response: UpstreamResponse;
  try {
    response = await client.request(connectionId, { ...request, idempotent: action.idempotent });
  } catch (error) {
    if (error instanceof UpstreamNoResponseError) {
      throw new ActionError('timeout', `No response from the API: ${error.message}`, {
        mayHaveReachedServer: error.mayHaveReachedServer,
      });
    }
    if (error instanceof ConnectionAuthError) {
      throw new ActionError('auth', `The connection could not get an access token: ${error.message}`, {
        ...(error.status !== null && { status: error.status }),
      });
    }
    if (error instanceof ConnectionNotFoundError) throw new ActionError('not_found', error.message);
    if (error instanceof UpstreamResponseTooLargeError) {
      throw new ActionError('invalid_response', error.message, { status: error.status });
    }
    throw error;
  }
  if (response.status < 200 || response.status >= 300) {
    throw actionErrorFromResponse(response.status, response.body, response.requestId);
  }
  return response;
}

function zodDetails(error: z.ZodError) {
  return error.issues.map((issue) => ({
    ...(issue.path.length > 0 && { field: issue.path.join('.') }),
    message: issue.message,
  }));
}
