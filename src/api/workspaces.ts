import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apiKeys, workspaces } from '../db/schema.ts';

export interface Workspace {
  id: string;
  name: string;
  createdAt: Date;
}

const KEY_PREFIX_LENGTH = 12;

/** `apf_` + 32 base64url characters (24 random bytes, 192 bits). */
export function generateApiKey(): string {
  return `apf_${randomBytes(24).toString('base64url')}`;
}

/**
 * A plain SHA-256 (no salt, no slow KDF) is enough: the keys are 192 random bits, so
 * there is nothing to brute-force, and a deterministic hash lets one indexed lookup
 * find the key.
 */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

/** Creates a workspace with one API key; the key is returned here and never again. */
export async function createWorkspace(
  db: Db,
  input: { name: string; apiKey?: string },
): Promise<{ workspace: Workspace; apiKey: string }> {
  const apiKey = input.apiKey ?? generateApiKey();
  return db.transaction(async (tx) => {
    const [workspace] = await tx.insert(workspaces).values({ name: input.name }).returning();
    await tx.insert(apiKeys).values(apiKeyRow(workspace!.id, apiKey));
    return { workspace: workspace!, apiKey };
  });
}

/**
 * Makes `apiKey` the workspace's only key. The demo seeding uses it so a known key
 * (DEMO_API_KEY) works after every restart, and any key handed out before stops working.
 */
export async function replaceApiKeys(db: Db, workspaceId: string, apiKey: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(apiKeys).where(eq(apiKeys.workspaceId, workspaceId));
    await tx.insert(apiKeys).values(apiKeyRow(workspaceId, apiKey));
  });
}

export async function findWorkspaceByApiKey(db: Db, apiKey: string): Promise<Workspace | null> {
  const [row] = await db
    .select({ id: workspaces.id, name: workspaces.name, createdAt: workspaces.createdAt })
    .from(apiKeys)
    .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
    .where(eq(apiKeys.keyHash, hashApiKey(apiKey)))
    .limit(1);
  return row ?? null;
}

function apiKeyRow(workspaceId: string, apiKey: string) {
  return { workspaceId, keyHash: hashApiKey(apiKey), keyPrefix: apiKey.slice(0, KEY_PREFIX_LENGTH) };
}
