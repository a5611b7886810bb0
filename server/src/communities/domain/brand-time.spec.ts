import { brandDateTime } from './brand-time';

describe('brandDateTime', () => {
  it('reads an instant on the brand’s wall clock', () => {
    expect(brandDateTime(new Date('2026-05-01T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-05-02 00:30');
    expect(brandDateTime(new Date('2026-05-01T16:30:00Z'), 'UTC')).toBe('2026-05-01 16:30');
  });
});
