/**
 * PostgreSQL cannot store U+0000 in text or jsonb, nor an unpaired UTF-16 surrogate in
 * jsonb. Upstream data may hold either, and one such string would fail the whole write
 * (and with it every later poll of that connection). They become U+FFFD, the
 * replacement character, in values and keys alike.
 */
export function jsonbSafe<T>(value: T): T {
  // Almost all data is clean: a read-only scan first, and a copy only when needed.
  return needsCleaning(value) ? (clean(value) as T) : value;
}

/** Any surrogate at all (pairs included) sends a string down the precise path. */
const ANY_SURROGATE = /[\ud800-\udfff]/;

function suspicious(text: string): boolean {
  return text.includes(NUL) || ANY_SURROGATE.test(text);
}

function needsCleaning(value: unknown): boolean {
  if (typeof value === 'string') return suspicious(value);
  if (Array.isArray(value)) return value.some(needsCleaning);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const key in value) {
      if (suspicious(key) || needsCleaning((value as Record<string, unknown>)[key])) return true;
    }
  }
  return false;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return cleanString(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[cleanString(key)] = clean(inner);
    return out;
  }
  return value;
}

export const NUL = '\u0000';
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const LONE_SURROGATE_GLOBAL = new RegExp(LONE_SURROGATE.source, 'g');

function cleanString(text: string): string {
  return text.replaceAll(NUL, '\uFFFD').replace(LONE_SURROGATE_GLOBAL, '\uFFFD');
}

/** An error's message without the SQL parameters drizzle appends (they can hold patient data). */
export function safeErrorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (cause && typeof cause.code === 'string' && typeof cause.message === 'string') {
    return `database error ${cause.code}: ${cause.message}`.slice(0, 500);
  }
  const message = error.message;
  const params = message.indexOf('\nparams:');
  return (params === -1 ? message : `${message.slice(0, params)} (parameters not shown)`).slice(0, 500);
}
