import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** A tenant. Every row a user owns carries workspace_id; the API only ever sees its own. */
export const workspaces = pgTable('workspaces', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

/** API keys are stored as SHA-256 hashes; the key itself is shown once, when created. */
export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  keyHash: text('key_hash').notNull().unique(),
  /** The first characters of the key, so a person can tell keys apart without the secret. */
  keyPrefix: text('key_prefix').notNull(),
  label: text('label').notNull().default('default'),
  createdAt: createdAt(),
});

/**
 * An authorised account at an upstream API. Secrets and tokens are AES-256-GCM
 * ciphertexts (see src/connections/secret-box.ts); they never leave the server.
 */
export const connections = pgTable(
  'connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    connector: text('connector').notNull(),
    baseUrl: text('base_url').notNull(),
    tokenUrl: text('token_url').notNull(),
    audience: text('audience'),
    scope: text('scope'),
    clientId: text('client_id').notNull(),
    clientSecretEnc: text('client_secret_enc').notNull(),
    accessTokenEnc: text('access_token_enc'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    /** The shared key Zocdoc signs webhooks with (base64, encrypted); null when webhooks are not set up. */
    webhookKeyEnc: text('webhook_key_enc'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('connections_workspace_idx').on(t.workspaceId, t.createdAt)],
);

/**
 * A workflow: one trigger and ordered steps. The trigger's columns are lifted out of
 * the definition so the poller can find subscribers with an index, not a JSON scan.
 */
export const workflows = pgTable(
  'workflows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    triggerKey: text('trigger_key').notNull(),
    triggerConnectionId: uuid('trigger_connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'restrict' }),
    pollIntervalSeconds: integer('poll_interval_seconds').notNull(),
    /** The validated WorkflowDefinition (src/engine/workflow-definition.ts). */
    definition: jsonb('definition').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('workflows_workspace_idx').on(t.workspaceId, t.createdAt),
    index('workflows_trigger_idx').on(t.triggerConnectionId, t.triggerKey).where(sql`${t.enabled}`),
  ],
);

/** Where polling of one connection stands. A row exists once the first (baseline) poll committed. */
export const pollStates = pgTable('poll_states', {
  connectionId: uuid('connection_id')
    .primaryKey()
    .references(() => connections.id, { onDelete: 'cascade' }),
  baselineAt: timestamp('baseline_at', { withTimezone: true }).notNull(),
  /**
   * Newest last_modified_time_utc read so far (NULL while the account has no appointments);
   * the next poll reads from a little before it.
   */
  modifiedCursor: timestamp('modified_cursor', { withTimezone: true }),
  lastPollAt: timestamp('last_poll_at', { withTimezone: true }).notNull(),
  lastError: text('last_error'),
  /** `appointment_started` has fired for every start time up to here; the next sweep starts after it. */
  startedThrough: timestamp('started_through', { withTimezone: true }),
  /** When the last full sweep by start-time window ran (reconciles what incremental polls missed). */
  lastSweepAt: timestamp('last_sweep_at', { withTimezone: true }),
});

/** The last seen state of each appointment, per connection: what the differ compares against. */
export const appointmentSnapshots = pgTable(
  'appointment_snapshots',
  {
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    appointmentId: text('appointment_id').notNull(),
    data: jsonb('data').notNull(),
    /** Hash of the meaningful fields only: a bump of last_modified_time_utc alone is no change. */
    fingerprint: text('fingerprint').notNull(),
    /** Count of distinct meaningful changes seen; part of the `updated` dedup key. */
    version: integer('version').notNull().default(0),
    /** The snapshot's last_modified_time_utc: an older copy (from a slower, overlapping poll) never replaces a newer one. */
    modifiedAt: timestamp('modified_at', { withTimezone: true }),
    /** The start time as an instant, for the `appointment_started` sweep. */
    startsAt: timestamp('starts_at', { withTimezone: true }),
    status: text('status'),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.appointmentId] }),
    index('appointment_snapshots_starts_idx').on(t.connectionId, t.startsAt),
  ],
);

/** A trigger firing. The unique dedup key is what makes every event fire once. */
export const triggerEvents = pgTable(
  'trigger_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    triggerKey: text('trigger_key').notNull(),
    dedupKey: text('dedup_key').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('trigger_events_dedup_idx').on(t.connectionId, t.dedupKey)],
);

/**
 * One execution of a workflow for one event. `enqueued_at IS NULL` on a queued run is
 * the outbox: the relay hands those to BullMQ and stamps them.
 */
export const runs = pgTable(
  'runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    workflowId: uuid('workflow_id')
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id')
      .notNull()
      .references(() => triggerEvents.id, { onDelete: 'cascade' }),
    /** queued | running | succeeded | failed | skipped | interrupted (src/engine/run-status.ts) */
    status: text('status').notNull(),
    /** The workflow definition as it was when the run was created. */
    definition: jsonb('definition').notNull(),
    error: jsonb('error'),
    attempts: integer('attempts').notNull().default(0),
    /** How often a person asked for the run again (POST /v1/runs/{id}/replay); part of its job id. */
    replays: integer('replays').notNull().default(0),
    enqueuedAt: timestamp('enqueued_at', { withTimezone: true }),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('runs_workflow_event_idx').on(t.workflowId, t.eventId),
    index('runs_workspace_created_idx').on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    index('runs_outbox_idx').on(t.createdAt).where(sql`${t.status} = 'queued' AND ${t.enqueuedAt} IS NULL`),
  ],
);

/** One row per step of a run, written before the call (running) and after it (final). */
export const runSteps = pgTable(
  'run_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    stepIndex: integer('step_index').notNull(),
    stepKey: text('step_key').notNull(),
    actionKey: text('action_key').notNull(),
    /** running | succeeded | failed | skipped */
    status: text('status').notNull(),
    input: jsonb('input'),
    output: jsonb('output'),
    error: jsonb('error'),
    attempt: integer('attempt').notNull().default(1),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('run_steps_run_index_idx').on(t.runId, t.stepIndex)],
);
