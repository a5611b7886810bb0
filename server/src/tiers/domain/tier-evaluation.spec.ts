import type { TierDefinition } from '@memberloop/shared';
import { DEFAULT_TIER_POLICY, evaluateUpgrade, initialStanding, requalify, type TierStanding } from './tier-evaluation';

const benefits = { pointsMultiplier: 1, birthdayMultiplier: 2, earlyAccessHours: 0, discountPercent: 0, highlights: [] };
const ladder: TierDefinition[] = [
  { code: 'regular', name: '普通', rank: 0, qualification: { match: 'any' }, benefits },
  { code: 'silver', name: '银卡', rank: 1, qualification: { spendFen: 50_000, match: 'any' }, benefits },
  { code: 'gold', name: '金卡', rank: 2, qualification: { spendFen: 300_000, match: 'any' }, benefits },
  {
    code: 'black_diamond',
    name: '黑钻',
    rank: 3,
    qualification: { spendFen: 800_000, match: 'any' },
    retention: { spendFen: 5_000_000, purchaseCount: 12, match: 'any' },
    benefits,
  },
];
const stats = (spendFen: number, purchaseCount = 0) => ({ spendFen, purchaseCount, pointsEarned: 0 });
const joined = new Date('2026-01-10T02:00:00Z');
const later = new Date('2026-04-01T02:00:00Z');
const yearOn = new Date('2027-04-02T00:00:00Z');

describe('tier evaluation', () => {
  it('starts a member at the entry tier, or at the floor HQ set, held for a year', () => {
    expect(initialStanding(ladder, joined, DEFAULT_TIER_POLICY)).toEqual({
      tierCode: 'regular',
      since: joined,
      heldUntil: new Date('2027-01-10T02:00:00Z'),
    });
    expect(initialStanding(ladder, joined, DEFAULT_TIER_POLICY, 'gold').tierCode).toBe('gold');
  });

  it('upgrades as soon as a purchase qualifies, possibly several levels at once, and restarts the year', () => {
    const standing = initialStanding(ladder, joined, DEFAULT_TIER_POLICY);
    const change = evaluateUpgrade(ladder, standing, stats(320_000), later, DEFAULT_TIER_POLICY);
    expect(change).toEqual({
      kind: 'upgraded',
      from: 'regular',
      standing: { tierCode: 'gold', since: later, heldUntil: new Date('2027-04-01T02:00:00Z') },
    });
  });

  it('never downgrades on a purchase', () => {
    const gold: TierStanding = { tierCode: 'gold', since: joined, heldUntil: new Date('2027-01-10T02:00:00Z') };
    expect(evaluateUpgrade(ladder, gold, stats(0), later, DEFAULT_TIER_POLICY).kind).toBe('unchanged');
  });

  it('holds the tier until the year is over', () => {
    const gold: TierStanding = { tierCode: 'gold', since: later, heldUntil: new Date('2027-04-01T02:00:00Z') };
    expect(requalify(ladder, gold, stats(0), new Date('2027-03-31T00:00:00Z'), DEFAULT_TIER_POLICY).kind).toBe('unchanged');
  });

  it('renews a member whose year meets the retention criteria, which may be stricter than qualification', () => {
    const black: TierStanding = { tierCode: 'black_diamond', since: later, heldUntil: new Date('2027-04-01T02:00:00Z') };
    expect(requalify(ladder, black, stats(900_000, 12), yearOn, DEFAULT_TIER_POLICY)).toMatchObject({
      kind: 'renewed',
      standing: { tierCode: 'black_diamond', since: yearOn },
    });
    expect(requalify(ladder, black, stats(900_000, 11), yearOn, DEFAULT_TIER_POLICY)).toMatchObject({
      kind: 'downgraded',
      standing: { tierCode: 'gold' },
    });
  });

  it('drops one level, or to what the year qualifies for, by policy', () => {
    const black: TierStanding = { tierCode: 'black_diamond', since: later, heldUntil: new Date('2027-04-01T02:00:00Z') };
    expect(requalify(ladder, black, stats(0), yearOn, { holdMonths: 12, downgrade: 'oneLevel' }).standing.tierCode).toBe('gold');
    expect(requalify(ladder, black, stats(60_000), yearOn, { holdMonths: 12, downgrade: 'recompute' }).standing.tierCode).toBe(
      'silver',
    );
  });

  it('never drops below the floor HQ set', () => {
    const gold: TierStanding = {
      tierCode: 'gold',
      since: later,
      heldUntil: new Date('2027-04-01T02:00:00Z'),
      floorTierCode: 'gold',
    };
    expect(requalify(ladder, gold, stats(0), yearOn, { holdMonths: 12, downgrade: 'recompute' })).toMatchObject({
      kind: 'renewed',
      standing: { tierCode: 'gold' },
    });
  });

  it('renews the entry tier, which nobody loses', () => {
    const regular: TierStanding = { tierCode: 'regular', since: later, heldUntil: new Date('2027-04-01T02:00:00Z') };
    expect(requalify(ladder, regular, stats(0), yearOn, DEFAULT_TIER_POLICY).kind).toBe('renewed');
  });
});
