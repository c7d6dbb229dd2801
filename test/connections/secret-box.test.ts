import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSecretBox,
  loadOrCreateEncryptionKey,
  parseEncryptionKey,
} from '../../src/connections/secret-box.ts';

const key = randomBytes(32);
const box = createSecretBox(key);
const context = 'connection:0b0e6a4e-2c1a-4a57-9d8f-0f3f1c1b2a3d:client_secret';

describe('secret box', () => {
  it('opens what it sealed, in a versioned base64url format', () => {
    const sealed = box.seal('s3cret – with ünïcode', context);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('s3cret');
    expect(box.open(sealed, context)).toBe('s3cret – with ünïcode');
  });

  it('uses a fresh IV each time, so equal secrets give different ciphertexts', () => {
    const a = box.seal('same', context);
    const b = box.seal('same', context);
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
  });

  it('seals the empty string', () => {
    expect(box.open(box.seal('', context), context)).toBe('');
  });

  it('detects tampering with the ciphertext, the tag or the IV', () => {
    const sealed = box.seal('a secret value', context);
    const [version, iv, tag, ciphertext] = sealed.split('.') as [string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] = bytes[0]! ^ 0x01;
      return bytes.toString('base64url');
    };
    for (const tampered of [
      [version, iv, tag, flip(ciphertext)],
      [version, iv, flip(tag), ciphertext],
      [version, flip(iv), tag, ciphertext],
    ]) {
      expect(() => box.open(tampered.join('.'), context)).toThrow(/authentication failed/);
    }
  });

  it('refuses a ciphertext sealed for another context (row or field swap)', () => {
    const sealed = box.seal('a secret value', context);
    expect(() => box.open(sealed, context.replace('client_secret', 'access_token'))).toThrow(
      /sealed for another context/,
    );
  });

  it('refuses to open with another key', () => {
    const sealed = box.seal('a secret value', context);
    expect(() => createSecretBox(randomBytes(32)).open(sealed, context)).toThrow(
      /encryption key is not the one/,
    );
  });

  it('rejects values that are not v1 sealed strings', () => {
    expect(() => box.open('plaintext', context)).toThrow(/not a v1 sealed value/);
    expect(() => box.open(box.seal('x', context).replace(/^v1/, 'v2'), context)).toThrow(/version "v2"/);
    expect(() => box.open('v1.a.b', context)).toThrow(/not a v1 sealed value/);
    expect(() => box.open('v1.!!.??.**', context)).toThrow(/not valid base64url/);
    expect(() => box.open('v1.AAAA.AAAA.AAAA', context)).toThrow(/malformed IV/);
  });

  it('requires a 32-byte key', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes, got 16/);
  });
});

describe('parseEncryptionKey', () => {
  it('decodes base64 of 32 bytes, ignoring surrounding whitespace', () => {
    const raw = randomBytes(32);
    expect(parseEncryptionKey(`  ${raw.toString('base64')}\n`).equals(raw)).toBe(true);
    expect(parseEncryptionKey(raw.toString('base64url')).equals(raw)).toBe(true);
  });

  it('rejects the wrong length and says how to make a key', () => {
    expect(() => parseEncryptionKey(randomBytes(16).toString('base64'))).toThrow(
      /exactly 32 bytes; this one decodes to 16.*openssl rand -base64 32/,
    );
    expect(() => parseEncryptionKey(randomBytes(33).toString('base64'))).toThrow(/decodes to 33/);
  });

  it('rejects text that is not base64 rather than decoding part of it', () => {
    expect(() => parseEncryptionKey('not a key!')).toThrow(/not valid base64.*openssl rand -base64 32/);
    expect(() => parseEncryptionKey('')).toThrow(/not valid base64/);
  });
});

describe('loadOrCreateEncryptionKey', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'apptflow-key-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates a key file readable by its owner only, then reuses it', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const created = await loadOrCreateEncryptionKey({ dataDir });
    expect(created.source).toBe('created');
    expect(created.key.length).toBe(32);

    const file = join(dataDir, 'encryption.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(parseEncryptionKey(await readFile(file, 'utf8')).equals(created.key)).toBe(true);

    const again = await loadOrCreateEncryptionKey({ dataDir });
    expect(again.source).toBe('file');
    expect(again.key.equals(created.key)).toBe(true);
    // A sealed secret survives the "restart".
    const sealed = createSecretBox(created.key).seal('kept', 'ctx');
    expect(createSecretBox(again.key).open(sealed, 'ctx')).toBe('kept');
  });

  it('prefers the environment over the file', async () => {
    await loadOrCreateEncryptionKey({ dataDir: dir });
    const envRaw = randomBytes(32);
    const loaded = await loadOrCreateEncryptionKey({ envKey: envRaw.toString('base64'), dataDir: dir });
    expect(loaded.source).toBe('environment');
    expect(loaded.key.equals(envRaw)).toBe(true);
  });

  it('treats an empty environment value as unset', async () => {
    const loaded = await loadOrCreateEncryptionKey({ envKey: '  ', dataDir: dir });
    expect(loaded.source).toBe('created');
  });

  it('names the culprit when a key is invalid', async () => {
    await expect(loadOrCreateEncryptionKey({ envKey: 'c2hvcnQ=', dataDir: dir })).rejects.toThrow(
      /APPTFLOW_ENCRYPTION_KEY: .*decodes to 5/,
    );
    await writeFile(join(dir, 'encryption.key'), 'garbage!\n');
    await expect(loadOrCreateEncryptionKey({ dataDir: dir })).rejects.toThrow(
      /encryption\.key: .*not valid base64/,
    );
  });

  it('gives concurrent starters the same key', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => loadOrCreateEncryptionKey({ dataDir: dir })),
    );
    expect(results.filter((r) => r.source === 'created')).toHaveLength(1);
    for (const r of results) expect(r.key.equals(results[0]!.key)).toBe(true);
  });
});
