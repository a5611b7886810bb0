import { INTEGRATIONS_TEXT } from './integrations-text';
import { STAFF_TEXT } from './staff-text';

describe('HQ staff and integrations texts', () => {
  it('describes a staff account: number, stores or none, communities with their unit, since when', () => {
    expect(
      STAFF_TEXT.accountMeta({
        memberNo: 'M00000042',
        role: 'manager',
        storeCodes: ['S01', 'S02'],
        communities: 2,
        since: '12月3日',
      }),
    ).toBe('M00000042 · 门店 S01、S02 · 运营 2 个社群 · 12月3日开通');
    expect(STAFF_TEXT.accountMeta({ memberNo: 'M00000043', role: 'manager', storeCodes: [], communities: 0 })).toBe(
      'M00000043 · 未分配门店',
    );
    expect(STAFF_TEXT.accountMeta({ memberNo: 'M00000001', role: 'hq', storeCodes: [], communities: 0 })).toBe('M00000001');
    expect(STAFF_TEXT.granted('manager')).toBe('已设为门店运营');
  });

  it('describes an integration and the grace periods of a rotation', () => {
    expect(INTEGRATIONS_TEXT.meta('pos-jingan', '12月3日')).toBe('pos-jingan · 12月3日创建');
    expect(INTEGRATIONS_TEXT.meta('pos-jingan', '12月3日', '12月4日 10:00')).toBe(
      'pos-jingan · 12月3日创建 · 旧密钥可用至 12月4日 10:00',
    );
    expect(INTEGRATIONS_TEXT.grace.map((g) => g.label)).toEqual([
      '旧密钥再用 24 小时',
      '旧密钥再用 72 小时',
      '旧密钥立即失效（密钥泄露时）',
    ]);
  });
});
