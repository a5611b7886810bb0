import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Personal data (phone numbers) is encrypted at rest with AES-256-GCM under a key from configuration,
 * and looked up through a keyed hash (a blind index) so that an equality search never needs the plaintext.
 * Stored form: `v1.<iv>.<tag>.<ciphertext>` in base64url, so the key or algorithm can change later.
 */
export class PersonalDataCipher {
  private readonly encryptionKey: Buffer;
  private readonly indexKey: Buffer;

  /** `masterKey`: 32 bytes, base64; encryption and index keys are derived from it so neither is reused. */
  constructor(masterKey: string) {
    const key = Buffer.from(masterKey, 'base64');
    if (key.length !== 32) throw new Error('the personal-data key must be 32 bytes, base64-encoded');
    this.encryptionKey = createHmac('sha256', key).update('memberloop:encryption').digest();
    this.indexKey = createHmac('sha256', key).update('memberloop:blind-index').digest();
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(stored: string): string {
    const [version, iv, tag, ciphertext] = stored.split('.');
    if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('not an encrypted value');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash for equality lookups (unique index on it); reveals nothing without the key. */
  blindIndex(normalized: string): string {
    return createHmac('sha256', this.indexKey).update(normalized).digest('base64url');
  }
}
