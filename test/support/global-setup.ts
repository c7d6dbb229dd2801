import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated database that each test file clones (CREATE DATABASE … TEMPLATE). */
    templateDatabaseUrl: string;
    redisUrl: string;
  }
}

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_REDIS = 'redis://127.0.0.1:6379';

/**
 * Where the tests find PostgreSQL and Redis: DATABASE_URL / REDIS_URL when set; else the
 * local servers on their standard ports; else containers, when a Docker engine runs.
 */
export default async function setup(project: TestProject) {
  const stops: Array<() => Promise<void>> = [];
  const databaseUrl =
    process.env.DATABASE_URL ?? (await reachableOrContainer('postgres', LOCAL_POSTGRES, stops));
  const redisUrl = process.env.REDIS_URL ?? (await reachableOrContainer('redis', LOCAL_REDIS, stops));

  const template = new URL(databaseUrl);
  template.pathname = `/apptflow_tpl_${randomBytes(4).toString('hex')}`;
  await migrateDatabase(template.toString());

  project.provide('templateDatabaseUrl', template.toString());
  project.provide('redisUrl', redisUrl);

  return async () => {
    const admin = new URL(databaseUrl);
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(
      `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(template.pathname.slice(1))} WITH (FORCE)`,
    );
    await client.end();
    for (const stop of stops) await stop();
  };
}

async function reachableOrContainer(
  kind: 'postgres' | 'redis',
  localUrl: string,
  stops: Array<() => Promise<void>>,
): Promise<string> {
  const { hostname, port } = new URL(localUrl);
  if (await canConnect(hostname, Number(port))) return localUrl;
  if (!(await dockerEngineRuns())) {
    const variable = kind === 'postgres' ? 'DATABASE_URL' : 'REDIS_URL';
    throw new Error(
      `The tests need ${kind}: set ${variable}, start ${kind} on ${hostname}:${port}, ` +
        'or run a Docker engine so the tests can start a container.',
    );
  }
  const { GenericContainer } = await import('testcontainers');
  if (kind === 'postgres') {
    const container = await new GenericContainer('postgres:15')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withExposedPorts(5432)
      .start();
    stops.push(async () => void (await container.stop()));
    return `postgres://postgres@${container.getHost()}:${container.getMappedPort(5432)}/postgres`;
  }
  const container = await new GenericContainer('redis:7').withExposedPorts(6379).start();
  stops.push(async () => void (await container.stop()));
  return `redis://${container.getHost()}:${container.getMappedPort(6379)}`;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function dockerEngineRuns(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}
