import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * AES-256-GCM for secrets at rest. A ciphertext names the key that sealed it
 * (`wn1.<kid>.<iv>.<tag>.<data>`), so keys can rotate: the first key of the ring
 * encrypts, every key of the ring decrypts.
 */
export type SecretBox = {
  encrypt(plaintext: string, context: string): string;
  decrypt(sealed: string, context: string): string;
  /** A key for another purpose (token signing), derived so it never equals the encryption key. */
  deriveKey(purpose: string): Uint8Array;
  activeKeyId: string;
};

type Key = { id: string; key: Buffer };

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export function parseKeyRing(spec: string): Key[] {
  const keys = spec
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry, i) => {
      const colon = entry.indexOf(':');
      const id = colon > 0 ? entry.slice(0, colon) : `k${i + 1}`;
      const material = Buffer.from(colon > 0 ? entry.slice(colon + 1) : entry, 'base64');
      if (!KEY_ID.test(id)) throw new Error(`secret key id "${id}" must match ${KEY_ID}`);
      if (material.length !== 32) throw new Error(`secret key "${id}" must be 32 bytes of base64`);
      return { id, key: material };
    });
  if (keys.length === 0) throw new Error('secret key ring is empty');
  return keys;
}

/** Reads the key file in the data dir, creating it (mode 0600) on first start. */
export function loadOrCreateKeyFile(dataDir: string): string {
  const file = path.join(dataDir, 'secret.key');
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const spec = `k${Date.now().toString(36)}:${randomBytes(32).toString('base64')}\n`;
  fs.writeFileSync(file, spec, { mode: 0o600, flag: 'wx' });
  return spec;
}

export function createSecretBox(spec: string): SecretBox {
  const ring = parseKeyRing(spec);
  const active = ring[0]!;
  const byId = new Map(ring.map((k) => [k.id, k.key]));
  return {
    activeKeyId: active.id,
    deriveKey: (purpose) =>
      new Uint8Array(hkdfSync('sha256', active.key, Buffer.alloc(0), `webnet:${purpose}`, 32)),
    encrypt(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', active.key, iv);
      cipher.setAAD(Buffer.from(context));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url'));
      return ['wn1', active.id, ...parts].join('.');
    },
    decrypt(sealed, context) {
      const [version, kid, iv, tag, data] = sealed.split('.');
      if (version !== 'wn1' || !kid || iv === undefined || tag === undefined || data === undefined) {
        throw new Error('not a webnet sealed secret');
      }
      const key = byId.get(kid);
      if (!key) throw new Error(`secret sealed with unknown key id "${kid}"`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
