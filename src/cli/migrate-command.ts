import { loadConfig } from '../config.ts';
import { migrateDatabase, redactUrl } from '../db/migrate.ts';

export async function runMigrateCommand(): Promise<void> {
  const config = loadConfig();
  await migrateDatabase(config.DATABASE_URL);
  console.log(`Database ${redactUrl(config.DATABASE_URL)} is up to date.`);
}
