import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { workspaces } from '../src/db/schema.ts';
import { demoWorkflowDefinition } from '../src/demo/demo-seed.ts';
import { sandboxConnectionInput } from '../src/demo/sandbox-connection.ts';
import { createWorkflowStore } from '../src/engine/workflow-store.ts';
import { type Runtime, startRuntime } from '../src/runtime.ts';
import { startSandbox } from '../src/sandbox/sandbox-app.ts';
import type { BenchEnvironment } from './bench-environment.ts';

const client = { clientId: 'bench-client', clientSecret: 'bench-secret' };

export interface DemoStack {
  sandbox: Awaited<ReturnType<typeof startSandbox>>;
  runtime: Runtime;
  connectionId: string;
  stop(): Promise<void>;
}

/**
 * The in-process sandbox (on loopback HTTP) and a runtime with the demo workflow on a
 * connection to it. No poll scheduler is started for that connection: benchmarks call
 * `runtime.poll` themselves, to time exactly one poll.
 */
export async function startDemoStack(
  env: BenchEnvironment,
  options: { seedFixtureAppointments?: boolean; outboxIntervalMs?: number } = {},
): Promise<DemoStack> {
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    port: 0,
    clients: [client],
    seedFixtureAppointments: options.seedFixtureAppointments ?? true,
  });
  const runtime = await startRuntime({
    databaseUrl: env.databaseUrl,
    redisUrl: env.redisUrl,
    redisPrefix: env.redisPrefix,
    encryptionKey: randomBytes(32),
    logger: pino({ level: 'silent' }),
    outboxIntervalMs: options.outboxIntervalMs ?? 1000,
  });
  const stop = async () => {
    await runtime.stop();
    await sandbox.close();
  };
  try {
    const { db } = runtime.database;
    const [workspace] = await db.insert(workspaces).values({ name: 'bench' }).returning();
    const connection = await runtime.connections.create(
      workspace!.id,
      sandboxConnectionInput(sandbox.url, client),
    );
    const created = await createWorkflowStore({ db }).create(workspace!.id, {
      name: 'bench',
      enabled: true,
      ...demoWorkflowDefinition(connection.id, 3600),
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    return { sandbox, runtime, connectionId: connection.id, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
