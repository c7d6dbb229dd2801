import { createHmac, timingSafeEqual } from 'node:crypto';

/** Zocdoc refuses nothing older; neither do we (replays of captured webhooks). */
const TOLERANCE_MS = 5 * 60_000;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Zocdoc's webhook signature (zocdoc-api.md §11): HMAC-SHA256, keyed with the
 * base64-decoded shared key, over `<webhook-timestamp>.<raw body>`; the header holds one
 * or more `v1:<base64>` entries joined by `;`, and any v1 entry may match.
 */
export function verifyWebhookSignature(input: {
  key: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
  now: Date;
}): SignatureCheck {
  if (!input.timestamp || !input.signature)
    return { ok: false, reason: 'webhook-timestamp and webhook-signature are required' };
  if (!/^\d{1,12}$/.test(input.timestamp))
    return { ok: false, reason: 'webhook-timestamp must be Unix seconds' };
  if (Math.abs(input.now.getTime() - Number(input.timestamp) * 1000) > TOLERANCE_MS) {
    return { ok: false, reason: 'webhook-timestamp is more than 5 minutes off' };
  }
  const expected = createHmac('sha256', input.key).update(`${input.timestamp}.${input.rawBody}`).digest();
  const matches = input.signature
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('v1:'))
    .some((entry) => {
      const given = Buffer.from(entry.slice(3), 'base64');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  return matches ? { ok: true } : { ok: false, reason: 'the signature does not match' };
}
