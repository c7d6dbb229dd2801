import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Symmetric encryption for secrets at rest (client secrets, access tokens).
 *
 * `context` is authenticated but not stored: a ciphertext sealed for
 * `connection:<id>:client_secret` does not open as another row's secret or as another
 * field, so someone with write access to the table cannot swap ciphertexts around.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const KEY_HELP = 'Make one with `openssl rand -base64 32`.';

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) {
    throw new Error(`The encryption key must be ${KEY_BYTES} bytes, got ${key.length}. ${KEY_HELP}`);
  }
  // A private copy, so a caller zeroing or reusing its buffer cannot change our key.
  const secretKey = Buffer.from(key);

  return {
    seal(plaintext, context) {
      // GCM breaks down completely if an IV repeats under one key; 96 random bits make
      // that negligible for the number of secrets one installation will ever seal.
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secretKey, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv, tag, ciphertext]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },

    open(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) {
        const version = parts.length > 1 ? `"${parts[0]}"` : 'none';
        throw new Error(
          `Cannot open secret (${context}): not a ${VERSION} sealed value (version ${version}, ${parts.length} parts).`,
        );
      }
      const [, ivText, tagText, ciphertextText] = parts as [string, string, string, string];
      if (![ivText, tagText, ciphertextText].every((p) => BASE64URL.test(p))) {
        throw new Error(`Cannot open secret (${context}): the sealed value is not valid base64url.`);
      }
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new Error(`Cannot open secret (${context}): malformed IV or authentication tag.`);
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', secretKey, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        const ciphertext = Buffer.from(ciphertextText, 'base64url');
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        // OpenSSL only says "unable to authenticate data"; these are the three ways to get there.
        throw new Error(
          `Cannot open secret (${context}): authentication failed — the encryption key is not the one ` +
            'it was sealed with, it was sealed for another context, or the ciphertext was altered.',
        );
      }
    },
  };
}

/** Decodes APPTFLOW_ENCRYPTION_KEY (or the key file): base64 of exactly 32 bytes. */
export function parseEncryptionKey(base64: string): Buffer {
  const text = base64.trim();
  // Buffer.from(…, 'base64') silently skips characters it does not know, which would
  // turn a typo into a different key instead of an error.
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    throw new Error(`The encryption key is not valid base64. ${KEY_HELP}`);
  }
  // Node's base64 decoder reads the URL-safe alphabet too.
  const key = Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `The encryption key must be base64 of exactly ${KEY_BYTES} bytes; this one decodes to ${key.length}. ${KEY_HELP}`,
    );
  }
  return key;
}

export interface LoadedEncryptionKey {
  key: Buffer;
  /** `created` means a new key was just written: secrets sealed before cannot be opened with it. */
  source: 'environment' | 'file' | 'created';
}

/**
 * The key for the SecretBox: the environment's when set; else `<dataDir>/encryption.key`;
 * else a new random key written there, readable by its owner only.
 */
export async function loadOrCreateEncryptionKey(opts: {
  envKey?: string;
  dataDir: string;
}): Promise<LoadedEncryptionKey> {
  // `APPTFLOW_ENCRYPTION_KEY=` in an .env file means "not set", not "an empty key".
  if (opts.envKey !== undefined && opts.envKey.trim() !== '') {
    try {
      return { key: parseEncryptionKey(opts.envKey), source: 'environment' };
    } catch (error) {
      throw new Error(`APPTFLOW_ENCRYPTION_KEY: ${(error as Error).message}`);
    }
  }

  const path = join(opts.dataDir, 'encryption.key');
  const existing = await readKeyFile(path);
  if (existing) return { key: existing, source: 'file' };

  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  // Written aside and hard-linked into place: link() fails if the file exists, so two
  // processes starting at once cannot overwrite each other's key, and no reader ever
  // sees a half-written file.
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readKeyFile(path);
    if (!winner) throw error;
    return { key: winner, source: 'file' };
  } finally {
    await unlink(temporary).catch(() => {});
  }
  return { key, source: 'created' };
}

async function readKeyFile(path: string): Promise<Buffer | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return parseEncryptionKey(text);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}
