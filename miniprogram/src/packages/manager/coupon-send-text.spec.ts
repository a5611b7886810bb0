import { couponSendRefusalText, releasedTemplateText } from './manager-text';

describe('the coupon send tool’s words', () => {
  it('says a released coupon’s benefit, what is left, how long it holds and the limit', () => {
    expect(
      releasedTemplateText({
        id: '0123456789abcdef01234567',
        name: '社群专享满199减30',
        benefit: { kind: 'threshold', thresholdFen: 19_900, amountFen: 3_000 },
        validity: { type: 'afterClaim', days: 30 },
        remainingStock: 78,
        perMemberLimit: 1,
      }),
    ).toEqual({ benefit: '¥30 · 满¥199可用', meta: '剩余 78 张 · 领取后 30 天内有效 · 每人限 1 张' });
    // A window ends at the start of the day after its last day, Beijing time.
    expect(
      releasedTemplateText({
        id: '0123456789abcdef01234567',
        name: '双十二',
        benefit: { kind: 'percent', percentOff: 15, capFen: 5_000 },
        validity: { type: 'window', from: '2026-12-11T16:00:00.000Z', to: '2026-12-12T16:00:00.000Z' },
        remainingStock: 5,
        perMemberLimit: 2,
      }).meta,
    ).toBe('剩余 5 张 · 有效期至 2026-12-12 · 每人限 2 张');
  });

  it('words each refusal of a send for the manager', () => {
    expect(couponSendRefusalText('COUPON_TEMPLATE_RETIRED', { reason: 'template-retired' })).toBe('这张券已被总部停发，请换一张');
    expect(couponSendRefusalText('FORBIDDEN', { reason: 'template-not-released' })).toBe('总部已收回这张券的发放权限，请换一张');
    expect(couponSendRefusalText('FORBIDDEN', undefined)).toBe('这个社群不在你的管理范围内');
    expect(couponSendRefusalText('OUT_OF_STOCK', undefined)).toBe('这张券已经发完了，请换一张');
    expect(couponSendRefusalText('RATE_LIMITED', undefined)).toBeUndefined();
  });
});
