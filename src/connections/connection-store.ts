import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { connections } from '../db/schema.ts';
import type { SecretBox } from './secret-box.ts';
import { zocdocEnvironments } from './zocdoc-environments.ts';

const httpUrl = (what: string) =>
  z.url({ protocol: /^https?$/, error: `${what} must be an absolute http:// or https:// URL` });

export const createConnectionInput = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe('A name to tell this connection apart, e.g. "Main clinic – production"'),
    connector: z.literal('zocdoc').describe('Which upstream API this connection authorises against'),
    environment: z
      .enum(['sandbox', 'production', 'custom'])
      .optional()
      .describe(
        "Zocdoc environment. 'sandbox' and 'production' fill base_url, token_url and audience with " +
          "Zocdoc's own (any of the three given here overrides its default); 'custom' requires base_url " +
          "and token_url, e.g. for apptflow's local simulator. When omitted: 'custom' if base_url is " +
          "given, else 'sandbox'.",
      ),
    base_url: httpUrl('base_url')
      .max(2000)
      .optional()
      .describe('API base URL; request paths such as /v1/appointments are appended to it'),
    token_url: httpUrl('token_url').max(2000).optional().describe('OAuth 2.0 token endpoint URL'),
    audience: z
      .string()
      .min(1)
      .max(2000)
      .optional()
      .describe(
        'OAuth audience sent with the token request (Zocdoc: the API base URL with a trailing slash)',
      ),
    scope: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .optional()
      .describe(
        'Space-separated scopes to request, e.g. "external.appointment.read external.appointment.write"; ' +
          "omit to receive the client's default grants",
      ),
    client_id: z.string().trim().min(1).max(500).describe('OAuth client id issued by the upstream API'),
    client_secret: z
      .string()
      .min(1)
      .max(2000)
      .describe('OAuth client secret. Stored encrypted; never returned by any API'),
    webhook_key: z
      .base64()
      .min(4)
      .max(1000)
      .optional()
      .describe(
        'The base64 key Zocdoc signs webhooks with, to accept them at POST /webhooks/zocdoc/{connection_id}. ' +
          'Stored encrypted; never returned',
      ),
  })
  .superRefine((input, ctx) => {
    if (resolveEnvironment(input) === 'custom') {
      for (const field of ['base_url', 'token_url'] as const) {
        if (input[field] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: `${field} is required when environment is 'custom'`,
          });
        }
      }
    }
    // The base URL is a prefix for request paths: a query or fragment there would end up
    // in the middle of every request URL.
    if (input.base_url !== undefined && /[?#]/.test(input.base_url)) {
      ctx.addIssue({ code: 'custom', path: ['base_url'], message: 'base_url must not contain ? or #' });
    }
  });

export type CreateConnectionInput = z.infer<typeof createConnectionInput>;

/** What any API may show of a connection. Secrets and tokens are deliberately absent. */
export interface ConnectionView {
  id: string;
  workspace_id: string;
  name: string;
  connector: string;
  base_url: string;
  token_url: string;
  audience: string | null;
  scope: string | null;
  client_id: string;
  token_cached_until: string | null;
  /** Whether webhooks are accepted for this connection (the key itself is never shown). */
  webhook_key_set: boolean;
  created_at: string;
  updated_at: string;
}

export const connectionViewSchema = z
  .strictObject({
    id: z.uuid().describe('Connection id'),
    workspace_id: z.uuid().describe('Workspace that owns the connection'),
    name: z.string().describe('Display name'),
    connector: z.string().describe('Upstream API, e.g. zocdoc'),
    base_url: z.string().describe('API base URL'),
    token_url: z.string().describe('OAuth 2.0 token endpoint URL'),
    audience: z.string().nullable().describe('OAuth audience sent with token requests'),
    scope: z.string().nullable().describe('Scopes requested, space separated; null for the default grants'),
    client_id: z.string().describe('OAuth client id (the secret is never shown)'),
    token_cached_until: z.iso
      .datetime()
      .nullable()
      .describe('Expiry of the cached access token, or null when none is cached'),
    webhook_key_set: z
      .boolean()
      .describe('Whether signed Zocdoc webhooks are accepted at POST /webhooks/zocdoc/{id}'),
    created_at: z.iso.datetime().describe('When the connection was created'),
    updated_at: z.iso.datetime().describe('When the connection settings last changed'),
  })
  .describe('An authorised account at an upstream API');

/** Everything needed to call the upstream API. Server-internal: never serialise this. */
export interface ConnectionCredentials {
  id: string;
  workspaceId: string;
  baseUrl: string;
  tokenUrl: string;
  audience: string | null;
  scope: string | null;
  clientId: string;
  clientSecret: string;
  accessToken: string | null;
  accessTokenExpiresAt: Date | null;
}

export interface ConnectionStore {
  create(workspaceId: string, input: CreateConnectionInput): Promise<ConnectionView>;
  list(workspaceId: string): Promise<ConnectionView[]>;
  /** null when absent or owned by another workspace: the caller cannot tell which. */
  get(workspaceId: string, id: string): Promise<ConnectionView | null>;
  /** Decrypted credentials, for the token provider and HTTP client only. Not workspace-scoped. */
  credentials(id: string): Promise<ConnectionCredentials | null>;
  /** Stores the token encrypted, replacing any earlier one. */
  saveAccessToken(id: string, token: string, expiresAt: Date): Promise<void>;
  /** The decoded webhook signing key, or null (unknown connection, or no key set). */
  webhookKey(id: string): Promise<Buffer | null>;
}

type ConnectionRow = typeof connections.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** AAD of each encrypted column: binds a ciphertext to its row and its field. */
export const secretContext = {
  clientSecret: (id: string) => `connection:${id}:client_secret`,
  accessToken: (id: string) => `connection:${id}:access_token`,
  webhookKey: (id: string) => `connection:${id}:webhook_key`,
};

export interface ResolvedEndpoints {
  baseUrl: string;
  tokenUrl: string;
  audience: string | null;
}

/** base_url, token_url and audience after the environment's defaults are applied. */
export function resolveConnectionEndpoints(input: CreateConnectionInput): ResolvedEndpoints {
  const environment = resolveEnvironment(input);
  const defaults = environment === 'custom' ? undefined : zocdocEnvironments[environment];
  const baseUrl = input.base_url ?? defaults?.baseUrl;
  const tokenUrl = input.token_url ?? defaults?.tokenUrl;
  if (baseUrl === undefined || tokenUrl === undefined) {
    throw new Error("base_url and token_url are required when environment is 'custom'");
  }
  return {
    // Paths start with '/', so a trailing slash here would double it.
    baseUrl: baseUrl.replace(/\/+$/, ''),
    tokenUrl,
    audience: input.audience ?? defaults?.audience ?? null,
  };
}

function resolveEnvironment(input: Pick<CreateConnectionInput, 'environment' | 'base_url'>) {
  return input.environment ?? (input.base_url !== undefined ? 'custom' : 'sandbox');
}

export function createConnectionStore(deps: { db: Db; secrets: SecretBox }): ConnectionStore {
  const { db, secrets } = deps;

  return {
    async create(workspaceId, rawInput) {
      // Parsed again here so a caller that skipped validation cannot store an invalid row.
      const input = createConnectionInput.parse(rawInput);
      const endpoints = resolveConnectionEndpoints(input);
      // The id is chosen here, not by the database, because it is part of the AAD.
      const id = randomUUID();
      const [row] = await db
        .insert(connections)
        .values({
          id,
          workspaceId,
          name: input.name,
          connector: input.connector,
          baseUrl: endpoints.baseUrl,
          tokenUrl: endpoints.tokenUrl,
          audience: endpoints.audience,
          scope: input.scope ?? null,
          clientId: input.client_id,
          clientSecretEnc: secrets.seal(input.client_secret, secretContext.clientSecret(id)),
          webhookKeyEnc:
            input.webhook_key === undefined
              ? null
              : secrets.seal(input.webhook_key, secretContext.webhookKey(id)),
        })
        .returning();
      return toView(row!);
    },

    async list(workspaceId) {
      if (!UUID.test(workspaceId)) return [];
      const rows = await db
        .select()
        .from(connections)
        .where(eq(connections.workspaceId, workspaceId))
        .orderBy(asc(connections.createdAt), asc(connections.id));
      return rows.map(toView);
    },

    async get(workspaceId, id) {
      // Postgres rejects a malformed uuid with an error; to a caller it is simply not found.
      if (!UUID.test(workspaceId) || !UUID.test(id)) return null;
      const [row] = await db
        .select()
        .from(connections)
        .where(and(eq(connections.id, id), eq(connections.workspaceId, workspaceId)));
      return row ? toView(row) : null;
    },

    async credentials(id) {
      if (!UUID.test(id)) return null;
      const [row] = await db.select().from(connections).where(eq(connections.id, id));
      if (!row) return null;
      const accessToken =
        row.accessTokenEnc === null ? null : secrets.open(row.accessTokenEnc, secretContext.accessToken(id));
      return {
        id: row.id,
        workspaceId: row.workspaceId,
        baseUrl: row.baseUrl,
        tokenUrl: row.tokenUrl,
        audience: row.audience,
        scope: row.scope,
        clientId: row.clientId,
        clientSecret: secrets.open(row.clientSecretEnc, secretContext.clientSecret(id)),
        accessToken,
        accessTokenExpiresAt: accessToken === null ? null : row.accessTokenExpiresAt,
      };
    },

    async webhookKey(id) {
      if (!UUID.test(id)) return null;
      const [row] = await db
        .select({ enc: connections.webhookKeyEnc })
        .from(connections)
        .where(eq(connections.id, id));
      if (!row?.enc) return null;
      return Buffer.from(secrets.open(row.enc, secretContext.webhookKey(id)), 'base64');
    },

    async saveAccessToken(id, token, expiresAt) {
      if (!UUID.test(id)) return;
      // Last writer wins: when two workers refresh at once, either token is valid.
      // updated_at is left alone: it tracks settings a person changed, not token rotation.
      await db
        .update(connections)
        .set({
          accessTokenEnc: secrets.seal(token, secretContext.accessToken(id)),
          accessTokenExpiresAt: expiresAt,
        })
        .where(eq(connections.id, id));
    },
  };
}

function toView(row: ConnectionRow): ConnectionView {
  return {
    id: row.id,
    workspace_id: row.workspaceId,
    name: row.name,
    connector: row.connector,
    base_url: row.baseUrl,
    token_url: row.tokenUrl,
    audience: row.audience,
    scope: row.scope,
    client_id: row.clientId,
    token_cached_until:
      row.accessTokenEnc !== null && row.accessTokenExpiresAt !== null
        ? row.accessTokenExpiresAt.toISOString()
        : null,
    webhook_key_set: row.webhookKeyEnc !== null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
