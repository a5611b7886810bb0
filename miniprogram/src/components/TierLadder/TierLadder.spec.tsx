import { render, screen } from '@testing-library/react';
import type { TierDefinition } from '@memberloop/shared';
import { qualificationText, TierLadder } from './index';

const benefits = { pointsMultiplier: 1, birthdayMultiplier: 2, earlyAccessHours: 0, discountPercent: 0, highlights: [] };

const tier = (over: Partial<TierDefinition>): TierDefinition => ({
  code: 'regular',
  name: '普通',
  rank: 0,
  qualification: { match: 'any' },
  benefits,
  ...over,
});

describe('qualificationText', () => {
  it('says an entry tier needs only registration', () => {
    expect(qualificationText(tier({}))).toBe('注册即享');
  });

  it('joins alternative criteria with 或 and required ones with 且', () => {
    const qualification = { spendFen: 5_000_000, purchaseCount: 12, match: 'any' as const };
    expect(qualificationText(tier({ qualification }))).toBe('12 个月消费满 ¥50,000或12 个月购买 12 次');
    expect(qualificationText(tier({ qualification: { ...qualification, match: 'all' } }))).toBe(
      '12 个月消费满 ¥50,000且12 个月购买 12 次',
    );
  });
});

describe('TierLadder', () => {
  const ladder = [
    tier({
      code: 'gold',
      name: '金卡',
      rank: 2,
      qualification: { spendFen: 300_000, match: 'any' },
      benefits: { ...benefits, highlights: ['积分 1.5 倍'] },
    }),
    tier({ code: 'regular', name: '普通', rank: 0 }),
    tier({ code: 'silver', name: '银卡', rank: 1, qualification: { spendFen: 50_000, match: 'any' } }),
  ];

  it('lists tiers from entry to top whatever order they arrive in', () => {
    const { container } = render(<TierLadder tiers={ladder} />);
    const names = [...container.querySelectorAll('.tier-ladder__name')].map((node) => node.textContent);
    expect(names).toEqual(['普通', '银卡', '金卡']);
  });

  it("shows each tier's threshold and benefits, and marks the member's tier", () => {
    const { container } = render(<TierLadder tiers={ladder} currentTierCode='silver' />);
    expect(screen.getByText('12 个月消费满 ¥3,000')).toBeTruthy();
    expect(screen.getByText('积分 1.5 倍')).toBeTruthy();
    const current = container.querySelector('.tier-ladder__tier--current .tier-ladder__name');
    expect(current?.textContent).toBe('银卡');
  });
});
