import { randomUUID } from 'node:crypto';
import type { ZocdocAppointment } from '../../src/actions/zocdoc/zocdoc-schemas.ts';
import type { Db } from '../../src/db/client.ts';
import { connections, workflows, workspaces } from '../../src/db/schema.ts';
import type { WorkflowDefinition } from '../../src/engine/workflow-definition.ts';

/** Rows most engine and trigger tests need, inserted directly. */
export async function insertWorkspace(db: Db, name = 'test workspace'): Promise<string> {
  const [row] = await db.insert(workspaces).values({ name }).returning({ id: workspaces.id });
  return row!.id;
}

/** A connection row with placeholder ciphertexts, for tests that never call the API. */
export async function insertBareConnection(db: Db, workspaceId: string): Promise<string> {
  const [row] = await db
    .insert(connections)
    .values({
      workspaceId,
      name: 'bare',
      connector: 'zocdoc',
      baseUrl: 'http://127.0.0.1:9',
      tokenUrl: 'http://127.0.0.1:9/oauth/token',
      clientId: 'unused',
      clientSecretEnc: 'unused',
    })
    .returning({ id: connections.id });
  return row!.id;
}

export async function insertWorkflow(
  db: Db,
  workspaceId: string,
  definition: WorkflowDefinition,
  options: { enabled?: boolean; name?: string } = {},
): Promise<string> {
  const [row] = await db
    .insert(workflows)
    .values({
      workspaceId,
      name: options.name ?? 'test workflow',
      enabled: options.enabled ?? true,
      triggerKey: definition.trigger.key,
      triggerConnectionId: definition.trigger.connection_id,
      pollIntervalSeconds: definition.trigger.poll_interval_seconds,
      definition,
    })
    .returning({ id: workflows.id });
  return row!.id;
}

let sequence = 0;
/** A Zocdoc appointment as GET /v1/appointments lists it (§8 of zocdoc-api.md). */
export function fakeAppointment(overrides: Partial<ZocdocAppointment> = {}): ZocdocAppointment {
  sequence++;
  const modified = new Date(Date.UTC(2026, 10, 1, 12, 0, sequence % 60, 0)).toISOString();
  return {
    appointment_id: randomUUID(),
    appointment_status: 'pending_booking',
    developer_patient_id: null,
    is_provider_resource: false,
    confirmation_type: 'manual',
    start_time: '2026-11-23T09:00:00-05:00',
    created_time_utc: modified,
    last_modified_time_utc: modified,
    provider_location_id: 'pr_a|lo_b',
    practice_id: 'pt_1',
    visit_reason_id: 'pc_FRO-18leckytNKtruw5dLR',
    visit_type: 'in_person',
    patient_type: 'new',
    notes: null,
    ...overrides,
  };
}
