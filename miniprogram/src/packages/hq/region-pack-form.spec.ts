import { EMPTY_REGION_PACK, draftOfPack, regionPackOf } from './region-pack-form';

const filled = {
  ...EMPTY_REGION_PACK,
  name: ' 港澳会员礼包 ',
  regions: '香港、澳门, 香港 ',
  minTierCode: 'gold',
  couponTemplateIds: ['a'.repeat(24)],
  multiplier: '1.5',
  highlights: '港澳门店消费积分 1.5 倍\n\n 每升一级送满500减80券 ',
};

describe('region pack form', () => {
  it('turns what HQ typed into the contract: regions split on 、 or commas, one highlight a line', () => {
    const checked = regionPackOf({ ...filled, regions: '香港、澳门,，新加坡 ' });
    expect(checked.ok).toBe(true);
    expect(checked.value).toEqual({
      name: '港澳会员礼包',
      regions: ['香港', '澳门', '新加坡'],
      minTierCode: 'gold',
      couponTemplateIds: ['a'.repeat(24)],
      pointsMultiplier: 1.5,
      highlights: ['港澳门店消费积分 1.5 倍', '每升一级送满500减80券'],
    });
  });

  it('names each field at fault in HQ’s words', () => {
    const checked = regionPackOf({ ...filled, regions: ' ', multiplier: '1.5倍', highlights: '' });
    expect(checked.ok).toBe(false);
    expect(checked.problems.regions).toContain('至少填写一个地区');
    expect(checked.problems.pointsMultiplier).toContain('1 到 3');
    expect(checked.problems.highlights).toContain('权益说明');
    expect(regionPackOf(filled).problems.regions).toContain('不要重复');
    expect(regionPackOf({ ...filled, minTierCode: '' }).problems.minTierCode).toBe('请选择起始等级');
  });

  it('leaves the multiplier out when empty, and puts a pack back on the form', () => {
    expect(regionPackOf({ ...filled, regions: '香港', multiplier: ' ' }).value).not.toHaveProperty('pointsMultiplier');
    const draft = draftOfPack({
      id: 'p',
      name: '港澳会员礼包',
      regions: ['香港', '澳门'],
      minTierCode: 'gold',
      minTierName: '金卡',
      couponTemplates: [{ id: 'a'.repeat(24), name: '券' }],
      highlights: ['一', '二'],
      status: 'draft',
      grantedCount: 0,
      createdAt: '2026-12-03T00:00:00.000Z',
    });
    expect(draft).toEqual({
      name: '港澳会员礼包',
      regions: '香港、澳门',
      minTierCode: 'gold',
      couponTemplateIds: ['a'.repeat(24)],
      multiplier: '',
      highlights: '一\n二',
    });
  });
});
