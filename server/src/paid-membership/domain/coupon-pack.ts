import { addBrandMonths } from './subscription-term';

/**
 * The month of membership `at` falls in (0 for the first month from the start, 1 for the next…), or undefined
 * when `at` is outside [startedAt, endsAt). Months are calendar months on the brand's clock from the start.
 */
export function membershipMonthAt(startedAt: Date, endsAt: Date, at: Date, timeZone: string): number | undefined {
  if (at.getTime() < startedAt.getTime() || at.getTime() >= endsAt.getTime()) return undefined;
  let month = 0;
  // A term is at most a year (renewals chain terms): the loop is short.
  while (addBrandMonths(startedAt, month + 1, timeZone).getTime() <= at.getTime()) month += 1;
  return month;
}

export interface PackItem {
  templateId: string;
  count: number;
}

/**
 * The coupons of one month's pack, each with its issue key: the coupons' unique issue key is what makes the pack
 * land once per member and month whatever the reruns and concurrent runs.
 */
export function packIssues(
  subscriptionId: string,
  month: number,
  pack: PackItem[],
): Array<{ templateId: string; issueKey: string }> {
  return pack.flatMap((item) =>
    Array.from({ length: item.count }, (_, n) => ({
      templateId: item.templateId,
      issueKey: `paid-pack:${subscriptionId}:${month}:${item.templateId}:${n}`,
    })),
  );
}

/** The prefix of every pack coupon's issue key of a subscription (a refund voids the unused ones). */
export function packIssueKeyPrefix(subscriptionId: string): string {
  return `paid-pack:${subscriptionId}:`;
}
