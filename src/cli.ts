import { parseArgs } from 'node:util';
import { runMigrateCommand } from './cli/migrate-command.ts';
import { runSandboxCommand } from './cli/sandbox-command.ts';
import { runStartCommand } from './cli/start-command.ts';
import { runWorkspaceCommand } from './cli/workspace-command.ts';

const usage = `apptflow <command> [options]

Commands:
  start                         migrate, then run the API, workers and the built-in sandbox (+ demo)
  migrate                       bring the database schema up to date
  sandbox [--port N] [--host H] run the Zocdoc sandbox simulator alone
  workspace create --name NAME  create a workspace and print its API key

Configuration comes from the environment; see README.md.`;

const [command, ...rest] = process.argv.slice(2);

async function main(): Promise<void> {
  switch (command) {
    case 'start':
      return runStartCommand();
    case 'migrate':
      return runMigrateCommand();
    case 'sandbox': {
      const { values } = parseArgs({
        args: rest,
        options: { port: { type: 'string' }, host: { type: 'string' } },
      });
      return runSandboxCommand(values);
    }
    case 'workspace': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { name: { type: 'string' } },
        allowPositionals: true,
      });
      return runWorkspaceCommand(positionals[0], values);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(usage);
      return;
    default:
      console.error(`Unknown command "${command}".\n\n${usage}`);
      process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  // Exit now: a command that failed half-way (a port in use) may have servers, timers or
  // connections open that would otherwise keep the process alive.
  process.exit(1);
});
