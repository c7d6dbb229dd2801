import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { startSandbox } from '../../src/sandbox/sandbox-app.ts';
import {
  type ApiKit,
  bearer,
  connectionBody,
  connectToSandbox,
  createApiKit,
  workflowBody,
} from './api-test-kit.ts';

/**
 * A sweep of hostile input over every route. It asserts one thing only: no answer is a
 * 5xx, and every error is problem+json. What each answer should say is in the other files.
 */

type Method = 'GET' | 'POST' | 'PATCH';

interface Probe {
  label: string;
  method: Method;
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
}

/** Stands for a raw JSON token JSON.stringify cannot produce (1e309, -0); swapped in after. */
const RAW = (token: string) => `\u0001RAW:${token}\u0001`;
const withRawTokens = (json: string) => json.replace(/"\\u0001RAW:([^\\]*)\\u0001"/g, '$1');

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { d: value };
  return value;
};

/** Values put in place of each field of a valid body, one at a time. */
const badValues: Array<[string, unknown]> = [
  ['nul', '\u0000'],
  ['nul inside', 'a\u0000b'],
  ['lone high surrogate', '\ud800'],
  ['lone low surrogate', 'x\udc00'],
  ['reversed pair', '\udc00\ud800'],
  ['1e309', RAW('1e309')],
  ['-1e309', RAW('-1e309')],
  ['-0', RAW('-0')],
  ['huge integer', RAW('123456789012345678901234567890')],
  ['tiny', RAW('1e-400')],
  ['null', null],
  ['array', []],
  ['object', {}],
  ['true', true],
  ['long string', 'x'.repeat(200_000)],
  ['deep', nested(2_000)],
  ['shallow deep', nested(60)],
  ['nul key', { '\u0000': 1 }],
  ['surrogate key', { '\ud800x': 1 }],
  ['template with nul', '{{ trigger.\u0000 }}'],
  ['deep expression', `{{ ${'('.repeat(5_000)}1${')'.repeat(5_000)} }}`],
];

/** Every path to a value in `value`, containers included, root excluded. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => [[...prefix, i], ...pathsOf(item, [...prefix, i])]);
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  }
  return [];
}

function replaceAt(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let target = copy;
  for (const segment of path.slice(0, -1)) target = target[segment] as Record<string | number, unknown>;
  target[path.at(-1)!] = replacement;
  return copy;
}

function mutations(label: string, method: Method, url: string, body: Record<string, unknown>): Probe[] {
  const json = { 'content-type': 'application/json' };
  const probes: Probe[] = [];
  for (const path of pathsOf(body)) {
    for (const [name, bad] of badValues) {
      probes.push({
        label: `${label} ${path.join('.')} = ${name}`,
        method,
        url,
        headers: json,
        payload: withRawTokens(JSON.stringify(replaceAt(body, path, bad))),
      });
    }
  }
  for (const key of ['\u0000', 'a\u0000', '\ud800', '\udfff\ud800', '__proto__', 'constructor']) {
    probes.push({
      label: `${label} extra key ${JSON.stringify(key)}`,
      method,
      url,
      headers: json,
      payload: JSON.stringify({ ...body, [key]: { prototype: { polluted: true } } }),
    });
  }
  return probes;
}

const rawBodies: Array<[string, string | Buffer]> = [
  ['empty', ''],
  ['null', 'null'],
  ['array', '[]'],
  ['string', '"x"'],
  ['number', '1e309'],
  ['true', 'true'],
  ['truncated', '{"name":'],
  ['nul text', '\u0000'],
  ['escaped nul', '{"name":"\\u0000"}'],
  ['escaped surrogate', '{"name":"\\ud800"}'],
  ['raw nul in string', '{"name":"a\u0000b"}'],
  ['bad utf-8', Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
  ['utf-8 bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"x"}')])],
  ['utf-16', Buffer.from('{"name":"x"}', 'utf16le')],
  ['deep array', '['.repeat(100_000) + ']'.repeat(100_000)],
  ['deep object', `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`],
  ['too large', JSON.stringify({ name: 'x'.repeat(1_100_000) })],
  ['just under the limit', JSON.stringify({ name: 'x'.repeat(1_000_000) })],
  ['many keys', JSON.stringify(Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`k${i}`, i])))],
  ['duplicate keys', '{"name":"a","name":"\\u0000"}'],
];

const contentTypes = [
  undefined,
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/JSON',
  'application/merge-patch+json',
  'application/json, text/plain',
  '///',
  'application/json; charset=',
];

describe('fuzz sweep: hostile input never yields a 5xx', () => {
  let kit: ApiKit;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let connectionId: string;
  let workflowId: string;

  beforeAll(async () => {
    kit = await createApiKit();
    ({ sandbox, connectionId } = await connectToSandbox(kit.app, kit.a.key));
    const workflow = await kit.app.inject({
      method: 'POST',
      url: '/v1/workflows',
      headers: bearer(kit.a.key),
      payload: workflowBody(connectionId),
    });
    workflowId = workflow.json().id;
  });
  afterAll(async () => {
    await sandbox?.close();
    await kit?.close();
  });

  /** Sends every probe; returns a line for each answer that breaks the rule. */
  async function sweep(probes: Probe[]): Promise<string[]> {
    const failures: string[] = [];
    for (const probe of probes) {
      const res = await kit.app.inject({
        method: probe.method,
        url: probe.url,
        headers: { ...bearer(kit.a.key), ...probe.headers },
        ...(probe.payload === undefined ? {} : { payload: probe.payload }),
      });
      const problem = checkAnswer(res);
      if (problem) failures.push(shorten(`${probe.method} ${probe.url} [${probe.label}]: ${problem}`));
    }
    return failures;
  }

  const bodyRoutes = () => [
    { method: 'POST' as const, url: '/v1/connections', body: connectionBody() },
    { method: 'POST' as const, url: '/v1/workflows', body: workflowBody(connectionId) },
    {
      method: 'POST' as const,
      url: '/v1/workflows',
      body: workflowBody(connectionId, {
        steps: [
          {
            key: 'confirm',
            action: 'zocdoc.confirm_appointment',
            connection_id: connectionId,
            input: { appointment_id: '{{ trigger.appointment_id }}', note: { deep: ['x'] } },
            filter: 'trigger.appointment_status = "pending_booking"',
          },
        ],
      }),
    },
    {
      method: 'PATCH' as const,
      url: `/v1/workflows/${workflowId}`,
      body: { name: 'Renamed', enabled: false },
    },
    {
      method: 'POST' as const,
      url: `/v1/connections/${connectionId}/actions/zocdoc.get_appointment/test`,
      body: { input: { appointment_id: randomUUID() } },
    },
  ];

  it('survives bad values and keys in every field of every body', async () => {
    const probes = bodyRoutes().flatMap((r) => mutations(`${r.url}`, r.method, r.url, r.body));
    expect(await sweep(probes)).toEqual([]);
  });

  it('survives raw bodies and content types on every route that takes a body', async () => {
    const probes: Probe[] = [];
    for (const route of bodyRoutes()) {
      for (const [label, payload] of rawBodies) {
        probes.push({
          label,
          method: route.method,
          url: route.url,
          headers: { 'content-type': 'application/json' },
          payload,
        });
      }
      for (const type of contentTypes) {
        probes.push({
          label: `content-type ${type}`,
          method: route.method,
          url: route.url,
          headers: type === undefined ? {} : { 'content-type': type },
          payload: JSON.stringify(route.body),
        });
      }
      probes.push({ label: 'no body', method: route.method, url: route.url });
    }
    expect(await sweep(probes)).toEqual([]);
  });

  it('survives bad path parameters and query strings on every route', async () => {
    const ids = [
      '%00',
      'a%00b',
      '%ED%A0%80',
      '%FF',
      '%',
      '%E0%A4%A',
      'x'.repeat(5_000),
      '00000000-0000-0000-0000-000000000000',
      randomUUID().toUpperCase(),
      '..%2F..%2Fetc',
    ];
    const queries = [
      '?x=%00',
      '?%00=1',
      '?x=%ED%A0%80',
      '?x=%FF',
      '?x=%',
      '?__proto__=1',
      '?constructor=1&toString=2&hasOwnProperty=3',
      '?limit=1e309',
      '?limit=-0',
      '?limit=0x10',
      '?limit=%00',
      '?limit=1&limit=2',
      '?status=a&status=b',
      '?cursor=%00',
      `?cursor=${'A'.repeat(100_000)}`,
      `?q=${'x'.repeat(100_000)}`,
      `?workflow_id=${workflowId}&workflow_id=${workflowId}`,
      '?zip_code=%00',
      '?zip_code=10001&zip_code=10002',
      '?provider_location_id=%00',
      '?state=CA%00',
      '?state=',
    ];
    const cursors = [
      ['0000-01-01T00:00:00.000000Z', '00000000-0000-0000-0000-000000000000'],
      ['9999-12-31T23:59:59.999999Z', '00000000-0000-0000-0000-000000000000'],
      ['0001-01-01T00:00:00.000000Z', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
      ['2024-02-29T24:00:00.000000Z', randomUUID()],
      ['2023-02-29T00:00:00.000000Z', randomUUID()],
      ['2024-12-31T23:59:60.000000Z', randomUUID()],
      ['2024-01-01T00:00:00.000000Z', randomUUID(), 'extra'],
      [1, 2],
      null,
      {},
    ].map((c) => `?cursor=${Buffer.from(JSON.stringify(c)).toString('base64url')}`);

    const urls = [
      '/v1/connections',
      ...ids.map((id) => `/v1/connections/${id}`),
      '/v1/workflows',
      ...ids.map((id) => `/v1/workflows/${id}`),
      '/v1/runs',
      ...cursors.map((c) => `/v1/runs${c}`),
      ...ids.map((id) => `/v1/runs/${id}`),
      '/v1/connectors',
      ...ids.map((id) => `/v1/connectors/${id}`),
      ...ids.map((id) => `/v1/connections/${connectionId}/options/${id}`),
      ...ids.map((id) => `/v1/connections/${id}/options/provider_locations?zip_code=10001`),
      `/v1/connections/${connectionId}/options/provider_locations`,
      `/v1/connections/${connectionId}/options/visit_reasons`,
      `/v1/connections/${connectionId}/options/insurance_plans`,
      '/healthz',
      '/openapi.json',
    ];
    const probes: Probe[] = [];
    for (const url of urls) {
      const base = url.includes('?') ? [url] : [url, ...queries.map((q) => url + q)];
      for (const u of base) probes.push({ label: 'GET', method: 'GET', url: u });
    }
    for (const id of ids) {
      probes.push({
        label: 'PATCH id',
        method: 'PATCH',
        url: `/v1/workflows/${id}`,
        headers: { 'content-type': 'application/json' },
        payload: '{"enabled":false}',
      });
      for (const [connection, key] of [
        [id, 'zocdoc.get_appointment'],
        [connectionId, id],
      ]) {
        probes.push({
          label: 'test ids',
          method: 'POST',
          url: `/v1/connections/${connection}/actions/${key}/test`,
          headers: { 'content-type': 'application/json' },
          payload: '{"input":{}}',
        });
      }
    }
    expect(await sweep(probes)).toEqual([]);
  });
});

/** Long runs of one character (the long-string probes) would drown the report. */
const shorten = (line: string) => line.replace(/(.)\1{30,}/g, '$1…').slice(0, 400);

function checkAnswer(res: LightMyRequestResponse): string | null {
  if (res.statusCode >= 500) return `${res.statusCode} ${res.body.slice(0, 300)}`;
  if (res.statusCode < 400) return null;
  const type = res.headers['content-type'];
  if (typeof type !== 'string' || !type.startsWith('application/problem+json')) {
    return `${res.statusCode} with content-type ${type}`;
  }
  try {
    const body = res.json();
    if (body.status !== res.statusCode || typeof body.detail !== 'string') return `bad problem ${res.body}`;
  } catch {
    return `${res.statusCode} body is not JSON`;
  }
  return null;
}
