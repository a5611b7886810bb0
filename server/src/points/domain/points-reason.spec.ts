import { POINTS_REASONS } from '@memberloop/shared';
import { pointsReasonOf, type ReasonedEntry } from './points-reason';

const entry = (over: Partial<ReasonedEntry> & Pick<ReasonedEntry, 'source'>): ReasonedEntry => ({
  kind: 'earn',
  idempotencyKey: 'key',
  reason: '',
  ...over,
});

describe('points reason: the code and parameters a member sees for a ledger entry', () => {
  it('names the currency, the amount sent and the rate (as text) of a purchase paid abroad', () => {
    expect(
      pointsReasonOf(
        entry({
          source: { type: 'purchase', id: 'HK-1' },
          reason: '门店消费',
          params: { channel: 'store', fx: { currency: 'HKD', amountMinor: 12_800, rateMicros: 912_300 } },
        }),
      ),
    ).toEqual({
      code: 'purchase',
      params: { channel: 'store', orderNo: 'HK-1', fx: { currency: 'HKD', amountMinor: 12_800, rate: '0.9123' } },
    });
  });

  it('places entries written with params by their source and kind', () => {
    expect(
      pointsReasonOf(
        entry({
          source: { type: 'purchase', id: 'POS-00000012' },
          reason: '门店消费',
          params: { channel: 'store' },
        }),
      ),
    ).toEqual({ code: 'purchase', params: { channel: 'store', orderNo: 'POS-00000012' } });
    expect(
      pointsReasonOf(entry({ kind: 'clawback', source: { type: 'refund', id: 'RF-1' }, params: { orderNo: 'POS-1' } })),
    ).toEqual({ code: 'refund', params: { orderNo: 'POS-1' } });
    expect(pointsReasonOf(entry({ kind: 'adjust', source: { type: 'refund', id: 'RF-1' } }))).toEqual({
      code: 'refund-return',
      params: {},
    });
    expect(pointsReasonOf(entry({ source: { type: 'sign-in', id: '2025-01-07' }, params: { streakDays: 7 } }))).toEqual({
      code: 'sign-in',
      params: { streakDays: 7 },
    });
    expect(
      pointsReasonOf(entry({ kind: 'burn', source: { type: 'gift-redemption', id: 'g' }, params: { name: '旅行装精华' } })),
    ).toEqual({ code: 'gift-redemption', params: { name: '旅行装精华' } });
    expect(pointsReasonOf(entry({ source: { type: 'post', id: 'p' }, params: { postKind: 'review' } }))).toEqual({
      code: 'post',
      params: { postKind: 'review' },
    });
    expect(pointsReasonOf(entry({ kind: 'burn', source: { type: 'points-hold', id: 'h' } })).code).toBe('checkout-hold');
    expect(pointsReasonOf(entry({ kind: 'adjust', source: { type: 'points-hold', id: 'h' } })).code).toBe('checkout-release');
  });

  it('gives the ledger’s own English lines a code: debt repayment and expiry', () => {
    expect(
      pointsReasonOf(entry({ kind: 'clawback', source: { type: 'points-entry', id: 'e' }, reason: 'debt repayment' })),
    ).toEqual({ code: 'debt-repayment', params: {} });
    expect(pointsReasonOf(entry({ kind: 'expire', source: { type: 'points-lot', id: 'l' }, reason: 'points expired' }))).toEqual({
      code: 'expiry',
      params: {},
    });
  });

  it('tells the three referral payments apart by their key', () => {
    const referral = (key: string, reason = '') =>
      pointsReasonOf(entry({ source: { type: 'referral', id: 'r' }, idempotencyKey: key, reason })).code;
    expect(referral('referral:r1:registration:friend')).toBe('referral-welcome');
    expect(referral('referral:r1:first-purchase:friend')).toBe('referral-first-purchase');
    expect(referral('referral:r1:registration:referrer')).toBe('referral-reward');
    expect(referral('referral:r1:first-purchase:referrer')).toBe('referral-reward');
    expect(referral('other-key', '邀请好友奖励')).toBe('referral-reward');
  });

  it('places entries written before params existed from the server’s own wording of the time', () => {
    expect(pointsReasonOf(entry({ source: { type: 'purchase', id: 'WEB-1' }, reason: '线上消费' }))).toEqual({
      code: 'purchase',
      params: { channel: 'online', orderNo: 'WEB-1' },
    });
    expect(pointsReasonOf(entry({ source: { type: 'sign-in', id: 'd' }, reason: '每日签到（连续 7 天奖励）' }))).toEqual({
      code: 'sign-in',
      params: { streakDays: 7 },
    });
    expect(pointsReasonOf(entry({ source: { type: 'sign-in', id: 'd' }, reason: '每日签到' })).params).toEqual({});
    expect(
      pointsReasonOf(entry({ kind: 'burn', source: { type: 'gift-redemption', id: 'g' }, reason: '兑换 旅行装精华 15ml' })),
    ).toEqual({ code: 'gift-redemption', params: { name: '旅行装精华 15ml' } });
    expect(
      pointsReasonOf(entry({ kind: 'burn', source: { type: 'coupon-exchange', id: 't' }, reason: '积分兑换「300积分换10元」' })),
    ).toEqual({ code: 'coupon-exchange', params: { name: '300积分换10元' } });
    expect(pointsReasonOf(entry({ source: { type: 'task', id: 't' }, reason: '任务奖励：本月消费 3 次' }))).toEqual({
      code: 'task',
      params: { name: '本月消费 3 次' },
    });
    expect(pointsReasonOf(entry({ source: { type: 'activity', id: 'a' }, reason: '活动签到：春季护肤沙龙' })).params).toEqual({
      name: '春季护肤沙龙',
    });
    expect(pointsReasonOf(entry({ source: { type: 'assist', id: 'a' }, reason: '好友助力「冬日焕新助力」' })).params).toEqual({
      name: '冬日焕新助力',
    });
    expect(pointsReasonOf(entry({ source: { type: 'post', id: 'p' }, reason: '评价审核通过' })).params).toEqual({
      postKind: 'review',
    });
    expect(pointsReasonOf(entry({ source: { type: 'post', id: 'p' }, reason: '晒单审核通过' })).params).toEqual({
      postKind: 'show',
    });
  });

  it('never passes on free text it does not know: an adjustment or other, without params', () => {
    expect(
      pointsReasonOf(
        entry({ kind: 'adjust', source: { type: 'staff-adjustment', id: 's' }, reason: '顾客投诉补偿，见工单 123' }),
      ),
    ).toEqual({ code: 'adjustment', params: {} });
    expect(pointsReasonOf(entry({ source: { type: 'test', id: 't' }, reason: 'test grant' }))).toEqual({
      code: 'other',
      params: {},
    });
    expect(pointsReasonOf(entry({ kind: 'expire', source: { type: 'something', id: 's' } })).code).toBe('expiry');
    // A wording that does not match gives no name rather than the text.
    expect(pointsReasonOf(entry({ source: { type: 'task', id: 't' }, reason: 'bonus for task X' })).params).toEqual({});
  });

  it('only ever answers with a code of the contract', () => {
    const types = ['purchase', 'refund', 'points-entry', 'points-lot', 'sign-in', 'gift-redemption', 'coupon-exchange'];
    const more = ['referral', 'task', 'review', 'post', 'activity', 'assist', 'points-hold', 'unknown'];
    for (const type of [...types, ...more])
      for (const kind of ['earn', 'burn', 'expire', 'adjust', 'clawback'] as const)
        expect(POINTS_REASONS).toContain(pointsReasonOf(entry({ kind, source: { type, id: 'x' } })).code);
  });
});
