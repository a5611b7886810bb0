/**
 * Stable machine-readable error codes. Clients branch on `code`, never on `message`; a code, once
 * shipped, keeps its meaning. Each code has the one HTTP status it is always sent with.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  /** A request with this Idempotency-Key is still being handled: retry shortly to get its answer. */
  IDEMPOTENCY_KEY_IN_PROGRESS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INSUFFICIENT_POINTS: 409,
  /** The balance is below zero (or owes a debt) after a refund took back spent points: no spend until it is repaid. */
  POINTS_BALANCE_NEGATIVE: 409,
  /** A purchase paid in the future (beyond the clock-skew allowance) or before the points validity: send history through the import. */
  PURCHASE_DATE_OUT_OF_RANGE: 422,
  /** A refund of more units or money than is left of the order or line; `details.left` says what may still be refunded. */
  REFUND_EXCEEDS_PURCHASE: 422,
  OUT_OF_STOCK: 409,
  LIMIT_REACHED: 409,
  /** A checkout hold that was already released (cancelled or timed out) cannot be committed, and vice versa. */
  HOLD_CLOSED: 409,
  /** The member is not in the coupon's audience (tier, region, new members). */
  COUPON_NOT_ELIGIBLE: 403,
  /** The coupon cannot be used for this order: already used, expired, wrong channel, under the threshold. */
  COUPON_UNUSABLE: 409,
  /** A scanned coupon code that is forged, garbled or past its minute: ask the member to refresh it. */
  INVALID_COUPON_TOKEN: 400,
  /** These coupons cannot be used together on one order (an exclusive coupon, or different stacking groups). */
  COUPONS_NOT_STACKABLE: 409,
  /** HQ retired this coupon template: no new claims, exchanges or sends (coupons already in wallets stay valid). */
  COUPON_TEMPLATE_RETIRED: 409,
  /** The benefit and validity of a coupon template are fixed once a coupon of it exists. */
  COUPON_TERMS_FIXED: 409,
  /** A stock cannot go below what was already issued from it; `details.issued` says how many. */
  STOCK_BELOW_ISSUED: 409,
  /** HQ retired this gift: it is no longer redeemed. */
  GIFT_RETIRED: 409,
  /** Referral refused: your own code, an existing member, or the referrer's daily or monthly cap. */
  REFERRAL_REJECTED: 409,
  /** The group-buy group has all its members. */
  GROUP_FULL: 409,
  /** The group-buy group or deal is over: its deadline passed, it failed, or the deal ended. */
  GROUP_CLOSED: 409,
  /** The caller already did this once (joined the group, signed up, helped the friend). */
  ALREADY_DONE: 409,
  /** The activity takes no sign-ups now: not published, cancelled, past its deadline, or over. */
  ACTIVITY_CLOSED: 409,
  /** The member's tier is below what this activity or offer requires. */
  TIER_REQUIRED: 403,
  /** A scanned check-in code that is forged, garbled or expired: ask the member to refresh it. */
  INVALID_CHECKIN_TOKEN: 400,
  /** The friend-assist task is over: completed already or past its deadline. */
  ASSIST_CLOSED: 409,
  /** The earning campaign has ended or was retired: it can no longer be changed or retired (history keeps it). */
  CAMPAIGN_ENDED: 409,
  /** The member already has an active paid membership and it is not yet within the renewal window. */
  PAID_MEMBERSHIP_ACTIVE: 409,
  /** The amount paid is not the plan's price; `details.priceFen` says what it costs. */
  PAYMENT_AMOUNT_MISMATCH: 422,
  /** HQ retired this paid membership plan: it is sold and renewed no more (subscriptions run to their end). */
  PAID_PLAN_RETIRED: 409,
  /** A paid membership refund after the cooling-off period; `details.coolingOffDays` says how long it is. */
  COOLING_OFF_OVER: 409,
  /** A staff compensation above the caller's role cap (programme rule); `details.cap` says the most they may give. */
  COMPENSATION_OVER_CAP: 403,
  /** The service ticket is resolved or closed: it takes no more replies or compensation. */
  TICKET_CLOSED: 409,
  /** An A/B test needs 2 to 4 variants besides its control group. */
  EXPERIMENT_VARIANT_COUNT: 422,
  /** An A/B test's variant sizes and control size must add up to exactly 100 %. */
  EXPERIMENT_SIZES_NOT_100: 422,
  /** The member already answered this survey (once per member per survey). */
  SURVEY_ALREADY_ANSWERED: 409,
  /** The survey is not in a state for this: a draft takes no answers, a started survey is not edited or started again, a closed one takes nothing. */
  SURVEY_NOT_ACTIVE: 409,
  /** The A/B test has started: its variants, sizes and audience are fixed (members are assigned by them). */
  EXPERIMENT_NOT_EDITABLE: 409,
  /** The A/B test is not running: start it first (or it is over). */
  EXPERIMENT_NOT_RUNNING: 409,
  /** The A/B test's attribution window is still open: a winner is promoted once its results are final; `details.windowEndsAt`. */
  EXPERIMENT_WINDOW_OPEN: 409,
  /** The A/B test's winner was promoted already (once per test). */
  EXPERIMENT_ALREADY_PROMOTED: 409,
  /** The member is farther from the store than the offer's radius (measured on the server from the store's position); `details.distanceMetres`, `details.radiusMetres`. */
  OUTSIDE_OFFER_RADIUS: 403,
  /** Offers are marketing: the member must agree to marketing first. */
  MARKETING_CONSENT_REQUIRED: 403,
  /** The member already got this store offer in the current cap window; `details.nextClaimAt` says when it opens again. */
  GEO_OFFER_ALREADY_CLAIMED: 409,
  /** The store offer is not running: not started, over, ended by HQ, or its store retired. */
  GEO_OFFER_NOT_ACTIVE: 409,
  /** The store already has an offer not over in these days: end it or choose other days; `details.offerId`. */
  GEO_OFFER_OVERLAP: 409,
  INTERNAL_ERROR: 500,
  DATABASE_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
  /** No exchange rate for the purchase's currency valid at its paidAt: HQ or the rates feed must add one first. */
  FX_RATE_MISSING: 422,
  /** A different rate for a currency and validFrom the table already holds: rates once used are never changed. */
  FX_RATE_CONFLICT: 409,
  /** A region benefit pack names a tier the ladder does not have; `details.tierCode`. */
  REGION_PACK_UNKNOWN_TIER: 422,
  /** A region benefit pack names coupon templates that do not exist or are not released; `details.templateIds`. */
  REGION_PACK_UNKNOWN_TEMPLATE: 422,
  /** The region benefit pack was published (or withdrawn): members were granted by its terms, so they stay. */
  REGION_PACK_NOT_EDITABLE: 409,
  /** The process is at capacity and did nothing of this request: retry after the Retry-After header's seconds. */
  SERVER_BUSY: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

/** The error code a bare HTTP status maps to, for errors raised by the framework rather than our code. */
export function errorCodeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'VALIDATION_FAILED';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 405:
      return 'METHOD_NOT_ALLOWED';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 422:
      return 'IDEMPOTENCY_KEY_REUSED';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'SERVICE_UNAVAILABLE';
    default:
      return status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED';
  }
}
