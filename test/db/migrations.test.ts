import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

describe('migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('create every table the schema declares', async () => {
    const { rows } = await database.pool.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    expect(rows.map((r) => r.tablename)).toEqual([
      'api_keys',
      'appointment_snapshots',
      'connections',
      'poll_states',
      'run_steps',
      'runs',
      'trigger_events',
      'workflows',
      'workspaces',
    ]);
  });

  it('enforce one run per workflow and event', async () => {
    const { rows } = await database.pool.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE indexname = 'runs_workflow_event_idx'",
    );
    expect(rows[0]?.indexdef).toMatch(/UNIQUE.*\(workflow_id, event_id\)/);
  });
});
