import { GONE_NAME, nicknameProblem, ownName, personName } from './member-name';

describe('personName', () => {
  it('says 我 for the viewer, whatever their nickname', () => {
    expect(personName({ nickname: '小满' }, { me: true })).toBe('我');
    expect(personName({ nickname: null }, { me: true })).toBe('我');
  });

  it('shows the nickname trimmed, 已注销会员 for a member who left, 会员 for one without a name', () => {
    expect(personName({ nickname: '  阿青 ' })).toBe('阿青');
    expect(personName({ nickname: '阿青', gone: true })).toBe(GONE_NAME);
    expect(personName({ nickname: null, gone: true })).toBe('已注销会员');
    expect(personName({ nickname: '   ' })).toBe('会员');
    expect(personName({})).toBe('会员');
  });

  it('adds the last 4 digits of the member number only when given, and never an English or placeholder word', () => {
    expect(personName({ nickname: null }, { memberNo: 'M00001234' })).toBe('会员1234');
    expect(ownName({ memberNo: 'M00000042' })).toBe('会员0042');
    expect(ownName({ nickname: '林小满', memberNo: 'M00000042' })).toBe('林小满');
    for (const name of [personName({}), personName({ gone: true }), ownName({ memberNo: 'M00000042' })]) {
      expect(name).not.toMatch(/[A-Za-z]|友/);
    }
  });
});

describe('nicknameProblem', () => {
  it('takes 1 to 20 characters after trimming, an emoji counted once', () => {
    expect(nicknameProblem('小满')).toBeUndefined();
    expect(nicknameProblem('  小满  ')).toBeUndefined();
    expect(nicknameProblem('😀'.repeat(20))).toBeUndefined();
    expect(nicknameProblem('x'.repeat(20))).toBeUndefined();
  });

  it('names the fault in Chinese', () => {
    expect(nicknameProblem('')).toBe('请填写昵称');
    expect(nicknameProblem('   ')).toBe('请填写昵称');
    expect(nicknameProblem('x'.repeat(21))).toBe('昵称最多 20 个字');
    expect(nicknameProblem('😀'.repeat(21))).toBe('昵称最多 20 个字');
    expect(nicknameProblem('小\n满')).toBe('昵称不能含换行或不可见字符');
    expect(nicknameProblem('小\u0000满')).toBe('昵称不能含换行或不可见字符');
    expect(nicknameProblem('abc\u202eevil')).toBe('昵称不能含换行或不可见字符');
    expect(nicknameProblem('a\u200bb')).toBe('昵称不能含换行或不可见字符');
  });
});
