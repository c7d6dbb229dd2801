import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';

/** A throw-away migrated database and Redis prefix, so a benchmark never touches real data. */
export interface BenchEnvironment {
  database: Database;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  dispose(): Promise<void>;
}

export async function createBenchEnvironment(): Promise<BenchEnvironment> {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `apptflow_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());
  const database = openDatabase(url.toString());
  return {
    database,
    databaseUrl: url.toString(),
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: name,
    async dispose() {
      await database.close();
      const admin = new URL(base);
      admin.pathname = '/postgres';
      const client = new pg.Client({ connectionString: admin.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Median of repeated timings, in milliseconds. */
export async function medianMs(repetitions: number, run: (i: number) => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);
