import { expect } from 'vitest';
import { ActionError } from '../../src/actions/action-error.ts';
import type { ActionHarness } from './action-harness.ts';

/** The ActionError a run ends in (fails the test when it succeeds or throws anything else). */
export async function failureOf(run: Promise<unknown>): Promise<ActionError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof ActionError) return error;
    throw error;
  }
  throw new Error('the action succeeded; a failure was expected');
}

/**
 * Runs an action with a bad input and checks it is refused as `validation`, naming
 * `field`, before anything reaches the API.
 */
export async function expectRejectedInput(
  harness: ActionHarness,
  key: string,
  input: unknown,
  /** The offending field's dotted path; null for a problem of the input as a whole (an unknown key). */
  field: string | null,
): Promise<ActionError> {
  const sent = harness.apiRequests.length;
  const error = await failureOf(harness.run(key, input));
  expect(error.kind).toBe('validation');
  expect(error.extra.details?.map((d) => d.field ?? null)).toContain(field);
  expect(harness.apiRequests.length).toBe(sent);
  return error;
}

/** The requests a block of test code sent to the API. */
export async function requestsDuring(
  harness: ActionHarness,
  block: () => Promise<unknown>,
): Promise<string[]> {
  const before = harness.apiRequests.length;
  await block();
  return harness.apiRequests.slice(before);
}

/** What every paged action returns (src/actions/pagination.ts). */
export interface Paged<T> {
  items: T[];
  total_count: number | null;
  pages_fetched: number;
  has_more: boolean;
  next_page: number | string | null;
}
