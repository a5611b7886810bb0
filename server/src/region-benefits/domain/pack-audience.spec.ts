import { packCouponKey, packStanding, packTierCodes, type LadderTier } from './pack-audience';

const ladder: LadderTier[] = [
  { code: 'regular', rank: 0 },
  { code: 'silver', rank: 1 },
  { code: 'gold', rank: 2 },
  { code: 'diamond', rank: 3 },
];
const hkmo = { regions: ['香港', '澳门'], minTierCode: 'gold' };

describe('region pack audience', () => {
  it('holds for a member of one of its regions at its lowest tier or above', () => {
    expect(packStanding(hkmo, { region: '香港', tierCode: 'gold' }, ladder)).toBe('holds');
    expect(packStanding(hkmo, { region: '澳门', tierCode: 'diamond' }, ladder)).toBe('holds');
  });

  it('is locked below its lowest tier, and none for another region or no region', () => {
    expect(packStanding(hkmo, { region: '香港', tierCode: 'silver' }, ladder)).toBe('locked');
    expect(packStanding(hkmo, { region: '华东', tierCode: 'diamond' }, ladder)).toBe('none');
    expect(packStanding(hkmo, { tierCode: 'diamond' }, ladder)).toBe('none');
  });

  it('reads a tier no longer on the ladder safely: the pack applies to nobody, the member counts as the entry tier', () => {
    expect(packStanding({ ...hkmo, minTierCode: 'platinum' }, { region: '香港', tierCode: 'diamond' }, ladder)).toBe('none');
    expect(packStanding(hkmo, { region: '香港', tierCode: 'retired_tier' }, ladder)).toBe('locked');
    expect(packTierCodes({ minTierCode: 'platinum' }, ladder)).toEqual([]);
  });

  it('lists the tiers from its lowest up', () => {
    expect(packTierCodes(hkmo, ladder)).toEqual(['gold', 'diamond']);
    expect(packTierCodes({ minTierCode: 'regular' }, ladder)).toEqual(['regular', 'silver', 'gold', 'diamond']);
  });

  it('keys a coupon by member, pack, tier and template', () => {
    expect(packCouponKey('m1', 'p1', 'gold', 't1')).toBe('region-pack:m1:p1:gold:t1');
    expect(packCouponKey('m1', 'p1', 'diamond', 't1')).not.toBe(packCouponKey('m1', 'p1', 'gold', 't1'));
  });
});
