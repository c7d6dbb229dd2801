import type { z } from 'zod';
import { type ConnectionClient, UpstreamNoResponseError } from '../connections/connection-client.ts';
import type { ActionDefinition } from './action-definition.ts';
import { ActionError, actionErrorFromResponse } from './action-error.ts';

/**
 * Runs one action once: validate input → build the request → call through the
 * connection's authenticated client (which owns token refresh and backoff) → validate
 * the response. Every failure is an ActionError; nothing is sent when the input is bad.
 */
export async function executeAction(
  client: ConnectionClient,
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
  const request = action.request(parsed.data);

  let response: Awaited<ReturnType<ConnectionClient['request']>>;
  try {
    response = await client.request(connectionId, { ...request, idempotent: action.idempotent });
  } catch (error) {
    if (error instanceof UpstreamNoResponseError) {
      throw new ActionError('timeout', `No response from the API: ${error.message}`, {
        mayHaveReachedServer: error.mayHaveReachedServer,
      });
    }
    throw error;
  }

  if (response.status < 200 || response.status >= 300) {
    throw actionErrorFromResponse(response.status, response.body, response.requestId);
  }
  const picked = action.response
    ? action.response(response.body)
    : (response.body as { data?: unknown } | null)?.data;
  const output = action.output.safeParse(picked);
  if (!output.success) {
    throw new ActionError('invalid_response', `The API's answer does not match ${action.key}'s output`, {
      status: response.status,
      requestId: response.requestId,
      details: zodDetails(output.error),
    });
  }
  return output.data;
}

function zodDetails(error: z.ZodError) {
  return error.issues.map((issue) => ({
    ...(issue.path.length > 0 && { field: issue.path.join('.') }),
    message: issue.message,
  }));
}
