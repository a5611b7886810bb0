import { render, screen } from '@testing-library/react';
import { computeTierProgress, type TierDefinition } from '@memberloop/shared';
import { remainingText, TierProgress } from './index';

const benefits = (highlights: string[]) => ({
  pointsMultiplier: 1,
  birthdayMultiplier: 2,
  earlyAccessHours: 0,
  discountPercent: 0,
  highlights,
});
const ladder: TierDefinition[] = [
  { code: 'regular', name: '普通', rank: 0, qualification: { match: 'any' }, benefits: benefits([]) },
  {
    code: 'silver',
    name: '银卡',
    rank: 1,
    qualification: { spendFen: 50_000, purchaseCount: 3, match: 'any' },
    benefits: benefits(['积分 1.2 倍', '升级礼券包']),
  },
];

describe('TierProgress', () => {
  it('fills the bar to the best criterion and says what is left, in the member’s words', () => {
    const progress = computeTierProgress(ladder, 'regular', { spendFen: 35_000, purchaseCount: 1, pointsEarned: 0 });
    const { container } = render(<TierProgress progress={progress} />);
    expect((container.querySelector('.tier-progress__fill') as HTMLElement).style.width).toBe('70%');
    expect(screen.getByText('再消费 ¥150或再购买 2 次 即可升级银卡')).toBeTruthy();
    expect(screen.getByText('升级银卡解锁')).toBeTruthy();
    expect(screen.getByText('升级礼券包')).toBeTruthy();
  });

  it('shows a full bar at the top tier, with nothing locked', () => {
    const progress = computeTierProgress(ladder, 'silver', { spendFen: 0, purchaseCount: 0, pointsEarned: 0 });
    const { container } = render(<TierProgress progress={progress} />);
    expect((container.querySelector('.tier-progress__fill') as HTMLElement).style.width).toBe('100%');
    expect(screen.getByText('已是最高等级')).toBeTruthy();
    expect(container.querySelector('.tier-progress__locked')).toBeNull();
  });

  it('announces an upgrade that is due', () => {
    const progress = computeTierProgress(ladder, 'regular', { spendFen: 60_000, purchaseCount: 0, pointsEarned: 0 });
    render(<TierProgress progress={progress} />);
    expect(screen.getByText('已达到银卡条件，即将升级')).toBeTruthy();
  });

  it('words each criterion', () => {
    expect(remainingText({ criterion: 'pointsEarned', current: 0, target: 300, remaining: 300, ratio: 0 })).toBe(
      '再获得 300 积分',
    );
  });
});
