import { loadConfig } from '../config.ts';
import { startSandbox } from '../sandbox/sandbox-app.ts';
import { onShutdownSignal } from './shutdown.ts';

export async function runSandboxCommand(args: { port?: string; host?: string }): Promise<void> {
  const config = loadConfig();
  const port = args.port === undefined ? config.SANDBOX_PORT : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0–65535, got "${args.port}"`);
  const sandbox = await startSandbox({
    host: args.host ?? config.HOST,
    port,
    clients: [{ clientId: config.SANDBOX_CLIENT_ID, clientSecret: config.SANDBOX_CLIENT_SECRET }],
  });
  console.log(`Zocdoc sandbox listening on ${sandbox.url}
  token endpoint: POST ${sandbox.url}/oauth/token  (client_id ${config.SANDBOX_CLIENT_ID})
  operator surface: ${sandbox.url}/_sandbox/`);
  onShutdownSignal(() => sandbox.close());
}
