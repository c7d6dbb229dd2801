import { randomBytes } from 'node:crypto';
import type { ActionContext } from '../../src/actions/action-definition.ts';
import { findAction } from '../../src/actions/catalog.ts';
import { executeAction } from '../../src/actions/execute-action.ts';
import { createActionContext } from '../../src/actions/file-download.ts';
import { type ConnectionClient, createConnectionClient } from '../../src/connections/connection-client.ts';
import { createConnectionStore } from '../../src/connections/connection-store.ts';
import { createSecretBox } from '../../src/connections/secret-box.ts';
import { sandboxConnectionInput } from '../../src/demo/sandbox-connection.ts';
import { startSandbox } from '../../src/sandbox/sandbox-app.ts';
import { insertWorkspace } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * Runs catalog actions against the real sandbox over loopback HTTP, through the real
 * connection store and client, and counts the HTTP requests the sandbox received so a
 * test can assert that a rejected input sent nothing.
 */
export interface ActionHarness {
  sandbox: Awaited<ReturnType<typeof startSandbox>>;
  database: TestDatabase;
  connectionId: string;
  client: ConnectionClient;
  /** Requests the connection client sent to the sandbox's /v1 paths so far. */
  apiRequests: string[];
  run(actionKey: string, input: unknown, context?: ActionContext): Promise<unknown>;
  close(): Promise<void>;
}

export async function startActionHarness(options: { clock?: () => Date } = {}): Promise<ActionHarness> {
  const clientCredentials = { clientId: 'actions-client', clientSecret: 'actions-secret' };
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    port: 0,
    clients: [clientCredentials],
    ...(options.clock && { clock: options.clock }),
  });
  const database = await createTestDatabase();
  const store = createConnectionStore({ db: database.db, secrets: createSecretBox(randomBytes(32)) });
  const workspaceId = await insertWorkspace(database.db);
  const connection = await store.create(workspaceId, sandboxConnectionInput(sandbox.url, clientCredentials));
  const apiRequests: string[] = [];
  const countingFetch: typeof fetch = (input, init) => {
    const url = new URL(String(input));
    if (url.pathname.startsWith('/v1'))
      apiRequests.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
    return fetch(input, init);
  };
  // No waiting between retries: the sandbox answers at once, and tests stay fast.
  const client = createConnectionClient({ store, fetch: countingFetch, sleep: async () => {} });
  const defaultContext = createActionContext();
  return {
    sandbox,
    database,
    connectionId: connection.id,
    client,
    apiRequests,
    run(actionKey, input, context = defaultContext) {
      const action = findAction(actionKey);
      if (!action) throw new Error(`no action ${actionKey} in the catalog`);
      return executeAction({ client, context }, action, connection.id, input);
    },
    async close() {
      await sandbox.close();
      await database.drop();
    },
  };
}
