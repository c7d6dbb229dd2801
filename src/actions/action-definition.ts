import type { z } from 'zod';
import type { Pagination } from './pagination.ts';

/** How an action's validated input becomes one HTTP request to the connector's API. */
export interface ActionRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the connection's base URL, already percent-encoded where needed. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body, or a FormData for multipart uploads. */
  body?: unknown;
}

/** What a request builder may need beyond its input; passed in so tests can replace it. */
export interface ActionContext {
  /** Downloads a file an action input names by URL (http/https only, size-capped). */
  fetchFile(url: string): Promise<DownloadedFile>;
}

export interface DownloadedFile {
  bytes: Uint8Array;
  contentType: string | null;
  filename: string | null;
}

/**
 * One catalog action, as data. The generic executor (execute-action.ts) validates the
 * input, builds the request, calls the API through the connection's client and validates
 * the response; an action holds no I/O of its own.
 */
export interface ActionDefinition<Input extends z.ZodType = z.ZodType, Output extends z.ZodType = z.ZodType> {
  /** `<connector>.<name>`, stable forever: workflows store it. */
  key: string;
  connector: string;
  title: string;
  description: string;
  group: string;
  input: Input;
  output: Output;
  /**
   * Safe to send twice? A non-idempotent action (create appointment, upload) is never
   * retried after an ambiguous failure: the run stops `interrupted` instead.
   */
  idempotent: boolean;
  request(input: z.infer<Input>, context: ActionContext): ActionRequest | Promise<ActionRequest>;
  /** Picks the action's output out of the API's JSON body (default: its `data`). */
  response?(body: unknown): unknown;
  /** For list endpoints: how to read items and follow pages (see pagination.ts). */
  pagination?: Pagination;
}

export function defineAction<Input extends z.ZodType, Output extends z.ZodType>(
  definition: ActionDefinition<Input, Output>,
): ActionDefinition<Input, Output> {
  return definition;
}
