import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface NewTriggerEvent {
  trigger_key: string;
  /** Unique per connection: a repeat of the same key stores nothing and queues nothing. */
  dedup_key: string;
  payload: unknown;
}

/**
 * Stores events and, in the same statement, one queued run per enabled workflow that
 * subscribes to the event's trigger on that connection (the outbox rows). Events whose
 * dedup key exists already are skipped, and so are their runs.
 */
export async function storeTriggerEvents(
  tx: Tx,
  input: { workspaceId: string; connectionId: string; events: NewTriggerEvent[] },
): Promise<{ events: number; runs: number }> {
  if (input.events.length === 0) return { events: 0, runs: 0 };
  const stored = await tx.execute<{ events: number; runs: number }>(sql`
    WITH new_events AS (
      INSERT INTO trigger_events (workspace_id, connection_id, trigger_key, dedup_key, payload)
      SELECT ${input.workspaceId}, ${input.connectionId}, x.trigger_key, x.dedup_key, x.payload
      FROM jsonb_to_recordset(${JSON.stringify(input.events)}::jsonb) AS x(trigger_key text, dedup_key text, payload jsonb)
      ON CONFLICT (connection_id, dedup_key) DO NOTHING
      RETURNING id, trigger_key
    ), new_runs AS (
      INSERT INTO runs (workspace_id, workflow_id, event_id, status, definition)
      SELECT w.workspace_id, w.id, e.id, 'queued', w.definition
      FROM new_events e
      JOIN workflows w
        ON w.trigger_connection_id = ${input.connectionId} AND w.trigger_key = e.trigger_key AND w.enabled
      ON CONFLICT (workflow_id, event_id) DO NOTHING
      RETURNING id
    )
    SELECT (SELECT count(*) FROM new_events)::int AS events, (SELECT count(*) FROM new_runs)::int AS runs`);
  return { events: stored.rows[0]?.events ?? 0, runs: stored.rows[0]?.runs ?? 0 };
}

/** Trigger keys some enabled workflow watches on this connection: only those are stored. */
export async function subscribedTriggers(tx: Tx, connectionId: string): Promise<Set<string>> {
  const rows = await tx.execute<{ trigger_key: string }>(sql`
    SELECT DISTINCT trigger_key FROM workflows WHERE trigger_connection_id = ${connectionId} AND enabled`);
  return new Set(rows.rows.map((r) => r.trigger_key));
}
