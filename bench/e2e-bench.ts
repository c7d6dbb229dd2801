import { randomBytes } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { pino } from 'pino';
import { runs, workspaces } from '../src/db/schema.ts';
import { demoWorkflowDefinition } from '../src/demo/demo-seed.ts';
import { finalRunStatuses } from '../src/engine/run-status.ts';
import { createWorkflowStore } from '../src/engine/workflow-store.ts';
import { startRuntime } from '../src/runtime.ts';
import { startSandbox } from '../src/sandbox/sandbox-app.ts';
import { type BenchEnvironment, perSecond } from './bench-environment.ts';

const APPOINTMENTS = 300;
const client = { clientId: 'bench-client', clientSecret: 'bench-secret' };

/**
 * End-to-end runs/s of the demo workflow (Appointment Created → Get Appointment →
 * Confirm Appointment) against the in-process sandbox over HTTP on loopback: from the
 * poll that finds 300 new bookings until every run is final.
 */
export async function benchEndToEnd(env: BenchEnvironment) {
  const sandbox = await startSandbox({ host: '127.0.0.1', port: 0, clients: [client] });
  const runtime = await startRuntime({
    databaseUrl: env.databaseUrl,
    redisUrl: env.redisUrl,
    redisPrefix: env.redisPrefix,
    encryptionKey: randomBytes(32),
    logger: pino({ level: 'silent' }),
    outboxIntervalMs: 50,
  });
  try {
    const { db } = runtime.database;
    const [workspace] = await db.insert(workspaces).values({ name: 'bench e2e' }).returning();
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
    // No scheduler is started for it: the benchmark polls by hand to time one poll's runs.
    const created = await createWorkflowStore({ db }).create(workspace!.id, {
      name: 'bench',
      enabled: true,
      ...demoWorkflowDefinition(connection.id, 3600),
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    await runtime.poll(connection.id);

    const booked = Array.from(
      { length: APPOINTMENTS },
      () => sandbox.store.createAppointment({ appointment_status: 'pending_booking' }).appointment_id,
    );
    const started = performance.now();
    const outcome = await runtime.poll(connection.id);
    const pollMs = performance.now() - started;
    if (outcome.runs !== APPOINTMENTS)
      throw new Error(`expected ${APPOINTMENTS} runs, the poll queued ${outcome.runs}`);

    let statuses: string[] = [];
    for (;;) {
      statuses = (
        await db
          .select({ status: runs.status })
          .from(runs)
          .where(inArray(runs.status, [...finalRunStatuses]))
      ).map((r) => r.status);
      if (statuses.length >= APPOINTMENTS) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const totalMs = performance.now() - started;
    const succeeded = statuses.filter((s) => s === 'succeeded').length;
    if (succeeded !== APPOINTMENTS) {
      const [failed] = await db
        .select({ error: runs.error })
        .from(runs)
        .where(inArray(runs.status, ['failed', 'interrupted']))
        .limit(1);
      throw new Error(
        `only ${succeeded} of ${APPOINTMENTS} runs succeeded; e.g. ${JSON.stringify(failed?.error)}`,
      );
    }
    const confirmed = booked.filter(
      (id) => sandbox.store.getAppointment(id)?.appointment_status === 'confirmed',
    ).length;
    return {
      runs: APPOINTMENTS,
      steps_per_run: 2,
      poll_ms: Math.round(pollMs),
      total_ms: Math.round(totalMs),
      runs_per_s: perSecond(APPOINTMENTS, totalMs),
      succeeded,
      confirmed_in_sandbox: confirmed,
    };
  } finally {
    await runtime.stop();
    await sandbox.close();
  }
}
