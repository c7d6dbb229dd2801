import { createHmac } from 'node:crypto';

/**
 * Webhook signatures (zocdoc-api.md §11): HMAC-SHA256 over `<webhook-timestamp>.<raw body>`,
 * keyed with the base64-DECODED shared key, sent as `webhook-signature: v1:<base64 MAC>`
 * beside `webhook-timestamp` (Unix seconds).
 */

/** Strict base64 (standard alphabet, optional padding; url-safe characters accepted too). */
export function isBase64Key(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '' || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return false;
  return Buffer.from(trimmed, 'base64').length > 0;
}

export function webhookSignature(keyBase64: string, timestampSeconds: number, rawBody: string): string {
  const mac = createHmac('sha256', Buffer.from(keyBase64.trim(), 'base64'))
    .update(`${timestampSeconds}.${rawBody}`)
    .digest('base64');
  return `v1:${mac}`;
}

/** The two headers of one delivery attempt. */
export function signedHeaders(
  keyBase64: string,
  timestampSeconds: number,
  rawBody: string,
): Record<'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': webhookSignature(keyBase64, timestampSeconds, rawBody),
  };
}
