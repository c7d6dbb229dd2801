/**
 * Zocdoc's hosted environments (shared/zocdoc-api.md §1, §2.2). Credentials are issued
 * per environment and tokens are not interchangeable: a token from one is a 401 in the other.
 */
export interface ZocdocEnvironment {
  /** API base, without a trailing slash; paths such as `/v1/appointments` go below it. */
  baseUrl: string;
  /** Client-credentials (and authorization-code) token endpoint. */
  tokenUrl: string;
  /** Machine-to-machine audience. The trailing slash is part of it: Auth0 rejects it without. */
  audience: string;
  /** Authorization-code + PKCE endpoint, for connections made by a signed-in Zocdoc user. */
  authorizeUrl: string;
  /** Audience of the authorization-code flow, which differs from the M2M one. */
  userAudience: string;
}

export const zocdocEnvironmentNames = ['sandbox', 'production'] as const;
export type ZocdocEnvironmentName = (typeof zocdocEnvironmentNames)[number];

export const zocdocEnvironments: Readonly<Record<ZocdocEnvironmentName, Readonly<ZocdocEnvironment>>> =
  Object.freeze({
    sandbox: Object.freeze({
      baseUrl: 'https://api-developer-sandbox.zocdoc.com',
      tokenUrl: 'https://auth-api-developer-sandbox.zocdoc.com/oauth/token',
      audience: 'https://api-developer-sandbox.zocdoc.com/',
      // Inferred from the token host; the docs only show the production authorize URL.
      authorizeUrl: 'https://auth-api-developer-sandbox.zocdoc.com/authorize',
      userAudience: 'DeveloperApiPatient-Sandbox',
    }),
    production: Object.freeze({
      baseUrl: 'https://api-developer.zocdoc.com',
      tokenUrl: 'https://auth.zocdoc.com/oauth/token',
      audience: 'https://api-developer.zocdoc.com/',
      authorizeUrl: 'https://auth.zocdoc.com/authorize',
      userAudience: 'DeveloperApiPatient',
    }),
  });
