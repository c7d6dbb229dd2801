import type { CreateConnectionInput } from '../connections/connection-store.ts';

/**
 * A connection to a sandbox of apptflow's own at `sandboxUrl`: its token endpoint is on
 * the same server, and it accepts its own origin as the audience (src/sandbox/README.md).
 */
export function sandboxConnectionInput(
  sandboxUrl: string,
  client: { clientId: string; clientSecret: string },
  name = 'Zocdoc sandbox (built-in)',
): CreateConnectionInput {
  return {
    name,
    connector: 'zocdoc',
    environment: 'custom',
    base_url: sandboxUrl,
    token_url: `${sandboxUrl}/oauth/token`,
    audience: `${sandboxUrl}/`,
    client_id: client.clientId,
    client_secret: client.clientSecret,
  };
}
