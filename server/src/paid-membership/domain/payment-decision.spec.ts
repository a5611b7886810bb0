import { decidePayment } from './payment-decision';

const DAY = 86_400_000;
const now = new Date('2026-12-03T04:00:00Z');
const plan = { id: 'p1', priceFen: 9_900, status: 'active' as const };
const base = { plan, amountFen: 9_900, paidAt: now, now, renewalWindowDays: 30 };

describe('decidePayment', () => {
  it('subscribes a member without an active membership from the payment', () => {
    expect(decidePayment(base)).toEqual({ kind: 'subscribe', startsAt: now });
  });

  it('refuses a payment dated ahead of the clock or older than a day', () => {
    expect(decidePayment({ ...base, paidAt: new Date(now.getTime() + 6 * 60_000) })).toMatchObject({
      code: 'PURCHASE_DATE_OUT_OF_RANGE',
    });
    expect(decidePayment({ ...base, paidAt: new Date(now.getTime() - 25 * 3_600_000) })).toMatchObject({
      code: 'PURCHASE_DATE_OUT_OF_RANGE',
    });
    expect(decidePayment({ ...base, paidAt: new Date(now.getTime() - 23 * 3_600_000) })).toMatchObject({ kind: 'subscribe' });
  });

  it('refuses a retired plan', () => {
    expect(decidePayment({ ...base, plan: { ...plan, status: 'retired' } })).toMatchObject({ code: 'PAID_PLAN_RETIRED' });
  });

  it('refuses an amount other than the price, more or less', () => {
    expect(decidePayment({ ...base, amountFen: 9_899 })).toMatchObject({ code: 'PAYMENT_AMOUNT_MISMATCH' });
    expect(decidePayment({ ...base, amountFen: 9_901 })).toMatchObject({ code: 'PAYMENT_AMOUNT_MISMATCH' });
  });

  it('refuses a second purchase while active outside the renewal window', () => {
    const active = { planId: 'p1', endsAt: new Date(now.getTime() + 40 * DAY) };
    expect(decidePayment({ ...base, active })).toMatchObject({ kind: 'refuse', code: 'PAID_MEMBERSHIP_ACTIVE' });
  });

  it('renews the same plan within the window, extending from the current end', () => {
    const active = { planId: 'p1', endsAt: new Date(now.getTime() + 10 * DAY) };
    expect(decidePayment({ ...base, active })).toEqual({ kind: 'renew', startsAt: active.endsAt });
  });

  it('refuses another plan while active, even within the window', () => {
    const active = { planId: 'p2', endsAt: new Date(now.getTime() + 10 * DAY) };
    expect(decidePayment({ ...base, active })).toMatchObject({ code: 'PAID_MEMBERSHIP_ACTIVE' });
  });

  it('treats a membership past its end as over even before the lapse job ran', () => {
    const active = { planId: 'p2', endsAt: new Date(now.getTime() - 1) };
    expect(decidePayment({ ...base, active })).toEqual({ kind: 'subscribe', startsAt: now });
  });
});
