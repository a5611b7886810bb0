import { maskPhone, normalizeChineseMobile } from './phone';

describe('phone numbers', () => {
  it('normalises the shapes stores send', () => {
    for (const shape of [
      '13812341234',
      '+8613812341234',
      '+86 138 1234 1234',
      '0086-138-1234-1234',
      '86 13812341234',
      '(138)12341234',
    ]) {
      expect(normalizeChineseMobile(shape)).toBe('13812341234');
    }
  });

  it('rejects what is not a mainland mobile number', () => {
    for (const bad of ['', '12812341234', '1381234123', '138123412345', '021-12345678', 'abc', '+1 415 555 0100']) {
      expect(normalizeChineseMobile(bad)).toBeNull();
    }
  });

  it('masks the middle four digits for staff', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('123')).toBe('***');
  });
});
