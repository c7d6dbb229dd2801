import { replaceApiKeys } from '../api/workspaces.ts';
import type { ConnectionStore } from '../connections/connection-store.ts';
import type { Db } from '../db/client.ts';
import { workspaces } from '../db/schema.ts';
import type { WorkflowDefinition } from '../engine/workflow-definition.ts';
import type { WorkflowStore } from '../engine/workflow-store.ts';
import { sandboxConnectionInput } from './sandbox-connection.ts';

/** Fixed so that every `npm start` finds the same demo workspace again. */
export const DEMO_WORKSPACE_ID = 'de5ad000-0000-4000-8000-000000000001';
const CONNECTION_NAME = 'Zocdoc sandbox (built-in)';
const WORKFLOW_NAME = 'Demo: confirm new appointments';

export interface DemoSeed {
  workspaceId: string;
  apiKey: string;
  connectionId: string;
  workflowId: string;
}

/**
 * The demo workspace, its connection to the built-in sandbox and the demo workflow
 * (Appointment Created → Get Appointment → Confirm Appointment when still pending).
 * Idempotent: a restart reuses them, and points them at the sandbox's current address.
 */
export async function seedDemo(
  deps: { db: Db; connections: ConnectionStore; workflows: WorkflowStore },
  options: {
    apiKey: string;
    sandboxUrl: string;
    clientId: string;
    clientSecret: string;
    pollIntervalSeconds: number;
  },
): Promise<DemoSeed> {
  await deps.db.insert(workspaces).values({ id: DEMO_WORKSPACE_ID, name: 'Demo' }).onConflictDoNothing();
  await replaceApiKeys(deps.db, DEMO_WORKSPACE_ID, options.apiKey);

  const existing = (await deps.connections.list(DEMO_WORKSPACE_ID)).find(
    (c) =>
      c.name === CONNECTION_NAME && c.base_url === options.sandboxUrl && c.client_id === options.clientId,
  );
  const connection =
    existing ??
    (await deps.connections.create(
      DEMO_WORKSPACE_ID,
      sandboxConnectionInput(options.sandboxUrl, options, CONNECTION_NAME),
    ));

  const definition = demoWorkflowDefinition(connection.id, options.pollIntervalSeconds);
  const workflow = (await deps.workflows.list(DEMO_WORKSPACE_ID)).find((w) => w.name === WORKFLOW_NAME);
  const result = workflow
    ? await deps.workflows.update(DEMO_WORKSPACE_ID, workflow.id, { ...definition, enabled: true })
    : await deps.workflows.create(DEMO_WORKSPACE_ID, { name: WORKFLOW_NAME, enabled: true, ...definition });
  if (!result) throw new Error('The demo workflow vanished while it was being updated');
  if (!result.ok) throw new Error(`The demo workflow does not validate: ${JSON.stringify(result.errors)}`);
  return {
    workspaceId: DEMO_WORKSPACE_ID,
    apiKey: options.apiKey,
    connectionId: connection.id,
    workflowId: result.workflow.id,
  };
}

export function demoWorkflowDefinition(
  connectionId: string,
  pollIntervalSeconds: number,
): WorkflowDefinition {
  return {
    trigger: {
      key: 'zocdoc.appointment_created',
      connection_id: connectionId,
      poll_interval_seconds: pollIntervalSeconds,
    },
    steps: [
      {
        key: 'appointment',
        action: 'zocdoc.get_appointment',
        connection_id: connectionId,
        input: { appointment_id: '{{ trigger.appointment_id }}' },
      },
      {
        key: 'confirm',
        action: 'zocdoc.confirm_appointment',
        connection_id: connectionId,
        filter: "steps.appointment.appointment_status = 'pending_booking'",
        input: { appointment_id: '{{ steps.appointment.appointment_id }}' },
      },
    ],
  };
}
