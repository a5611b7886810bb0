import { NewAnnouncement, UpdateProfileRequest } from '@memberloop/shared';
import { checkContract, GENERIC_FAULT } from './contract-check';

describe('checkContract', () => {
  const announcementFaults = { title: '请填写标题，20 字以内', body: '请填写公告内容，500 字以内' };

  it('passes what the server would take, as the contract makes it (trimmed)', () => {
    const checked = checkContract(UpdateProfileRequest, { city: '  杭州 ' }, { city: '城市最多 20 个字' });
    expect(checked).toMatchObject({ ok: true, value: { city: '杭州' }, problems: {} });
  });

  it('names every field at fault in Chinese, the first one first', () => {
    const checked = checkContract(NewAnnouncement, { title: '', body: '' }, announcementFaults);
    expect(checked.ok).toBe(false);
    expect(checked.problems).toEqual(announcementFaults);
    expect(checked.first).toBe('请填写标题，20 字以内');
    expect(checkContract(NewAnnouncement, { title: '上新', body: 'x'.repeat(501) }, announcementFaults)).toMatchObject({
      problems: { body: '请填写公告内容，500 字以内' },
      first: '请填写公告内容，500 字以内',
    });
  });

  it('picks the words by the contract’s message where one field can fail in several ways', () => {
    const nickname = (issue: { message: string }) => (issue.message === 'too long' ? '昵称最多 20 个字' : '请填写昵称');
    expect(checkContract(UpdateProfileRequest, { nickname: '好'.repeat(21) }, { nickname }).first).toBe('昵称最多 20 个字');
    expect(checkContract(UpdateProfileRequest, { nickname: '  ' }, { nickname }).first).toBe('请填写昵称');
  });

  it('never lets the contract’s English through: a field without words, or the whole body, reads the generic fault', () => {
    const unknownField = checkContract(UpdateProfileRequest, { phone: '138' }, {});
    expect(unknownField).toMatchObject({ ok: false, first: GENERIC_FAULT });
    expect(checkContract(UpdateProfileRequest, 'not an object', {}, '资料没有保存成功').first).toBe('资料没有保存成功');
  });
});
