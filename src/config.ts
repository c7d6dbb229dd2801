import { z } from 'zod';

/**
 * Every setting apptflow reads from its environment, validated once at start-up.
 * Nothing else in src/ reads process.env: a test builds a Config of its own.
 */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/apptflow'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  /** Key prefix for every BullMQ queue, so several installations can share one Redis. */
  REDIS_PREFIX: z.string().min(1).default('apptflow'),
  /** base64 of 32 random bytes; when unset, `apptflow start` creates one in APPTFLOW_DATA_DIR. */
  APPTFLOW_ENCRYPTION_KEY: z.string().optional(),
  APPTFLOW_DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  SANDBOX_CLIENT_ID: z.string().min(1).default('apptflow-sandbox-client'),
  SANDBOX_CLIENT_SECRET: z.string().min(1).default('apptflow-sandbox-secret'),
  /**
   * Whether Upload Appointment Attachment may download files from private, loopback or
   * link-local addresses. Off: a workflow input must not make the server read its own network.
   */
  ALLOW_PRIVATE_FILE_URLS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** `apptflow start` seeds a demo workspace, connection, workflow and booking driver unless "false". */
  DEMO: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  DEMO_API_KEY: z.string().min(20).optional(),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (FOO= in a compose file or a shell) means "not set", not "set to ''".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
