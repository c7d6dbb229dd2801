import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LISTED_ERRORS } from '../../src/api/problem.ts';
import { findUnstorableValues, MAX_NESTING_DEPTH } from '../../src/api/storable-input.ts';
import {
  type ApiKit,
  bearer,
  connectionBody,
  createApiKit,
  createConnection,
  errorPaths,
  expectProblem,
  workflowBody,
} from './api-test-kit.ts';

const NUL_MESSAGE = /NUL character/;
const SURROGATE_MESSAGE = /unpaired UTF-16 surrogate/;

/** `depth` arrays, one inside the other, around `leaf`. */
const nested = (depth: number, leaf: unknown = 'x'): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

describe('findUnstorableValues', () => {
  it('names NUL, lone surrogates and ±Infinity in values and keys, in the order written', () => {
    const value = {
      a: 'ok \ud83d\ude00', // a proper pair is fine
      b: 'x\u0000y',
      c: ['fine', '\ud800', 'x\udc00'],
      'k\u0000': 1,
      '\udfff': 'v\u0000',
      n: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e308],
      reversed: '\udc00\ud800',
    };
    expect(findUnstorableValues('body', value)).toEqual([
      { path: 'body.b', message: expect.stringMatching(NUL_MESSAGE) },
      { path: 'body.c.1', message: expect.stringMatching(SURROGATE_MESSAGE) },
      { path: 'body.c.2', message: expect.stringMatching(SURROGATE_MESSAGE) },
      { path: 'body.k\\u0000', message: expect.stringMatching(/^key .*NUL character/) },
      { path: 'body.\\udfff', message: expect.stringMatching(/^key .*surrogate/) },
      { path: 'body.\\udfff', message: expect.stringMatching(NUL_MESSAGE) },
      { path: 'body.n.0', message: expect.stringMatching(/too large/) },
      { path: 'body.n.1', message: expect.stringMatching(/too large/) },
      { path: 'body.reversed', message: expect.stringMatching(SURROGATE_MESSAGE) },
    ]);
  });

  it('allows exactly MAX_NESTING_DEPTH levels and names the container one level deeper', () => {
    expect(findUnstorableValues('body', nested(MAX_NESTING_DEPTH))).toEqual([]);
    const [error, ...rest] = findUnstorableValues('body', nested(MAX_NESTING_DEPTH + 1));
    expect(rest).toEqual([]);
    expect(error!.path).toBe(['body', ...Array(MAX_NESTING_DEPTH).fill(0)].join('.'));
    expect(error!.message).toMatch(/deeper than 64 levels/);
  });

  it('checks a value far deeper than the call stack allows without overflowing', () => {
    const errors = findUnstorableValues('body', { deep: nested(500_000) });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toMatch(/^body\.deep\.0\.0/);
  });

  it('stops at the limit', () => {
    const value = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, '\u0000']));
    const errors = findUnstorableValues('body', value, 5);
    expect(errors.map((e) => e.path)).toEqual(['body.f0', 'body.f1', 'body.f2', 'body.f3', 'body.f4']);
  });

  it('finds nothing in ordinary input', () => {
    expect(findUnstorableValues('body', workflowBody(randomUUID()))).toEqual([]);
    expect(findUnstorableValues('query', { limit: '10', cursor: 'abc' })).toEqual([]);
  });
});

describe('input PostgreSQL cannot store is a 400 naming the field', () => {
  let kit: ApiKit;
  let connectionId: string;
  let workflowId: string;
  beforeAll(async () => {
    kit = await createApiKit();
    connectionId = await createConnection(kit.app, kit.a.key);
    const res = await kit.app.inject({
      method: 'POST',
      url: '/v1/workflows',
      headers: bearer(kit.a.key),
      payload: workflowBody(connectionId),
    });
    workflowId = res.json().id;
  });
  afterAll(() => kit.close());

  const send = (method: 'POST' | 'PATCH', url: string, payload: unknown, key = kit.a.key) =>
    kit.app.inject({ method, url, headers: bearer(key), payload: payload as Record<string, unknown> });

  /** For bodies JSON.stringify cannot write, such as 1e309. */
  const sendRaw = (method: 'POST' | 'PATCH', url: string, json: string) =>
    kit.app.inject({
      method,
      url,
      headers: { ...bearer(kit.a.key), 'content-type': 'application/json' },
      payload: json,
    });

  const workflowWithInput = (input: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
    workflowBody(connectionId, {
      steps: [{ key: 'confirm', action: 'zocdoc.confirm_appointment', connection_id: connectionId, input }],
      ...overrides,
    });

  it('refuses NUL in every text field of a connection, listing them all', async () => {
    const res = await send(
      'POST',
      '/v1/connections',
      connectionBody({
        name: 'Main\u0000',
        client_id: '\u0000client',
        scope: 'a\u0000b',
        audience: 'https://x/\u0000',
      }),
    );
    const problem = expectProblem(res, 400);
    expect(errorPaths(problem)).toEqual(['body.name', 'body.client_id', 'body.scope', 'body.audience']);
    expect(problem.errors!.every((e) => NUL_MESSAGE.test(e.message))).toBe(true);
    expect(problem.detail).toContain('body.name');
    const list = await kit.app.inject({ method: 'GET', url: '/v1/connections', headers: bearer(kit.a.key) });
    expect(list.json().data).toHaveLength(1);
  });

  it('refuses NUL and lone surrogates in a workflow’s name, step input values and keys, and filter', async () => {
    const body = workflowBody(connectionId, {
      name: 'Confirm\u0000',
      steps: [
        {
          key: 'confirm',
          action: 'zocdoc.confirm_appointment',
          connection_id: connectionId,
          input: { appointment_id: '{{ trigger.appointment_id }}', note: 'hi\u0000', 'n\u0000te': 'x' },
          filter: 'trigger.x = "\ud800"',
        },
      ],
    });
    const problem = expectProblem(await send('POST', '/v1/workflows', body), 400);
    expect(problem.errors).toEqual([
      { path: 'body.name', message: expect.stringMatching(NUL_MESSAGE) },
      { path: 'body.steps.0.input.note', message: expect.stringMatching(NUL_MESSAGE) },
      { path: 'body.steps.0.input.n\\u0000te', message: expect.stringMatching(/^key .*NUL/) },
      { path: 'body.steps.0.filter', message: expect.stringMatching(SURROGATE_MESSAGE) },
    ]);
  });

  it('refuses a lone surrogate that jsonb would reject, and keeps a proper pair', async () => {
    const lone = expectProblem(
      await send('POST', '/v1/workflows', workflowWithInput({ note: '\ud800' })),
      400,
    );
    expect(errorPaths(lone)).toEqual(['body.steps.0.input.note']);
    expect(lone.errors![0]!.message).toMatch(SURROGATE_MESSAGE);

    const emoji = await send('POST', '/v1/workflows', workflowWithInput({ note: 'thanks \ud83d\ude00' }));
    expect(emoji.statusCode, emoji.body).toBe(201);
    expect(emoji.json().steps[0].input.note).toBe('thanks \ud83d\ude00');
  });

  it('refuses NUL in a PATCH and leaves the workflow unchanged', async () => {
    const rename = expectProblem(
      await send('PATCH', `/v1/workflows/${workflowId}`, { name: 'x\u0000' }),
      400,
    );
    expect(errorPaths(rename)).toEqual(['body.name']);
    const steps = expectProblem(
      await send('PATCH', `/v1/workflows/${workflowId}`, {
        steps: workflowWithInput({ note: { deeper: ['\u0000'] } }).steps,
      }),
      400,
    );
    expect(errorPaths(steps)).toEqual(['body.steps.0.input.note.deeper.0']);
    const res = await kit.app.inject({
      method: 'GET',
      url: `/v1/workflows/${workflowId}`,
      headers: bearer(kit.a.key),
    });
    expect(res.json()).toMatchObject({
      name: workflowBody(connectionId).name,
      steps: workflowBody(connectionId).steps,
    });
  });

  it('refuses a body nested 2,000 levels deep, naming where the limit is crossed', async () => {
    const problem = expectProblem(
      await send('POST', '/v1/workflows', workflowWithInput({ note: nested(2_000) })),
      400,
    );
    // body → steps → 0 → input → note makes the note array the fifth level.
    const expected = ['body.steps.0.input.note', ...Array(MAX_NESTING_DEPTH - 4).fill(0)].join('.');
    expect(errorPaths(problem)).toEqual([expected]);
    expect(problem.errors![0]!.message).toMatch(/deeper than 64 levels/);
  });

  it('takes input right at the nesting limit', async () => {
    // The note holds arrays on levels 5 to 64 of the body, then a string.
    const res = await send(
      'POST',
      '/v1/workflows',
      workflowWithInput({ note: nested(MAX_NESTING_DEPTH - 4) }),
    );
    expect(res.statusCode, res.body).toBe(201);
  });

  it('refuses numbers JSON.parse turns into Infinity instead of storing them as null', async () => {
    const json = JSON.stringify(workflowWithInput({ big: 'BIG', small: 'SMALL' }))
      .replace('"BIG"', '1e309')
      .replace('"SMALL"', '-1e309');
    const problem = expectProblem(await sendRaw('POST', '/v1/workflows', json), 400);
    expect(errorPaths(problem)).toEqual(['body.steps.0.input.big', 'body.steps.0.input.small']);
  });

  it('lists the first 20 offending fields only', async () => {
    const input = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`f${i}`, '\u0000']));
    const problem = expectProblem(await send('POST', '/v1/workflows', workflowWithInput(input)), 400);
    expect(problem.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(problem.errors![0]!.path).toBe('body.steps.0.input.f0');
    expect(problem.detail).toMatch(/first 20/);
  });

  it('refuses NUL in action test input before anything is sent', async () => {
    const res = await send('POST', `/v1/connections/${connectionId}/actions/zocdoc.get_appointment/test`, {
      input: { appointment_id: '\u0000' },
    });
    expect(errorPaths(expectProblem(res, 400))).toEqual(['body.input.appointment_id']);
  });

  it('refuses NUL in query values, naming the parameter', async () => {
    const res = await kit.app.inject({
      method: 'GET',
      url: `/v1/connections/${connectionId}/options/insurance_plans?state=CA%00`,
      headers: bearer(kit.a.key),
    });
    expect(errorPaths(expectProblem(res, 400))).toEqual(['query.state']);
  });

  it('still asks for the API key first', async () => {
    const res = await kit.app.inject({
      method: 'POST',
      url: '/v1/workflows',
      payload: workflowWithInput({ note: '\u0000' }),
    });
    expectProblem(res, 401);
  });

  it('caps the list of unknown fields of a strict object too', async () => {
    const extra = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]));
    const problem = expectProblem(await send('POST', '/v1/connections', connectionBody(extra)), 400);
    expect(problem.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(problem.detail).toMatch(/and 4980 more$/);
  });
});
