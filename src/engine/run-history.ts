import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { runSteps, runs, triggerEvents } from '../db/schema.ts';
import { type RunStatus, runStatuses, stepStatuses } from './run-status.ts';

const timestamp = z.iso.datetime();

export const runSummarySchema = z.object({
  id: z.uuid(),
  workflow_id: z.uuid(),
  event_id: z.uuid().describe('The trigger event the run is for'),
  status: z.enum(runStatuses),
  attempts: z.number().int(),
  replays: z.number().int().describe('How often the run was replayed by request'),
  error: z.unknown().describe('Why the run failed or was interrupted; null otherwise'),
  created_at: timestamp,
  started_at: timestamp.nullable(),
  finished_at: timestamp.nullable(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const runStepViewSchema = z.object({
  index: z.number().int(),
  key: z.string(),
  action: z.string(),
  status: z.enum(stepStatuses),
  input: z.unknown().describe('The input after templates were resolved'),
  output: z.unknown(),
  error: z.unknown(),
  attempt: z.number().int(),
  started_at: timestamp,
  finished_at: timestamp.nullable(),
});
export type RunStepView = z.infer<typeof runStepViewSchema>;

export const runDetailSchema = runSummarySchema.extend({
  trigger_event: z.object({
    id: z.uuid(),
    trigger_key: z.string(),
    payload: z.unknown(),
    created_at: timestamp,
  }),
  steps: z.array(runStepViewSchema),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

export interface ListRunsOptions {
  workflowId?: string;
  status?: RunStatus;
  /** 1–100. */
  limit: number;
  /** `next_cursor` of the previous page. */
  cursor?: string;
}

export interface RunPage {
  data: RunSummary[];
  next_cursor: string | null;
}

/** The cursor given to listRuns is not one it handed out. */
export class InvalidCursorError extends Error {
  constructor() {
    super('The cursor is not valid; pass next_cursor of a previous page unchanged.');
    this.name = 'InvalidCursorError';
  }
}

export interface RunHistory {
  /** Newest first; throws InvalidCursorError for a cursor it did not hand out. */
  listRuns(workspaceId: string, options: ListRunsOptions): Promise<RunPage>;
  /** null when the workspace has no such run. */
  getRun(workspaceId: string, id: string): Promise<RunDetail | null>;
}

// Microseconds, as Postgres stores them: a cursor rounded to milliseconds would skip or
// repeat runs created within the same millisecond.
const CURSOR_TIME_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"';
const cursorSchema = z.tuple([z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/), z.uuid()]);

export function createRunHistory(deps: { db: Db }): RunHistory {
  const { db } = deps;

  return {
    async listRuns(workspaceId, options) {
      const conditions: SQL[] = [eq(runs.workspaceId, workspaceId)];
      if (options.workflowId) conditions.push(eq(runs.workflowId, options.workflowId));
      if (options.status) conditions.push(eq(runs.status, options.status));
      if (options.cursor !== undefined) {
        const [createdAt, id] = decodeCursor(options.cursor);
        // A row comparison, so the (workspace_id, created_at desc, id desc) index serves it.
        conditions.push(sql`(${runs.createdAt}, ${runs.id}) < (${createdAt}::timestamptz, ${id}::uuid)`);
      }
      const rows = await db
        .select({
          run: runs,
          cursorTime: sql<string>`to_char(${runs.createdAt} AT TIME ZONE 'UTC', ${CURSOR_TIME_FORMAT})`,
        })
        .from(runs)
        .where(and(...conditions))
        .orderBy(desc(runs.createdAt), desc(runs.id))
        .limit(options.limit + 1);
      const page = rows.slice(0, options.limit);
      const last = page.at(-1);
      return {
        data: page.map((r) => toSummary(r.run)),
        next_cursor: rows.length > options.limit && last ? encodeCursor(last.cursorTime, last.run.id) : null,
      };
    },

    async getRun(workspaceId, id) {
      const [row] = await db
        .select({ run: runs, event: triggerEvents })
        .from(runs)
        .innerJoin(triggerEvents, eq(triggerEvents.id, runs.eventId))
        .where(and(eq(runs.workspaceId, workspaceId), eq(runs.id, id)));
      if (!row) return null;
      const steps = await db
        .select()
        .from(runSteps)
        .where(eq(runSteps.runId, id))
        .orderBy(asc(runSteps.stepIndex));
      return {
        ...toSummary(row.run),
        trigger_event: {
          id: row.event.id,
          trigger_key: row.event.triggerKey,
          payload: row.event.payload,
          created_at: row.event.createdAt.toISOString(),
        },
        steps: steps.map((s) => ({
          index: s.stepIndex,
          key: s.stepKey,
          action: s.actionKey,
          status: s.status as RunStepView['status'],
          input: s.input,
          output: s.output,
          error: s.error,
          attempt: s.attempt,
          started_at: s.startedAt.toISOString(),
          finished_at: iso(s.finishedAt),
        })),
      };
    },
  };
}

function toSummary(run: typeof runs.$inferSelect): RunSummary {
  return {
    id: run.id,
    workflow_id: run.workflowId,
    event_id: run.eventId,
    status: run.status as RunStatus,
    attempts: run.attempts,
    replays: run.replays,
    error: run.error,
    created_at: run.createdAt.toISOString(),
    started_at: iso(run.startedAt),
    finished_at: iso(run.finishedAt),
  };
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success && isRealTime(parsed.data[0])) return parsed.data;
  } catch {
    // Not base64url JSON: the same answer as any other foreign cursor.
  }
  throw new InvalidCursorError();
}

/**
 * Rejects well-formed but impossible times that Postgres would refuse with an error:
 * Feb 31st, and year 0000, which JavaScript reads as 1 BC but Postgres refuses (it has
 * no year zero). With 0000 out, the four-digit years 1–9999 all fit a timestamptz.
 */
function isRealTime(text: string): boolean {
  if (Number(text.slice(0, 4)) < 1) return false;
  const date = new Date(text);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 23) === text.slice(0, 23);
}
