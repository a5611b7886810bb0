import { auditActionLabel, auditActorLabel, MEMBER_NO, storeCodesOf } from './hq-text';

describe('HQ console words', () => {
  it('reads a store list however HQ separates it, without repeats', () => {
    expect(storeCodesOf(' S01, S02，S03、S01  S04 ')).toEqual(['S01', 'S02', 'S03', 'S04']);
    expect(storeCodesOf('  ')).toEqual([]);
  });

  it('names audit actions and actors in Chinese, never as codes', () => {
    expect(auditActionLabel('staff.role-grant')).toBe('授予员工权限');
    expect(auditActionLabel('something.new')).toBe('其他操作');
    expect(auditActorLabel('cli:ops@host', 'operator')).toBe('服务器命令行');
    expect(auditActorLabel('system', 'system')).toBe('系统任务');
    expect(auditActorLabel('6650f0c2a1b2c3d4e5f60718', 'hq')).toBe('总部 · f60718');
  });

  it('knows a member number', () => {
    expect(MEMBER_NO.test('M00000042')).toBe(true);
    expect(MEMBER_NO.test('m42')).toBe(false);
  });
});
