import { createWorkspace } from '../api/workspaces.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';

export async function runWorkspaceCommand(
  action: string | undefined,
  args: { name?: string },
): Promise<void> {
  if (action !== 'create' || !args.name) {
    throw new Error('Usage: apptflow workspace create --name NAME');
  }
  const config = loadConfig();
  await migrateDatabase(config.DATABASE_URL);
  const database = openDatabase(config.DATABASE_URL, { max: 1 });
  try {
    const { workspace, apiKey } = await createWorkspace(database.db, { name: args.name });
    console.log(`Workspace ${workspace.id} ("${workspace.name}") created.
API key (shown once; store it now): ${apiKey}`);
  } finally {
    await database.close();
  }
}
