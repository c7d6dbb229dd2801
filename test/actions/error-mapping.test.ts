import { describe, expect, it } from 'vitest';
import { ActionError } from '../../src/actions/action-error.ts';
import { findAction } from '../../src/actions/catalog.ts';
import { executeAction } from '../../src/actions/execute-action.ts';
import { createActionContext } from '../../src/actions/file-download.ts';
import {
  ConnectionAuthError,
  type ConnectionClient,
  UpstreamNoResponseError,
  type UpstreamResponse,
} from '../../src/connections/connection-client.ts';

const appointmentId = '2b29f79b-6d7f-472a-9603-d0c378bc9531';

/** A client that gives one scripted answer, so each error class is tested on its own. */
function answering(answer: Partial<UpstreamResponse> | Error): ConnectionClient {
  return {
    async request() {
      if (answer instanceof Error) throw answer;
      return { status: 200, headers: {}, body: null, text: '', requestId: null, attempts: 1, ...answer };
    },
  };
}

async function failureOf(client: ConnectionClient, key = 'zocdoc.confirm_appointment'): Promise<ActionError> {
  const action = findAction(key)!;
  try {
    await executeAction({ client, context: createActionContext() }, action, 'conn', {
      appointment_id: appointmentId,
    });
  } catch (error) {
    if (error instanceof ActionError) return error;
    throw error;
  }
  throw new Error('the action did not fail');
}

const errorResult = (requestId: string, field: string, message: string) => ({
  request_id: requestId,
  error_type: 'invalid_request',
  errors: [{ field, message }],
});

describe('upstream failures map to a small set of kinds, keeping the upstream details', () => {
  it.each([
    [400, 'validation'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'not_found'],
    [409, 'conflict'],
    [429, 'rate_limited'],
    [500, 'upstream'],
    [502, 'upstream'],
    [503, 'upstream'],
  ] as const)('HTTP %i → %s', async (status, kind) => {
    const error = await failureOf(
      answering({
        status,
        requestId: `req-${status}`,
        body: errorResult(`req-${status}`, 'appointment_id', 'nope'),
      }),
    );
    expect(error.kind).toBe(kind);
    expect(error.toJSON()).toMatchObject({
      kind,
      status,
      request_id: `req-${status}`,
      details: [{ field: 'appointment_id', message: 'nope' }],
    });
  });

  it('a 401 or 403 without a body still says auth', async () => {
    expect((await failureOf(answering({ status: 401 }))).kind).toBe('auth');
  });

  it('no response → timeout, saying whether the request may have reached the API', async () => {
    const error = await failureOf(
      answering(
        new UpstreamNoResponseError('timed out', {
          kind: 'timeout',
          mayHaveReachedServer: true,
          attempts: 2,
        }),
      ),
    );
    expect(error.toJSON()).toMatchObject({ kind: 'timeout', may_have_reached_server: true });
  });

  it('a token endpoint refusal → auth', async () => {
    const refusal = new ConnectionAuthError('refused', {
      connectionId: 'conn',
      status: 401,
      error: 'access_denied',
      errorDescription: 'Unauthorized',
      retryable: false,
    });
    expect((await failureOf(answering(refusal))).toJSON()).toMatchObject({ kind: 'auth', status: 401 });
  });

  it('a 2xx whose body does not fit the output schema → invalid_response', async () => {
    const error = await failureOf(
      answering({ status: 200, requestId: 'r', body: { request_id: 'r', data: { nope: 1 } } }),
    );
    expect(error.toJSON()).toMatchObject({ kind: 'invalid_response', request_id: 'r' });
    expect(error.extra.details?.map((d) => d.field)).toContain('appointment_id');
  });
});
