import { randomBytes } from 'node:crypto';
import { PersonalDataCipher } from './personal-data-cipher';

describe('PersonalDataCipher', () => {
  const key = randomBytes(32).toString('base64');
  const cipher = new PersonalDataCipher(key);

  it('round-trips, with a fresh IV each time so equal phones do not look equal at rest', () => {
    const a = cipher.encrypt('13812341234');
    const b = cipher.encrypt('13812341234');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13812341234');
    expect(cipher.decrypt(a)).toBe('13812341234');
    expect(cipher.decrypt(b)).toBe('13812341234');
  });

  it('detects tampering and refuses another key', () => {
    const stored = cipher.encrypt('13812341234');
    const parts = stored.split('.');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0] ^= 1;
    expect(() => cipher.decrypt([parts[0], parts[1], parts[2], flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => new PersonalDataCipher(randomBytes(32).toString('base64')).decrypt(stored)).toThrow();
  });

  it('gives a stable blind index per key for lookups', () => {
    expect(cipher.blindIndex('13812341234')).toBe(cipher.blindIndex('13812341234'));
    expect(cipher.blindIndex('13812341234')).not.toBe(cipher.blindIndex('13812341235'));
    expect(new PersonalDataCipher(randomBytes(32).toString('base64')).blindIndex('13812341234')).not.toBe(
      cipher.blindIndex('13812341234'),
    );
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new PersonalDataCipher(Buffer.from('short').toString('base64'))).toThrow(/32 bytes/);
  });
});
