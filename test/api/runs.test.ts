import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSteps, runs, triggerEvents } from '../../src/db/schema.ts';
import type { RunStatus } from '../../src/engine/run-status.ts';
import {
  type ApiKit,
  bearer,
  createApiKit,
  createConnection,
  errorPaths,
  expectProblem,
  workflowBody,
} from './api-test-kit.ts';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const cursorOf = (createdAt: string, id: string) =>
  Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');

describe('/v1/runs', () => {
  let kit: ApiKit;
  let workflowA1: string;
  let workflowA2: string;
  let workflowB: string;
  /** Run ids of workspace A, newest first. */
  let runsA: string[];
  let runB: string;
  let detailedRun: string;
  let eventId: string;

  beforeAll(async () => {
    kit = await createApiKit();
    const { db } = kit.database;
    const connectionA = await createConnection(kit.app, kit.a.key);
    const connectionB = await createConnection(kit.app, kit.b.key);
    const createWorkflow = async (key: string, connection: string) => {
      const res = await kit.app.inject({
        method: 'POST',
        url: '/v1/workflows',
        headers: bearer(key),
        payload: workflowBody(connection),
      });
      return res.json().id as string;
    };
    workflowA1 = await createWorkflow(kit.a.key, connectionA);
    workflowA2 = await createWorkflow(kit.a.key, connectionA);
    workflowB = await createWorkflow(kit.b.key, connectionB);

    const [event] = await db
      .insert(triggerEvents)
      .values({
        workspaceId: kit.a.id,
        connectionId: connectionA,
        triggerKey: 'zocdoc.appointment_created',
        dedupKey: 'created:appt-1',
        payload: { appointment_id: 'appt-1', appointment_status: 'pending_booking' },
        createdAt: new Date('2030-01-01T00:00:00.000Z'),
      })
      .returning();
    eventId = event!.id;
    const [eventB] = await db
      .insert(triggerEvents)
      .values({
        workspaceId: kit.b.id,
        connectionId: connectionB,
        triggerKey: 'zocdoc.appointment_created',
        dedupKey: 'created:appt-b',
        payload: { appointment_id: 'appt-b' },
      })
      .returning();

    // 25 runs in A: several share one created_at down to the microsecond, so the cursor
    // has to break ties by id; statuses and workflows alternate for the filters.
    const statuses: RunStatus[] = ['succeeded', 'failed', 'queued', 'succeeded', 'skipped'];
    const base = Date.parse('2030-01-02T00:00:00.000Z');
    const values = Array.from({ length: 25 }, (_, i) => ({
      workspaceId: kit.a.id,
      workflowId: i % 2 === 0 ? workflowA1 : workflowA2,
      eventId: eventId,
      status: statuses[i % statuses.length]!,
      definition: {},
      createdAt: new Date(base + Math.floor(i / 4) * 1000),
    }));
    // runs are unique per (workflow, event): give each its own event.
    const events = await db
      .insert(triggerEvents)
      .values(
        values.map((_, i) => ({
          workspaceId: kit.a.id,
          connectionId: connectionA,
          triggerKey: 'zocdoc.appointment_created',
          dedupKey: `created:bulk-${i}`,
          payload: { i },
        })),
      )
      .returning();
    const inserted = await db
      .insert(runs)
      .values(values.map((v, i) => ({ ...v, eventId: events[i]!.id })))
      .returning();
    expect(inserted).toHaveLength(25);
    // Two more within one millisecond, apart only in microseconds: a cursor rounded to
    // milliseconds would skip or repeat one of them.
    const micro = await db
      .insert(triggerEvents)
      .values(
        [0, 1].map((i) => ({
          workspaceId: kit.a.id,
          connectionId: connectionA,
          triggerKey: 'zocdoc.appointment_created',
          dedupKey: `created:micro-${i}`,
          payload: { i },
        })),
      )
      .returning();
    await db.insert(runs).values(
      micro.map((e, i) => ({
        workspaceId: kit.a.id,
        workflowId: workflowA1,
        eventId: e.id,
        status: 'running',
        definition: {},
        createdAt: sql`${`2030-01-03T00:00:00.000${i + 1}00Z`}::timestamptz`,
      })),
    );

    const [detailed] = await db
      .insert(runs)
      .values({
        workspaceId: kit.a.id,
        workflowId: workflowA1,
        eventId,
        status: 'failed',
        definition: {},
        attempts: 2,
        error: { message: 'upstream said 409' },
        createdAt: new Date('2029-12-31T00:00:00.000Z'),
        startedAt: new Date('2029-12-31T00:00:01.000Z'),
        finishedAt: new Date('2029-12-31T00:00:02.500Z'),
      })
      .returning();
    detailedRun = detailed!.id;
    // Inserted out of order: the answer must be ordered by index anyway.
    await db.insert(runSteps).values([
      {
        runId: detailedRun,
        stepIndex: 1,
        stepKey: 'confirm',
        actionKey: 'zocdoc.confirm_appointment',
        status: 'failed',
        input: { appointment_id: 'appt-1' },
        error: { status: 409 },
        attempt: 2,
        startedAt: new Date('2029-12-31T00:00:02.000Z'),
        finishedAt: new Date('2029-12-31T00:00:02.400Z'),
      },
      {
        runId: detailedRun,
        stepIndex: 0,
        stepKey: 'read',
        actionKey: 'zocdoc.get_appointment',
        status: 'succeeded',
        input: { appointment_id: 'appt-1' },
        output: { appointment_id: 'appt-1', appointment_status: 'pending_booking' },
        startedAt: new Date('2029-12-31T00:00:01.000Z'),
        finishedAt: new Date('2029-12-31T00:00:01.900Z'),
      },
    ]);

    const [b] = await db
      .insert(runs)
      .values({
        workspaceId: kit.b.id,
        workflowId: workflowB,
        eventId: eventB!.id,
        status: 'succeeded',
        definition: {},
      })
      .returning();
    runB = b!.id;

    const ordered = await db
      .select({ id: runs.id })
      .from(runs)
      .where(eq(runs.workspaceId, kit.a.id))
      .orderBy(desc(runs.createdAt), desc(runs.id));
    runsA = ordered.map((r) => r.id);
    expect(runsA).toHaveLength(28);
    expect(runsA.at(-1)).toBe(detailedRun);
  });
  afterAll(() => kit.close());

  const list = (key: string, query = '') =>
    kit.app.inject({ method: 'GET', url: `/v1/runs${query}`, headers: bearer(key) });

  it('lists the newest 20 first with a cursor to the rest', async () => {
    const res = await list(kit.a.key);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.data.map((r: { id: string }) => r.id)).toEqual(runsA.slice(0, 20));
    expect(page.next_cursor).toEqual(expect.any(String));
    expect(Object.keys(page.data[0]).sort()).toEqual(
      [
        'attempts',
        'created_at',
        'error',
        'event_id',
        'finished_at',
        'id',
        'replays',
        'started_at',
        'status',
        'workflow_id',
      ].sort(),
    );
    const rest = (await list(kit.a.key, `?cursor=${page.next_cursor}`)).json();
    expect(rest.data.map((r: { id: string }) => r.id)).toEqual(runsA.slice(20));
    expect(rest.next_cursor).toBeNull();
  });

  it.each([1, 3])('pages through every run exactly once with pages of %i, ties included', async (limit) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await list(kit.a.key, query);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json();
      expect(page.data.length).toBeLessThanOrEqual(limit);
      seen.push(...page.data.map((r: { id: string }) => r.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toEqual(runsA);
    expect(pages).toBe(Math.ceil(runsA.length / limit));
  });

  it('filters by workflow and status, and pages within the filter', async () => {
    const byWorkflow = (await list(kit.a.key, `?workflow_id=${workflowA2}&limit=100`)).json();
    expect(byWorkflow.data.length).toBe(12);
    expect(byWorkflow.data.every((r: { workflow_id: string }) => r.workflow_id === workflowA2)).toBe(true);

    const failed = (await list(kit.a.key, '?status=failed&limit=2')).json();
    expect(failed.data.map((r: { status: string }) => r.status)).toEqual(['failed', 'failed']);
    const failedRest = (
      await list(kit.a.key, `?status=failed&limit=100&cursor=${failed.next_cursor}`)
    ).json();
    expect(failed.data.length + failedRest.data.length).toBe(6);
    expect(failedRest.data.every((r: { status: string }) => r.status === 'failed')).toBe(true);

    const both = (await list(kit.a.key, `?status=queued&workflow_id=${workflowA1}&limit=100`)).json();
    expect(both.data.length).toBeGreaterThan(0);
    expect(
      both.data.every(
        (r: { status: string; workflow_id: string }) => r.status === 'queued' && r.workflow_id === workflowA1,
      ),
    ).toBe(true);
  });

  it('gets a run with its trigger event and its steps in order, dates as ISO strings', async () => {
    const res = await kit.app.inject({
      method: 'GET',
      url: `/v1/runs/${detailedRun}`,
      headers: bearer(kit.a.key),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      id: detailedRun,
      workflow_id: workflowA1,
      event_id: eventId,
      status: 'failed',
      attempts: 2,
      replays: 0,
      error: { message: 'upstream said 409' },
      created_at: '2029-12-31T00:00:00.000Z',
      started_at: '2029-12-31T00:00:01.000Z',
      finished_at: '2029-12-31T00:00:02.500Z',
      trigger_event: {
        id: eventId,
        trigger_key: 'zocdoc.appointment_created',
        payload: { appointment_id: 'appt-1', appointment_status: 'pending_booking' },
        created_at: '2030-01-01T00:00:00.000Z',
      },
      steps: [
        {
          index: 0,
          key: 'read',
          action: 'zocdoc.get_appointment',
          status: 'succeeded',
          input: { appointment_id: 'appt-1' },
          output: { appointment_id: 'appt-1', appointment_status: 'pending_booking' },
          error: null,
          attempt: 1,
          started_at: '2029-12-31T00:00:01.000Z',
          finished_at: '2029-12-31T00:00:01.900Z',
        },
        {
          index: 1,
          key: 'confirm',
          action: 'zocdoc.confirm_appointment',
          status: 'failed',
          input: { appointment_id: 'appt-1' },
          output: null,
          error: { status: 409 },
          attempt: 2,
          started_at: '2029-12-31T00:00:02.000Z',
          finished_at: '2029-12-31T00:00:02.400Z',
        },
      ],
    });
  });

  it('keeps each workspace’s runs to itself', async () => {
    const listB = (await list(kit.b.key, '?limit=100')).json();
    expect(listB.data.map((r: { id: string }) => r.id)).toEqual([runB]);
    const filtered = (await list(kit.b.key, `?workflow_id=${workflowA1}`)).json();
    expect(filtered).toEqual({ data: [], next_cursor: null });
    const listA = (await list(kit.a.key, '?limit=100')).json();
    expect(listA.data.map((r: { id: string }) => r.id)).not.toContain(runB);

    const other = await kit.app.inject({
      method: 'GET',
      url: `/v1/runs/${detailedRun}`,
      headers: bearer(kit.b.key),
    });
    expectProblem(other, 404);
    const unknown = await kit.app.inject({
      method: 'GET',
      url: '/v1/runs/00000000-0000-4000-8000-000000000000',
      headers: bearer(kit.b.key),
    });
    expectProblem(unknown, 404);
  });

  it('rejects bad query parameters naming them', async () => {
    const cases: Array<[string, string]> = [
      ['?status=exploded', 'query.status'],
      ['?limit=0', 'query.limit'],
      ['?limit=101', 'query.limit'],
      ['?limit=ten', 'query.limit'],
      ['?workflow_id=nope', 'query.workflow_id'],
      ['?cursor=not-a-cursor', 'query.cursor'],
      [
        `?cursor=${Buffer.from('["2030-02-31T00:00:00.000000Z","00000000-0000-4000-8000-000000000000"]').toString('base64url')}`,
        'query.cursor',
      ],
      // Year 0000 passes JavaScript's Date but not Postgres: it used to be a 500.
      [`?cursor=${cursorOf('0000-01-01T00:00:00.000000Z', NIL_UUID)}`, 'query.cursor'],
      [
        `?cursor=${cursorOf('2030-01-01T24:00:00.000000Z', '00000000-0000-4000-8000-000000000000')}`,
        'query.cursor',
      ],
      ['?sort=asc', 'query.sort'],
    ];
    for (const [query, path] of cases) {
      const problem = expectProblem(await list(kit.a.key, query), 400);
      expect(errorPaths(problem), query).toEqual([path]);
    }
    expectProblem(
      await kit.app.inject({ method: 'GET', url: '/v1/runs/123', headers: bearer(kit.a.key) }),
      400,
    );
  });

  it('takes cursors at the ends of the years Postgres can store', async () => {
    // Before every run, and after every run: an empty page and the whole list.
    const first = await list(kit.a.key, `?cursor=${cursorOf('0001-01-01T00:00:00.000000Z', NIL_UUID)}`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ data: [], next_cursor: null });
    const last = await list(
      kit.a.key,
      `?limit=100&cursor=${cursorOf('9999-12-31T23:59:59.999999Z', 'ffffffff-ffff-ffff-ffff-ffffffffffff')}`,
    );
    expect(last.statusCode, last.body).toBe(200);
    expect(last.json().data.map((r: { id: string }) => r.id)).toEqual(runsA);
  });

  it('replays a finished run (202, queued again), refuses a queued one (409), hides other workspaces’ (404)', async () => {
    const { db } = kit.database;
    const inWorkspaceA = await db.select().from(runs).where(eq(runs.workspaceId, kit.a.id));
    const failed = inWorkspaceA.find((r) => r.status === 'failed')!;
    const queued = inWorkspaceA.find((r) => r.status === 'queued')!;
    const replay = (id: string, key: string, payload: unknown = {}) =>
      kit.app.inject({
        method: 'POST',
        url: `/v1/runs/${id}/replay`,
        headers: bearer(key),
        payload: payload as object,
      });

    const accepted = await replay(failed.id, kit.a.key, { from: 'start' });
    expect(accepted.statusCode, accepted.body).toBe(202);
    expect(accepted.json()).toMatchObject({ id: failed.id, status: 'queued', replays: 1, error: null });
    expectProblem(await replay(queued.id, kit.a.key), 409);
    expectProblem(await replay(failed.id, kit.b.key), 404);
    expect(errorPaths(expectProblem(await replay(failed.id, kit.a.key, { from: 'middle' }), 400))).toEqual([
      'body.from',
    ]);
  });
});
