import { eq, sql } from 'drizzle-orm';
import type { ZocdocAppointment } from '../actions/zocdoc/zocdoc-schemas.ts';
import type { ConnectionClient } from '../connections/connection-client.ts';
import type { Db } from '../db/client.ts';
import { connections, pollStates } from '../db/schema.ts';
import { applyAppointmentDiff, type DiffOutcome } from './appointment-differ.ts';
import { isWatched } from './poll-connection.ts';
import { AppointmentFetchError } from './zocdoc/appointment-pages.ts';

export interface RefreshOutcome extends DiffOutcome {
  /** False when nothing was done: nobody watches the connection, or its baseline is not recorded yet. */
  applied: boolean;
}

/**
 * Reads the named appointments now and puts them through the same diff as a poll: what a
 * webhook announces fires at once instead of at the next interval. It leaves the poll's
 * cursor alone (one fresh appointment says nothing about others modified before it), and
 * polling stays the safety net for anything a webhook never announced.
 */
export async function refreshAppointments(
  deps: { db: Db; client: ConnectionClient },
  connectionId: string,
  appointmentIds: readonly string[],
): Promise<RefreshOutcome> {
  const idle: RefreshOutcome = { seen: 0, created: 0, updated: 0, events: 0, runs: 0, applied: false };
  const [connection] = await deps.db
    .select({ workspaceId: connections.workspaceId })
    .from(connections)
    .where(eq(connections.id, connectionId));
  if (!connection || !(await isWatched(deps.db, connectionId))) return idle;

  const appointments: ZocdocAppointment[] = [];
  for (const id of new Set(appointmentIds)) {
    const response = await deps.client.request(connectionId, {
      method: 'GET',
      path: `/v1/appointments/${encodeURIComponent(id)}`,
      idempotent: true,
    });
    // Gone, or outside this credential's view: nothing to diff.
    if (response.status === 404) continue;
    const data = (response.body as { data?: ZocdocAppointment } | null)?.data;
    if (response.status !== 200 || typeof data?.appointment_id !== 'string') {
      throw new AppointmentFetchError(
        `GET /v1/appointments/{id} answered ${response.status} (request_id ${response.requestId ?? 'none'})`,
        response.status,
      );
    }
    appointments.push(data);
  }
  if (appointments.length === 0) return idle;

  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`poll:${connectionId}`}))`);
    const [state] = await tx.select().from(pollStates).where(eq(pollStates.connectionId, connectionId));
    if (!state || !(await isWatched(tx, connectionId))) return idle;
    const diff = await applyAppointmentDiff(tx, {
      workspaceId: connection.workspaceId,
      connectionId,
      appointments,
      emit: true,
    });
    return { ...diff, applied: true };
  });
}
