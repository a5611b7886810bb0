import { UpdateProfileRequest } from '@memberloop/shared';
import { checkContract } from '../../services/contract-check';
import { birthdayQuestion, birthdayText, exportedText, ME_TEXT } from './me-text';

describe('me page words', () => {
  it('writes a birthday and the export’s counts with the number-and-unit helper', () => {
    expect(birthdayText(3, 5)).toBe('3 月 5 日');
    expect(birthdayQuestion(12, 31)).toBe('生日设为 12 月 31 日？设置后不可自行修改。');
    expect(exportedText({ purchases: 3, entries: 12, coupons: 2 })).toBe(
      '共 3 笔订单、12 条积分记录、2 张优惠券，已复制到剪贴板。',
    );
  });

  it('names a city or birthday the server would refuse, before it is sent', () => {
    const faults = { city: ME_TEXT.cityFault, birthday: ME_TEXT.birthdayFault };
    expect(checkContract(UpdateProfileRequest, { city: '   ' }, faults).first).toBe('城市请填写 1 到 20 个字');
    expect(checkContract(UpdateProfileRequest, { city: '城'.repeat(21) }, faults).first).toBe('城市请填写 1 到 20 个字');
    expect(checkContract(UpdateProfileRequest, { birthday: { month: 2, day: 30 } }, faults).first).toBe('请选择一个有效的生日');
    expect(checkContract(UpdateProfileRequest, { city: '杭州' }, faults).ok).toBe(true);
  });
});
