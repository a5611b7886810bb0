import type { CouponBenefit, CouponTemplateChange, CouponValidity, ErrorCode } from '@memberloop/shared';

/** What a change to a template depends on: the template as it is now. */
export interface TemplateNow {
  name: string;
  benefit: CouponBenefit;
  validity: CouponValidity;
  totalStock: number;
  remainingStock: number;
  pointsPrice?: number;
  /** Whether any coupon of the template exists (rule rewards do not draw stock, so the stock alone cannot tell). */
  hasCoupons: boolean;
}

export interface TemplateChangeRefusal {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * How a change is applied: the fields set as they are, and the stock moved by `stockDelta` on both the total and
 * what remains (so the count already issued, total − remaining, never changes under a concurrent claim).
 * `termsChange`: the benefit or validity changes, which only a template nobody holds a coupon of allows.
 */
export interface TemplateChangePlan {
  set: Record<string, unknown>;
  stockDelta: number;
  termsChange: boolean;
}

/** Coupons drawn from the template's stock so far. */
export function issuedFromStock(template: Pick<TemplateNow, 'totalStock' | 'remainingStock'>): number {
  return template.totalStock - template.remainingStock;
}

/** The same JSON whatever the order of the keys: a benefit sent back unchanged is not a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Why HQ may not make this change, or how to make it. The stock never goes below what was issued from it; the
 * benefit and validity are fixed once a coupon of the template exists (members hold coupons on those terms); a
 * coupon members pay points for is never released to managers to give away.
 */
export function planTemplateChange(
  template: TemplateNow,
  change: CouponTemplateChange,
): { refusal: TemplateChangeRefusal } | { plan: TemplateChangePlan } {
  if (change.releasedToManagers && template.pointsPrice) {
    return {
      refusal: {
        code: 'VALIDATION_FAILED',
        message: `「${template.name}」is exchanged for points: it cannot be released to managers.`,
        details: {
          issues: [
            { path: 'body.releasedToManagers', message: 'a coupon exchanged for points cannot be given away by managers' },
          ],
        },
      },
    };
  }
  const benefitChanges = change.benefit !== undefined && canonical(change.benefit) !== canonical(template.benefit);
  const validityChanges = change.validity !== undefined && canonical(change.validity) !== canonical(template.validity);
  const termsChange = benefitChanges || validityChanges;
  const issued = issuedFromStock(template);
  if (termsChange && (issued > 0 || template.hasCoupons)) {
    return {
      refusal: {
        code: 'COUPON_TERMS_FIXED',
        message: `Coupons of 「${template.name}」 were already issued: its ${benefitChanges ? 'benefit' : 'validity'} cannot change. Retire it and create a new template instead.`,
        details: { field: benefitChanges ? 'benefit' : 'validity', issued },
      },
    };
  }
  if (change.totalStock !== undefined && change.totalStock < issued) {
    return {
      refusal: {
        code: 'STOCK_BELOW_ISSUED',
        message: `${issued} coupons of 「${template.name}」 were already issued: the stock cannot be set below ${issued}.`,
        details: { issued, totalStock: change.totalStock },
      },
    };
  }
  const set: Record<string, unknown> = {};
  if (change.name !== undefined && change.name !== template.name) set.name = change.name;
  for (const field of ['perMemberLimit', 'claimable', 'releasedToManagers'] as const) {
    if (change[field] !== undefined) set[field] = change[field];
  }
  if (benefitChanges) set.benefit = change.benefit;
  if (validityChanges) set.validity = change.validity;
  const stockDelta = change.totalStock === undefined ? 0 : change.totalStock - template.totalStock;
  return { plan: { set, stockDelta, termsChange } };
}
