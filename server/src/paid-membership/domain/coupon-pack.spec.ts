import { membershipMonthAt, packIssueKeyPrefix, packIssues } from './coupon-pack';

const TZ = 'Asia/Shanghai';

describe('the monthly coupon pack', () => {
  const start = new Date('2026-01-31T02:00:00Z');
  const end = new Date('2027-01-31T02:00:00Z');

  it('counts months of membership on the brand clock from the start', () => {
    expect(membershipMonthAt(start, end, start, TZ)).toBe(0);
    expect(membershipMonthAt(start, end, new Date('2026-02-28T01:59:59Z'), TZ)).toBe(0);
    expect(membershipMonthAt(start, end, new Date('2026-02-28T02:00:00Z'), TZ)).toBe(1);
    expect(membershipMonthAt(start, end, new Date('2027-01-31T01:59:59Z'), TZ)).toBe(11);
  });

  it('is outside the membership before its start and from its end', () => {
    expect(membershipMonthAt(start, end, new Date(start.getTime() - 1), TZ)).toBeUndefined();
    expect(membershipMonthAt(start, end, end, TZ)).toBeUndefined();
  });

  it('gives each coupon of a month its own issue key, the same on every run', () => {
    const pack = [
      { templateId: 'a', count: 2 },
      { templateId: 'b', count: 1 },
    ];
    const issues = packIssues('sub1', 3, pack);
    expect(issues.map((i) => i.issueKey)).toEqual(['paid-pack:sub1:3:a:0', 'paid-pack:sub1:3:a:1', 'paid-pack:sub1:3:b:0']);
    expect(packIssues('sub1', 3, pack)).toEqual(issues);
    expect(new Set(packIssues('sub1', 4, pack).map((i) => i.issueKey)).size).toBe(3);
    expect(issues.every((i) => i.issueKey.startsWith(packIssueKeyPrefix('sub1')))).toBe(true);
  });
});
