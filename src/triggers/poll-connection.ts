import { eq, sql } from 'drizzle-orm';
import type { ZocdocAppointment } from '../actions/zocdoc/zocdoc-schemas.ts';
import type { ConnectionClient } from '../connections/connection-client.ts';
import type { Db } from '../db/client.ts';
import { safeErrorMessage } from '../db/jsonb-safe.ts';
import { connections, pollStates } from '../db/schema.ts';
import { applyAppointmentDiff, type DiffOutcome } from './appointment-differ.ts';
import { sweepStartedAppointments } from './started-sweep.ts';
import { fetchAppointmentsStartingBetween } from './zocdoc/fetch-appointments-by-start.ts';
import { fetchModifiedAppointments } from './zocdoc/fetch-modified-appointments.ts';

export interface PollDeps {
  db: Db;
  client: ConnectionClient;
  now?: () => Date;
  /**
   * How often a poll also reads every appointment starting in `sweepWindow` (default
   * hourly), whatever its modification time: it reconciles what the incremental read
   * could have missed (a row committed later than the overlap allows).
   */
  sweepEveryMs?: number;
  /** The sweep's start-time window around now (default one day back, 90 days ahead). */
  sweepWindow?: { pastMs: number; futureMs: number };
  /** An `appointment_started` event fired later than this after the start says `late: true` (default 5 min). */
  lateAfterMs?: number;
  /**
   * How far before the newest last_modified_time_utc already read the next poll starts,
   * for rows the API commits late or stamps with a lagging clock. Re-read rows cost a
   * fingerprint comparison, not a write.
   */
  overlapMs?: number;
}

export interface PollOutcome extends DiffOutcome {
  baseline: boolean;
  /** `appointment_started` events stored by this poll's sweep (included in events/runs). */
  started: number;
  /** When the next watched appointment starts; the caller wakes a poll then. */
  nextStartAt: Date | null;
  /** False when no enabled workflow watches the connection: nothing was read or written. */
  watched: boolean;
  /** Whether this poll also read every appointment in the sweep's start-time window. */
  swept: boolean;
}

/**
 * One poll of one connection: fetch what changed since the cursor, then diff, store
 * events, queue runs and move the cursor in one transaction. A crash anywhere before the
 * commit leaves nothing behind; the next poll reads the same window again. Polls of the
 * same connection are serialised by an advisory lock so overlapping jobs cannot race.
 */
export async function pollConnection(deps: PollDeps, connectionId: string): Promise<PollOutcome> {
  const now = deps.now ?? (() => new Date());
  const overlapMs = deps.overlapMs ?? 120_000;
  const [connection] = await deps.db
    .select({ workspaceId: connections.workspaceId })
    .from(connections)
    .where(eq(connections.id, connectionId));
  if (!connection) throw new Error(`Connection ${connectionId} does not exist`);
  // A leftover job (a start-time wake-up, a scheduler tick racing a disable) must not poll
  // a connection nobody watches: its state would outlive the unsubscribe and turn the
  // next subscription's baseline into a burst of old events.
  if (!(await isWatched(deps.db, connectionId))) return notPolled;
  const [state] = await deps.db.select().from(pollStates).where(eq(pollStates.connectionId, connectionId));
  const since = state?.modifiedCursor ? new Date(state.modifiedCursor.getTime() - overlapMs) : null;

  const sweepDue =
    state !== undefined && isSweepDue(state.lastSweepAt, now(), deps.sweepEveryMs ?? 3_600_000);
  let appointments: ZocdocAppointment[];
  try {
    appointments = await fetchModifiedAppointments(deps.client, connectionId, since);
    if (sweepDue) {
      const at = now().getTime();
      const window = deps.sweepWindow ?? { pastMs: 86_400_000, futureMs: 90 * 86_400_000 };
      const swept = await fetchAppointmentsStartingBetween(
        deps.client,
        connectionId,
        new Date(at - window.pastMs),
        new Date(at + window.futureMs),
      );
      appointments = newestOfEach([...appointments, ...swept]);
    }
  } catch (error) {
    if (state) {
      await deps.db
        .update(pollStates)
        .set({ lastError: safeErrorMessage(error), lastPollAt: now() })
        .where(eq(pollStates.connectionId, connectionId));
    }
    throw error;
  }

  try {
    return await commitPoll(deps, connectionId, connection.workspaceId, appointments, sweepDue);
  } catch (error) {
    // Say why on the poll state, where an operator looks, not only in the logs.
    await deps.db
      .update(pollStates)
      .set({ lastError: safeErrorMessage(error), lastPollAt: now() })
      .where(eq(pollStates.connectionId, connectionId))
      .catch(() => {});
    throw error;
  }
}

const notPolled: PollOutcome = {
  seen: 0,
  created: 0,
  updated: 0,
  events: 0,
  runs: 0,
  baseline: false,
  started: 0,
  nextStartAt: null,
  watched: false,
  swept: false,
};

export async function isWatched(db: Pick<Db, 'execute'>, connectionId: string): Promise<boolean> {
  const rows = await db.execute(
    sql`SELECT 1 FROM workflows WHERE trigger_connection_id = ${connectionId} AND enabled LIMIT 1`,
  );
  return rows.rows.length > 0;
}

async function commitPoll(
  deps: PollDeps,
  connectionId: string,
  workspaceId: string,
  appointments: ZocdocAppointment[],
  swept: boolean,
): Promise<PollOutcome> {
  const now = deps.now ?? (() => new Date());
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`poll:${connectionId}`}))`);
    if (!(await isWatched(tx, connectionId))) return notPolled;
    const [current] = await tx.select().from(pollStates).where(eq(pollStates.connectionId, connectionId));
    const baseline = !current;
    const diff = await applyAppointmentDiff(tx, {
      workspaceId,
      connectionId,
      appointments,
      emit: !baseline,
    });
    const cursor = newestModified(appointments, current?.modifiedCursor ?? null);
    const at = now();
    // The baseline also starts the started-sweep: appointments that began before anyone
    // watched never fire.
    const started = await sweepStartedAppointments(tx, {
      workspaceId,
      connectionId,
      from: current?.startedThrough ?? current?.baselineAt ?? at,
      now: at,
      lateAfterMs: deps.lateAfterMs ?? 5 * 60_000,
    });
    await tx
      .insert(pollStates)
      .values({
        connectionId,
        baselineAt: at,
        modifiedCursor: cursor,
        lastPollAt: at,
        lastError: null,
        startedThrough: at,
        // A baseline reads everything: it counts as a sweep.
        lastSweepAt: at,
      })
      .onConflictDoUpdate({
        target: pollStates.connectionId,
        set: {
          modifiedCursor: cursor,
          lastPollAt: at,
          lastError: null,
          startedThrough: at,
          ...(swept && { lastSweepAt: at }),
        },
      });
    return {
      ...diff,
      events: diff.events + started.events,
      runs: diff.runs + started.runs,
      baseline,
      started: started.events,
      nextStartAt: started.nextStartAt,
      watched: true,
      swept,
    };
  });
}

function newestModified(
  appointments: { last_modified_time_utc?: string | null }[],
  previous: Date | null,
): Date | null {
  let newest = previous?.getTime() ?? Number.NEGATIVE_INFINITY;
  for (const a of appointments) {
    const t = a.last_modified_time_utc ? Date.parse(a.last_modified_time_utc) : Number.NaN;
    if (t > newest) newest = t;
  }
  return Number.isFinite(newest) ? new Date(newest) : null;
}

function isSweepDue(lastSweepAt: Date | null, now: Date, everyMs: number): boolean {
  return lastSweepAt === null || now.getTime() - lastSweepAt.getTime() >= everyMs;
}

/** One copy per appointment, the most recently modified (the sweep and the poll may both hold one). */
function newestOfEach(appointments: ZocdocAppointment[]): ZocdocAppointment[] {
  const newest = new Map<string, ZocdocAppointment>();
  for (const a of appointments) {
    const held = newest.get(a.appointment_id);
    if (
      !held ||
      Date.parse(a.last_modified_time_utc ?? '') >= Date.parse(held.last_modified_time_utc ?? '')
    ) {
      newest.set(a.appointment_id, a);
    }
  }
  return [...newest.values()];
}
