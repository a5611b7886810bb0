import { render, screen } from '@testing-library/react';
import type { MemberRegionPack } from '@memberloop/shared';
import { RegionPacks } from './region-packs';

const pack = (over: Partial<MemberRegionPack> = {}): MemberRegionPack => ({
  id: 'p1',
  name: '港澳会员礼包',
  highlights: ['港澳门店消费积分 1.5 倍', '专属客服优先接待'],
  minTierName: '金卡',
  unlocked: true,
  pointsMultiplier: 1.5,
  couponNames: ['港澳金卡满500减80'],
  couponsGranted: true,
  ...over,
});

describe('RegionPacks on the member card', () => {
  it('shows the packs of the member’s region with their lines and whether their coupons were issued', () => {
    render(
      <RegionPacks
        benefits={{
          region: '香港',
          packs: [pack(), pack({ id: 'p2', name: '港澳黑钻礼包', unlocked: false, couponsGranted: false, minTierName: '黑钻' })],
        }}
      />,
    );
    expect(screen.getByText('香港会员专享')).toBeTruthy();
    expect(screen.getByText('礼券已发放')).toBeTruthy();
    expect(screen.getByText('黑钻及以上解锁')).toBeTruthy();
    expect(screen.getAllByText('专属客服优先接待')).toHaveLength(2);
    expect(screen.getAllByText('升级礼券：港澳金卡满500减80')).toHaveLength(2);
  });

  it('says unlocked before the coupons arrive, and shows nothing without a region or a pack', () => {
    render(<RegionPacks benefits={{ region: '香港', packs: [pack({ couponsGranted: false })] }} />);
    expect(screen.getByText('已解锁')).toBeTruthy();
    const { container } = render(<RegionPacks benefits={{ packs: [] }} />);
    expect(container.innerHTML).toBe('');
    expect(render(<RegionPacks />).container.innerHTML).toBe('');
  });
});
