import { decideRefund, type TermFacts } from './refund-decision';

const DAY = 86_400_000;
const t0 = new Date('2026-11-01T00:00:00Z');
const first: TermFacts = {
  paymentId: 'pay-1',
  paidAt: t0,
  startsAt: t0,
  endsAt: new Date(t0.getTime() + 30 * DAY),
  refunded: false,
};

describe('decideRefund', () => {
  it('ends the membership at once when the refunded term has begun, within the cooling-off period', () => {
    const at = new Date(t0.getTime() + 3 * DAY);
    expect(decideRefund({ terms: [first], paymentId: 'pay-1', at, coolingOffDays: 7 })).toEqual({
      kind: 'end-membership',
      endsAt: at,
    });
  });

  it('refuses after the cooling-off period', () => {
    const at = new Date(t0.getTime() + 7 * DAY + 1);
    expect(decideRefund({ terms: [first], paymentId: 'pay-1', at, coolingOffDays: 7 })).toEqual({
      kind: 'refuse',
      code: 'COOLING_OFF_OVER',
    });
  });

  it('refuses a payment refunded already', () => {
    const at = new Date(t0.getTime() + DAY);
    expect(decideRefund({ terms: [{ ...first, refunded: true }], paymentId: 'pay-1', at, coolingOffDays: 7 })).toEqual({
      kind: 'refuse',
      code: 'ALREADY_DONE',
    });
  });

  it('takes off a renewal paid ahead that has not begun: the current term runs to its end', () => {
    const paidAt = new Date(first.endsAt.getTime() - 5 * DAY);
    const renewal: TermFacts = {
      paymentId: 'pay-2',
      paidAt,
      startsAt: first.endsAt,
      endsAt: new Date(first.endsAt.getTime() + 30 * DAY),
      refunded: false,
    };
    const at = new Date(paidAt.getTime() + DAY);
    expect(decideRefund({ terms: [first, renewal], paymentId: 'pay-2', at, coolingOffDays: 7 })).toEqual({
      kind: 'drop-renewal',
      endsAt: first.endsAt,
    });
  });

  it('ends the membership when the refunded term has begun even with a renewal after it', () => {
    const renewal: TermFacts = {
      paymentId: 'pay-2',
      paidAt: new Date(t0.getTime() + DAY),
      startsAt: first.endsAt,
      endsAt: new Date(first.endsAt.getTime() + 30 * DAY),
      refunded: false,
    };
    const at = new Date(t0.getTime() + 2 * DAY);
    expect(decideRefund({ terms: [first, renewal], paymentId: 'pay-1', at, coolingOffDays: 7 })).toEqual({
      kind: 'end-membership',
      endsAt: at,
    });
  });
});
