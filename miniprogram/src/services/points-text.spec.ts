import { POINTS_REASONS, type PointsReason } from '@memberloop/shared';
import {
  afterReturnWindowText,
  pendingPointsText,
  pointsChangeText,
  pointsEntryText,
  POINTS_KIND_LABEL,
  signedInText,
} from './points-text';

const CHINESE_ONLY = /^[\u4e00-\u9fff（）：]+$/;

describe('points text', () => {
  it('says every reason code in Chinese, never the code or English', () => {
    for (const code of POINTS_REASONS) {
      const { title } = pointsEntryText({ code, params: {} });
      expect(title).toMatch(CHINESE_ONLY);
    }
    for (const label of Object.values(POINTS_KIND_LABEL)) expect(label).toMatch(CHINESE_ONLY);
  });

  it('names a store purchase by the word 门店, never a store code, and gives the order number', () => {
    expect(pointsEntryText({ code: 'purchase', params: { channel: 'store', orderNo: 'POS-00000012' } })).toEqual({
      title: '门店消费',
      order: '订单 POS-00000012',
    });
    expect(pointsEntryText({ code: 'purchase', params: { channel: 'online' } })).toEqual({ title: '线上消费' });
    expect(pointsEntryText({ code: 'refund', params: { orderNo: 'POS-1' } })).toEqual({
      title: '退货扣回积分',
      order: '订单 POS-1',
    });
  });

  it('shows a purchase paid abroad with what was paid and the rate it earned at', () => {
    expect(
      pointsEntryText({
        code: 'purchase',
        params: { channel: 'store', orderNo: 'HK-1', fx: { currency: 'HKD', amountMinor: 12_800, rate: '0.9123' } },
      }),
    ).toEqual({ title: '门店消费', order: '订单 HK-1', abroad: 'HK$128.00 · 按 1 HKD = 0.9123 元 折算' });
    expect(
      pointsEntryText({ code: 'purchase', params: { fx: { currency: 'JPY', amountMinor: 12_800, rate: '0.048' } } }).abroad,
    ).toBe('JP¥12,800 · 按 1 JPY = 0.048 元 折算');
  });

  it('words the ledger’s own lines the server used to send in English', () => {
    expect(pointsEntryText({ code: 'debt-repayment', params: {} }).title).toBe('补扣退货积分');
    expect(pointsEntryText({ code: 'expiry', params: {} }).title).toBe('积分过期');
  });

  it('puts names and figures in with the same spacing', () => {
    const title = (code: PointsReason, params = {}) => pointsEntryText({ code, params }).title;
    expect(title('sign-in', { streakDays: 7 })).toBe('每日签到（连续 7 天奖励）');
    expect(title('sign-in')).toBe('每日签到');
    expect(title('gift-redemption', { name: '旅行装精华 15ml' })).toBe('兑换「旅行装精华 15ml」');
    expect(title('coupon-exchange', { name: '300积分换10元' })).toBe('兑换优惠券「300积分换10元」');
    expect(title('task', { name: '本月消费 3 次' })).toBe('任务奖励：本月消费 3 次');
    expect(title('activity-check-in', { name: '春季护肤沙龙' })).toBe('活动签到：春季护肤沙龙');
    expect(title('assist', { name: '冬日焕新助力' })).toBe('好友助力「冬日焕新助力」');
    expect(title('post', { postKind: 'review' })).toBe('评价审核通过');
    expect(title('post', { postKind: 'show' })).toBe('晒单审核通过');
  });

  it('labels the three referral payments, the friend’s first-purchase extra among them', () => {
    expect(pointsEntryText({ code: 'referral-first-purchase', params: {} }).title).toBe('好友邀请首单奖励');
    expect(pointsEntryText({ code: 'referral-welcome', params: {} }).title).toBe('好友邀请礼');
    expect(pointsEntryText({ code: 'referral-reward', params: {} }).title).toBe('邀请好友奖励');
  });

  it('shows a staff adjustment and anything unknown as a neutral phrase', () => {
    expect(pointsEntryText({ code: 'adjustment', params: {} }).title).toBe('积分调整');
    expect(pointsEntryText({ code: 'from-a-newer-server' as PointsReason, params: {} }).title).toBe('积分变动');
  });

  it('writes changes with their sign', () => {
    expect(pointsChangeText(15)).toBe('+15');
    expect(pointsChangeText(-300)).toBe('-300');
    expect(signedInText(15)).toBe('签到成功 +15 积分');
  });

  it('says when the points waiting for a return window arrive', () => {
    expect(afterReturnWindowText(7)).toBe('在 7 天退货期后到账');
    expect(afterReturnWindowText(0)).toBe('随后到账');
  });

  it('tells the invited friend about the first-purchase extra before and after the purchase', () => {
    expect(pendingPointsText({ code: 'referral-first-purchase', purchasePointsMultiplier: 2, waitDays: 7 })).toEqual({
      title: '好友邀请首单奖励',
      amount: '待首单',
      detail: '首次消费得首单 2 倍积分，加倍部分在 7 天退货期后到账',
    });
    expect(pendingPointsText({ code: 'referral-first-purchase', points: 100, waitDays: 7 }).detail).toBe(
      '首次消费得 100 积分，奖励在 7 天退货期后到账',
    );
    // 2025-03-10 04:00 UTC is 12:00 on the 10th in Beijing.
    expect(
      pendingPointsText({ code: 'referral-first-purchase', points: 200, dueAt: '2025-03-10T04:00:00.000Z', waitDays: 7 }),
    ).toEqual({ title: '好友邀请首单奖励', amount: '+200 待到账', detail: '预计 3月10日到账（首单 7 天退货期后）' });
  });
});
