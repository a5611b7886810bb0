import { staffCouponSendRefusal, type StaffCouponSend } from './staff-coupon-send';

const now = new Date('2025-06-01T00:00:00Z');
const send = (
  overrides: Partial<StaffCouponSend> = {},
  template: Partial<StaffCouponSend['template']> = {},
): StaffCouponSend => ({
  senderRole: 'manager',
  recipients: 10,
  maxCouponsPerSend: 100,
  now,
  ...overrides,
  template: { name: '券', validity: { type: 'afterClaim' }, remainingStock: 5, releasedToManagers: true, ...template },
});

describe('staffCouponSendRefusal', () => {
  it('lets a manager send a released template within the cap and stock', () => {
    expect(staffCouponSendRefusal(send())).toBeUndefined();
    expect(staffCouponSendRefusal(send({ recipients: 100 }))).toBeUndefined();
  });

  it('refuses managers a template HQ did not release, and any template members pay points for', () => {
    expect(staffCouponSendRefusal(send({}, { releasedToManagers: false }))).toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'template-not-released' },
    });
    expect(staffCouponSendRefusal(send({}, { releasedToManagers: undefined }))?.code).toBe('FORBIDDEN');
    expect(staffCouponSendRefusal(send({}, { pointsPrice: 500 }))).toMatchObject({ details: { reason: 'points-priced' } });
  });

  it('lets HQ send any template, within the same cap and stock', () => {
    expect(staffCouponSendRefusal(send({ senderRole: 'hq' }, { releasedToManagers: false, pointsPrice: 500 }))).toBeUndefined();
    expect(staffCouponSendRefusal(send({ senderRole: 'hq', recipients: 101 }))).toMatchObject({
      code: 'LIMIT_REACHED',
      details: { recipients: 101, maxCouponsPerSend: 100 },
    });
    expect(staffCouponSendRefusal(send({ senderRole: 'hq' }, { remainingStock: 0 }))?.code).toBe('OUT_OF_STOCK');
  });

  it('refuses a template whose window has ended', () => {
    const ended = { type: 'window' as const, to: '2025-05-31T23:59:59Z' };
    expect(staffCouponSendRefusal(send({ senderRole: 'hq' }, { validity: ended }))?.code).toBe('CONFLICT');
    expect(staffCouponSendRefusal(send({}, { validity: { type: 'window', to: '2025-06-02T00:00:00Z' } }))).toBeUndefined();
  });
});
