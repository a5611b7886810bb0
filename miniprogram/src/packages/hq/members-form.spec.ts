import { adjustmentOf, lookupProblem, mergeOf } from './members-form';

describe('HQ member desk forms', () => {
  it('accepts a member number in any case or a mobile number, and names anything else', () => {
    expect(lookupProblem('m00000042')).toBeUndefined();
    expect(lookupProblem('+86 139-1234-5678')).toBeUndefined();
    expect(lookupProblem('  ')).toBe('请输入会员号或手机号');
    expect(lookupProblem('张三')).toBe('请输入会员号（M 加 8 位数字）或 11 位手机号');
    expect(lookupProblem('M123')).toBe('请输入会员号（M 加 8 位数字）或 11 位手机号');
  });

  it('builds a signed request from the direction and names each field at fault', () => {
    expect(adjustmentOf({ direction: 'add', points: '500', reason: '门店系统故障补录' }, 0)).toEqual({
      request: { points: 500, reason: '门店系统故障补录' },
      problems: {},
    });
    expect(adjustmentOf({ direction: 'take', points: ' 120 ', reason: '重复补录扣回' }, 300).request).toEqual({
      points: -120,
      reason: '重复补录扣回',
    });
    for (const points of ['', '0', '-5', '1.5', 'abc', '100001'])
      expect(adjustmentOf({ direction: 'add', points, reason: '门店系统故障补录' }, 0).problems.points).toBe(
        '请填写 1–100000 之间的整数',
      );
    expect(adjustmentOf({ direction: 'add', points: '5', reason: '  补录 ' }, 0).problems).toEqual({
      reason: '请填写调整原因（4–200 字），会记入操作记录',
    });
    expect(adjustmentOf({ direction: 'take', points: '301', reason: '重复补录扣回' }, 300)).toEqual({
      problems: { points: '最多可扣减 300 积分（当前可用积分）' },
    });
  });

  it('merges a typed member number into the member on screen, naming what is wrong', () => {
    expect(mergeOf(' m00000007 ', '同一顾客，电话核实', 'M00000042')).toEqual({
      request: { fromMemberNo: 'M00000007', intoMemberNo: 'M00000042', reason: '同一顾客，电话核实' },
      problems: {},
    });
    expect(mergeOf('M42', '同一顾客，电话核实', 'M00000042').problems).toEqual({
      fromMemberNo: '请填写要并入的会员号（M 加 8 位数字）',
    });
    expect(mergeOf('M00000042', '同一顾客，电话核实', 'M00000042').problems.fromMemberNo).toBe('不能把会员合并到自己');
    expect(mergeOf('M00000007', '同一', 'M00000042').problems).toEqual({
      reason: '请填写合并原因（4–200 字），如核实同一人的方式',
    });
  });
});
