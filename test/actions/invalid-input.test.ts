import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionError } from '../../src/actions/action-error.ts';
import { actions } from '../../src/actions/catalog.ts';
import { type ActionHarness, startActionHarness } from './action-harness.ts';

/** Every action of the catalog, not only those with their own tests: bad input sends nothing. */
describe('every action rejects an invalid input before any HTTP call', () => {
  let harness: ActionHarness;
  beforeAll(async () => {
    harness = await startActionHarness();
  });
  afterAll(() => harness.close());

  it.each(actions.map((a) => [a.key]))('%s', async (key) => {
    const before = harness.apiRequests.length;
    const error = await harness.run(key, { not_a_field: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).kind).toBe('validation');
    expect((error as ActionError).extra.details?.length).toBeGreaterThan(0);
    expect(harness.apiRequests.length).toBe(before);
  });
});
