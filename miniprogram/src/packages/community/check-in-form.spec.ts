import { siteCodeProblem } from './check-in-form';

describe('siteCodeProblem', () => {
  it('passes a whole code, trimmed as pasted', () => {
    expect(siteCodeProblem(`  ${'a'.repeat(40)}\n`)).toBeUndefined();
  });

  it('names the on-site code when it is missing, cut off or too long, as the server’s contract would refuse it', () => {
    expect(siteCodeProblem('  ')).toBe('请先粘贴现场签到码');
    expect(siteCodeProblem('abc123')).toBe('现场签到码不完整或有误，请重新扫描或粘贴');
    expect(siteCodeProblem('a'.repeat(301))).toBe('现场签到码不完整或有误，请重新扫描或粘贴');
  });
});
