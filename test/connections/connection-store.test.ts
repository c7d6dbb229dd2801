import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConnectionStore,
  connectionViewSchema,
  createConnectionInput,
  createConnectionStore,
} from '../../src/connections/connection-store.ts';
import { createSecretBox } from '../../src/connections/secret-box.ts';
import { zocdocEnvironments } from '../../src/connections/zocdoc-environments.ts';
import { connections, workspaces } from '../../src/db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const customInput = {
  name: 'Local simulator',
  connector: 'zocdoc' as const,
  environment: 'custom' as const,
  base_url: 'http://127.0.0.1:3100/',
  token_url: 'http://127.0.0.1:3100/oauth/token',
  client_id: 'client-a',
  client_secret: 'super-secret-value',
};

describe('connection store', () => {
  let database: TestDatabase;
  let store: ConnectionStore;
  let workspaceA: string;
  let workspaceB: string;
  const key = randomBytes(32);

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createConnectionStore({ db: database.db, secrets: createSecretBox(key) });
    const rows = await database.db
      .insert(workspaces)
      .values([{ name: 'A' }, { name: 'B' }])
      .returning({ id: workspaces.id });
    workspaceA = rows[0]!.id;
    workspaceB = rows[1]!.id;
  });
  afterAll(() => database.drop());

  it('creates a connection and shows it without any secret', async () => {
    const view = await store.create(workspaceA, { ...customInput, scope: 'external.appointment.read' });
    expect(view).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      workspace_id: workspaceA,
      name: 'Local simulator',
      connector: 'zocdoc',
      base_url: 'http://127.0.0.1:3100',
      token_url: 'http://127.0.0.1:3100/oauth/token',
      audience: null,
      scope: 'external.appointment.read',
      client_id: 'client-a',
      token_cached_until: null,
      webhook_key_set: false,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(connectionViewSchema.parse(view)).toEqual(view);
    expect(JSON.stringify(view)).not.toContain('super-secret-value');
  });

  it('lists and gets connections of the workspace only', async () => {
    const first = await store.create(workspaceA, { ...customInput, name: 'first' });
    const second = await store.create(workspaceA, { ...customInput, name: 'second' });
    const other = await store.create(workspaceB, { ...customInput, name: 'other' });

    const listA = await store.list(workspaceA);
    expect(listA.map((c) => c.id)).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(listA.map((c) => c.id)).not.toContain(other.id);
    expect(listA.every((c) => c.workspace_id === workspaceA)).toBe(true);
    expect(listA.findIndex((c) => c.id === first.id)).toBeLessThan(
      listA.findIndex((c) => c.id === second.id),
    );
    expect((await store.list(workspaceB)).map((c) => c.id)).toEqual([other.id]);

    expect(await store.get(workspaceA, first.id)).toEqual(first);
    expect(await store.get(workspaceA, other.id)).toBeNull();
    expect(await store.get(workspaceB, first.id)).toBeNull();
    expect(await store.get(workspaceA, randomUUID())).toBeNull();
    expect(await store.get(workspaceA, 'not-a-uuid')).toBeNull();
    expect(await store.list('not-a-uuid')).toEqual([]);
  });

  it('stores the client secret encrypted and bound to the row', async () => {
    const view = await store.create(workspaceA, customInput);
    const [row] = await database.db.select().from(connections).where(eq(connections.id, view.id));
    expect(row!.clientSecretEnc).toMatch(/^v1\./);
    expect(row!.clientSecretEnc).not.toContain('super-secret-value');

    const credentials = await store.credentials(view.id);
    expect(credentials).toEqual({
      id: view.id,
      workspaceId: workspaceA,
      baseUrl: 'http://127.0.0.1:3100',
      tokenUrl: 'http://127.0.0.1:3100/oauth/token',
      audience: null,
      scope: null,
      clientId: 'client-a',
      clientSecret: 'super-secret-value',
      accessToken: null,
      accessTokenExpiresAt: null,
    });

    // Copying one row's ciphertext into another row does not yield a usable secret.
    const victim = await store.create(workspaceB, { ...customInput, client_secret: 'victim-secret' });
    await database.db
      .update(connections)
      .set({ clientSecretEnc: row!.clientSecretEnc })
      .where(eq(connections.id, victim.id));
    await expect(store.credentials(victim.id)).rejects.toThrow(/authentication failed/);
  });

  it('saves the access token encrypted and returns it decrypted', async () => {
    const view = await store.create(workspaceA, customInput);
    const expiresAt = new Date('2030-01-01T00:00:00.000Z');
    await store.saveAccessToken(view.id, 'eyJ.access.token', expiresAt);

    const [row] = await database.db.select().from(connections).where(eq(connections.id, view.id));
    expect(row!.accessTokenEnc).toMatch(/^v1\./);
    expect(row!.accessTokenEnc).not.toContain('eyJ.access.token');
    expect(row!.updatedAt.toISOString()).toBe(view.updated_at);

    const credentials = await store.credentials(view.id);
    expect(credentials?.accessToken).toBe('eyJ.access.token');
    expect(credentials?.accessTokenExpiresAt?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect((await store.get(workspaceA, view.id))?.token_cached_until).toBe('2030-01-01T00:00:00.000Z');

    const later = new Date('2030-01-01T01:00:00.000Z');
    await store.saveAccessToken(view.id, 'second.token', later);
    expect((await store.credentials(view.id))?.accessToken).toBe('second.token');
  });

  it('returns null credentials for an unknown connection', async () => {
    expect(await store.credentials(randomUUID())).toBeNull();
    expect(await store.credentials('nope')).toBeNull();
  });

  it('fills sandbox and production endpoints from the environment', async () => {
    const base = { connector: 'zocdoc' as const, client_id: 'id', client_secret: 'secret' };
    const sandbox = await store.create(workspaceA, { ...base, name: 'sb', environment: 'sandbox' });
    expect(sandbox).toMatchObject({
      base_url: 'https://api-developer-sandbox.zocdoc.com',
      token_url: 'https://auth-api-developer-sandbox.zocdoc.com/oauth/token',
      audience: 'https://api-developer-sandbox.zocdoc.com/',
    });
    const production = await store.create(workspaceA, { ...base, name: 'prod', environment: 'production' });
    expect(production).toMatchObject({
      base_url: zocdocEnvironments.production.baseUrl,
      token_url: 'https://auth.zocdoc.com/oauth/token',
      audience: 'https://api-developer.zocdoc.com/',
    });
    const overridden = await store.create(workspaceA, {
      ...base,
      name: 'prod via proxy',
      environment: 'production',
      base_url: 'https://proxy.example.com/zocdoc',
    });
    expect(overridden).toMatchObject({
      base_url: 'https://proxy.example.com/zocdoc',
      token_url: 'https://auth.zocdoc.com/oauth/token',
      audience: 'https://api-developer.zocdoc.com/',
    });
    // No environment and no base URL: the safe choice, sandbox.
    expect(await store.create(workspaceA, { ...base, name: 'default' })).toMatchObject({
      base_url: 'https://api-developer-sandbox.zocdoc.com',
    });
  });

  it('rejects invalid input', async () => {
    const issues = (input: unknown) => {
      const result = createConnectionInput.safeParse(input);
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues(customInput)).toEqual([]);
    expect(issues({ ...customInput, name: '' })).toEqual([expect.stringMatching(/^name:/)]);
    expect(issues({ ...customInput, name: 'x'.repeat(201) })).toEqual([expect.stringMatching(/^name:/)]);
    expect(issues({ ...customInput, connector: 'intakeq' })).toEqual([expect.stringMatching(/^connector:/)]);
    expect(issues({ ...customInput, environment: 'staging' })).toEqual([
      expect.stringMatching(/^environment:/),
    ]);
    expect(issues({ ...customInput, base_url: 'ftp://example.com' })).toEqual([
      'base_url: base_url must be an absolute http:// or https:// URL',
    ]);
    expect(issues({ ...customInput, base_url: 'http://h/api?x=1' })).toEqual([
      'base_url: base_url must not contain ? or #',
    ]);
    expect(issues({ ...customInput, client_secret: '' })).toEqual([expect.stringMatching(/^client_secret:/)]);
    expect(issues({ ...customInput, client_id: undefined })).toEqual([expect.stringMatching(/^client_id:/)]);
    expect(issues({ ...customInput, extra: 1 })).toEqual([expect.stringMatching(/extra/)]);
    const { base_url: _b, token_url: _t, ...withoutUrls } = customInput;
    expect(issues(withoutUrls)).toEqual([
      "base_url: base_url is required when environment is 'custom'",
      "token_url: token_url is required when environment is 'custom'",
    ]);

    await expect(store.create(workspaceA, { ...customInput, name: '' })).rejects.toThrow();
  });

  it('describes every input field, for the OpenAPI document', () => {
    for (const [field, schema] of Object.entries(createConnectionInput.shape)) {
      expect(schema.description, field).toBeTruthy();
    }
    for (const [field, schema] of Object.entries(connectionViewSchema.shape)) {
      expect(schema.description, field).toBeTruthy();
    }
  });

  it('keeps a webhook key encrypted, says only that it is set, and hands it back decoded', async () => {
    const key = Buffer.from('a shared webhook signing key');
    const view = await store.create(workspaceA, { ...customInput, webhook_key: key.toString('base64') });
    expect(view.webhook_key_set).toBe(true);
    expect(JSON.stringify(view)).not.toContain(key.toString('base64'));
    const [row] = await database.db.select().from(connections).where(eq(connections.id, view.id));
    expect(row!.webhookKeyEnc).not.toContain(key.toString('base64'));
    expect((await store.webhookKey(view.id))?.equals(key)).toBe(true);
    const without = await store.create(workspaceA, customInput);
    expect(await store.webhookKey(without.id)).toBeNull();
    expect(createConnectionInput.safeParse({ ...customInput, webhook_key: 'not base64!' }).success).toBe(
      false,
    );
  });
});
