import type { z } from 'zod';

/** How an action's validated input becomes one HTTP request to the connector's API. */
export interface ActionRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the connection's base URL, already percent-encoded where needed. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
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
  request(input: z.infer<Input>): ActionRequest;
  /** Picks the action's output out of the API's JSON body (default: its `data`). */
  response?(body: unknown): unknown;
}

export function defineAction<Input extends z.ZodType, Output extends z.ZodType>(
  definition: ActionDefinition<Input, Output>,
): ActionDefinition<Input, Output> {
  return definition;
}
