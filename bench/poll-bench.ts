import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { workspaces } from '../src/db/schema.ts';
import { demoWorkflowDefinition } from '../src/demo/demo-seed.ts';
import { createWorkflowStore } from '../src/engine/workflow-store.ts';
import { startRuntime } from '../src/runtime.ts';
import { startSandbox } from '../src/sandbox/sandbox-app.ts';
import { type BenchEnvironment, perSecond } from './bench-environment.ts';

const COUNT = 10_000;
const client = { clientId: 'bench-client', clientSecret: 'bench-secret' };

/**
 * A whole poll of an account holding 10,000 appointments, as the poll worker does it:
 * keyset-paged GET /v1/appointments from the in-process sandbox over loopback HTTP,
 * then the diff. The first poll is the baseline (every snapshot written); the second
 * reads only the overlap window and finds nothing new.
 */
export async function benchPoll(env: BenchEnvironment) {
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    port: 0,
    clients: [client],
    seedFixtureAppointments: false,
  });
  const runtime = await startRuntime({
    databaseUrl: env.databaseUrl,
    redisUrl: env.redisUrl,
    redisPrefix: env.redisPrefix,
    encryptionKey: randomBytes(32),
    logger: pino({ level: 'silent' }),
  });
  try {
    sandbox.store.bulkCreateAppointments(COUNT);
    const { db } = runtime.database;
    const [workspace] = await db.insert(workspaces).values({ name: 'bench poll' }).returning();
    const connection = await runtime.connections.create(workspace!.id, {
      name: 'bench sandbox',
      connector: 'zocdoc',
      environment: 'custom',
      base_url: sandbox.url,
      token_url: `${sandbox.url}/oauth/token`,
      audience: `${sandbox.url}/`,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    const created = await createWorkflowStore({ db }).create(workspace!.id, {
      name: 'bench',
      enabled: true,
      ...demoWorkflowDefinition(connection.id, 3600),
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));

    let started = performance.now();
    const baseline = await runtime.poll(connection.id);
    const baselineMs = performance.now() - started;
    if (baseline.seen !== COUNT) throw new Error(`baseline saw ${baseline.seen} of ${COUNT}`);
    started = performance.now();
    const next = await runtime.poll(connection.id);
    const incrementalMs = performance.now() - started;
    return {
      appointments: COUNT,
      baseline_poll: { ms: Math.round(baselineMs), appointments_per_s: perSecond(COUNT, baselineMs) },
      incremental_poll_nothing_new: {
        ms: Math.round(incrementalMs),
        appointments_read: next.seen,
        events: next.events,
      },
    };
  } finally {
    await runtime.stop();
    await sandbox.close();
  }
}
