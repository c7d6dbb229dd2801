import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../src/triggers/zocdoc/webhook-signature.ts';

// Signed here directly with node:crypto, as §11 describes, not with the module under test.
const key = Buffer.from('shared webhook key, decoded');
const now = new Date('2026-11-21T12:00:00Z');
const timestamp = String(now.getTime() / 1000);
const body = '{"event_type":"appointment_updated"}';
const sign = (k: Buffer, t: string, b: string) =>
  `v1:${createHmac('sha256', k).update(`${t}.${b}`).digest('base64')}`;

describe('Zocdoc webhook signatures', () => {
  it('accept a correct v1 signature, also among several entries', () => {
    expect(
      verifyWebhookSignature({ key, timestamp, signature: sign(key, timestamp, body), rawBody: body, now }),
    ).toEqual({
      ok: true,
    });
    const several = `v0:abc;v1:${Buffer.from('nope').toString('base64')}; ${sign(key, timestamp, body)}`;
    expect(verifyWebhookSignature({ key, timestamp, signature: several, rawBody: body, now }).ok).toBe(true);
  });

  it('refuse another key, a changed body, a changed timestamp, or no headers', () => {
    const other = Buffer.from('another key');
    const check = (signature: string | undefined, rawBody = body, t: string | undefined = timestamp) =>
      verifyWebhookSignature({ key, timestamp: t, signature, rawBody, now }).ok;
    const withoutTimestamp = (signature: string) =>
      verifyWebhookSignature({ key, timestamp: undefined, signature, rawBody: body, now }).ok;
    expect(check(sign(other, timestamp, body))).toBe(false);
    expect(check(sign(key, timestamp, body), `${body} `)).toBe(false);
    expect(check(sign(key, timestamp, body), body, String(Number(timestamp) + 1))).toBe(false);
    expect(check(undefined)).toBe(false);
    expect(withoutTimestamp(sign(key, timestamp, body))).toBe(false);
  });

  it('refuse a timestamp more than 5 minutes off, either way', () => {
    for (const offset of [-301, 301]) {
      const t = String(Number(timestamp) + offset);
      expect(
        verifyWebhookSignature({ key, timestamp: t, signature: sign(key, t, body), rawBody: body, now }),
      ).toEqual({
        ok: false,
        reason: expect.stringContaining('5 minutes'),
      });
    }
  });
});
