import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, loadOrCreateKeyFile, parseKeyRing } from './secrets.ts';

const key = () => randomBytes(32).toString('base64');

describe('secret box', () => {
  it('round-trips and never yields the same ciphertext twice', () => {
    const box = createSecretBox(`a:${key()}`);
    const one = box.encrypt('enable-secret', 'ctx');
    const two = box.encrypt('enable-secret', 'ctx');
    expect(one).not.toBe(two);
    expect(one).toMatch(/^wn1\.a\./);
    expect(one).not.toContain('enable-secret');
    expect(box.decrypt(one, 'ctx')).toBe('enable-secret');
  });

  it('refuses a tampered ciphertext or the wrong context', () => {
    const box = createSecretBox(`a:${key()}`);
    const sealed = box.encrypt('p4ss', 'credential:1:password');
    expect(() => box.decrypt(sealed, 'credential:2:password')).toThrow();
    const parts = sealed.split('.');
    const data = Buffer.from(parts[4]!, 'base64url');
    data[0] = data[0]! ^ 1;
    parts[4] = data.toString('base64url');
    expect(() => box.decrypt(parts.join('.'), 'credential:1:password')).toThrow();
  });

  it('rotates: the first key seals, older keys still open what they sealed', () => {
    const oldKey = `old:${key()}`;
    const sealedBefore = createSecretBox(oldKey).encrypt('legacy', 'c');
    const rotated = createSecretBox(`new:${key()},${oldKey}`);
    expect(rotated.decrypt(sealedBefore, 'c')).toBe('legacy');
    expect(rotated.encrypt('fresh', 'c')).toMatch(/^wn1\.new\./);
    expect(() => createSecretBox(`new:${key()}`).decrypt(sealedBefore, 'c')).toThrow(/unknown key id "old"/);
  });

  it('rejects keys of the wrong size with a clear message', () => {
    expect(() => parseKeyRing('k:c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => parseKeyRing('')).toThrow(/empty/);
  });

  it('creates the key file once, readable by the owner only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-key-'));
    const first = loadOrCreateKeyFile(dir);
    expect(loadOrCreateKeyFile(dir)).toBe(first);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    const box = createSecretBox(first);
    expect(box.decrypt(box.encrypt('x', 'y'), 'y')).toBe('x');
    fs.rmSync(dir, { recursive: true });
  });

  it('derives distinct keys per purpose', () => {
    const box = createSecretBox(`a:${key()}`);
    expect(Buffer.from(box.deriveKey('jwt')).equals(Buffer.from(box.deriveKey('other')))).toBe(false);
    expect(box.deriveKey('jwt')).toHaveLength(32);
  });
});
