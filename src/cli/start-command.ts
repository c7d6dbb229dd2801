import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { loadConfig } from '../config.ts';
import { loadOrCreateEncryptionKey } from '../connections/secret-box.ts';
import { migrateDatabase, redactUrl } from '../db/migrate.ts';
import { startBookingDriver } from '../demo/booking-driver.ts';
import { seedDemo } from '../demo/demo-seed.ts';
import { createWorkflowStore } from '../engine/workflow-store.ts';
import { startRuntime } from '../runtime.ts';
import { startSandbox } from '../sandbox/sandbox-app.ts';
import { reconcileAllPollSchedules } from '../triggers/poll-schedule.ts';
import { onShutdownSignal } from './shutdown.ts';

const DEMO_POLL_SECONDS = 5;
const DEMO_BOOKING_MS = 4000;

/** `npm start`: migrate, then sandbox + runtime (+ demo), until Ctrl-C. */
export async function runStartCommand(): Promise<void> {
  const config = loadConfig();
  const logger = pino({
    level: config.LOG_LEVEL,
    redact: {
      paths: ['*.client_secret', '*.access_token', '*.authorization', '*.patient'],
      censor: '[redacted]',
    },
  });

  await migrateDatabase(config.DATABASE_URL);
  const key = await loadOrCreateEncryptionKey({
    envKey: config.APPTFLOW_ENCRYPTION_KEY,
    dataDir: config.APPTFLOW_DATA_DIR,
  });
  if (key.source === 'created') {
    logger.warn(
      { file: `${config.APPTFLOW_DATA_DIR}/encryption.key` },
      'created a local encryption key for connection secrets; set APPTFLOW_ENCRYPTION_KEY in production and keep it safe',
    );
  }

  const sandbox = await startSandbox({
    host: config.HOST,
    port: config.SANDBOX_PORT,
    clients: [{ clientId: config.SANDBOX_CLIENT_ID, clientSecret: config.SANDBOX_CLIENT_SECRET }],
  });
  const runtime = await startRuntime({
    databaseUrl: config.DATABASE_URL,
    redisUrl: config.REDIS_URL,
    redisPrefix: config.REDIS_PREFIX,
    encryptionKey: key.key,
    allowPrivateFileUrls: config.ALLOW_PRIVATE_FILE_URLS,
    logger,
    listen: { host: config.HOST, port: config.PORT },
  });

  let driver: { stop(): Promise<void> } | null = null;
  if (config.DEMO) {
    const apiKey = config.DEMO_API_KEY ?? `apf_demo_${randomBytes(18).toString('base64url')}`;
    const demo = await seedDemo(
      {
        db: runtime.database.db,
        connections: runtime.connections,
        workflows: createWorkflowStore({ db: runtime.database.db }),
      },
      {
        apiKey,
        sandboxUrl: sandbox.url,
        clientId: config.SANDBOX_CLIENT_ID,
        clientSecret: config.SANDBOX_CLIENT_SECRET,
        pollIntervalSeconds: DEMO_POLL_SECONDS,
      },
    );
    await reconcileAllPollSchedules({ db: runtime.database.db, queue: runtime.pollQueue });
    driver = startBookingDriver({
      sandboxUrl: sandbox.url,
      clientId: config.SANDBOX_CLIENT_ID,
      clientSecret: config.SANDBOX_CLIENT_SECRET,
      intervalMs: DEMO_BOOKING_MS,
      logger: logger.child({ component: 'demo-driver' }),
    });
    console.log(`
apptflow is running.
  API            ${runtime.url}   (OpenAPI docs: ${runtime.url}/docs)
  Zocdoc sandbox ${sandbox.url}
  Database       ${redactUrl(config.DATABASE_URL)}

Demo workspace API key: ${demo.apiKey}${config.DEMO_API_KEY ? '' : '   (set DEMO_API_KEY to choose it)'}
A demo driver books a sandbox appointment every ${DEMO_BOOKING_MS / 1000} s; the demo workflow polls every
${DEMO_POLL_SECONDS} s and confirms each new booking. Watch the runs:

  curl -s -H 'Authorization: Bearer ${demo.apiKey}' ${runtime.url}/v1/runs
  curl -s -H 'Authorization: Bearer ${demo.apiKey}' ${runtime.url}/v1/workflows

Ctrl-C stops everything.
`);
  } else {
    console.log(
      `apptflow is running: API ${runtime.url}, Zocdoc sandbox ${sandbox.url}. Ctrl-C stops everything.`,
    );
  }

  onShutdownSignal(async () => {
    await driver?.stop();
    await runtime.stop();
    await sandbox.close();
  });
}
