/**
 * The OAuth clients of the sandbox: machine-to-machine clients (client credentials, with a
 * secret) and public SPA clients (authorization code + PKCE, no secret, §2.2), with the
 * redirect URIs each public client may use.
 */

export interface SandboxPublicClient {
  clientId: string;
  /**
   * Exact redirect URIs allowed. When absent, any http(s) URL on a loopback host
   * (localhost, 127.0.0.1, [::1]) is allowed: a sandbox convenience for local apps.
   */
  redirectUris?: readonly string[] | undefined;
}

/** Present unless `publicClients` is given: any local app can try the flow at once. */
export const DEFAULT_PUBLIC_CLIENT: SandboxPublicClient = { clientId: 'apptflow-sandbox-spa' };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isAllowedRedirect(client: SandboxPublicClient, redirectUri: string): boolean {
  if (client.redirectUris) return client.redirectUris.includes(redirectUri);
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname) && !url.hash
  );
}
