import { addMonths } from '../../programme';
/**
 * Points are granted in lots (one per earning) that each remember how much is left and when it expires.
 * Spending and expiry work on lots, oldest expiry first, so that expiry never eats points that have not
 * expired yet and a member always spends the points closest to expiring.
 */
export interface PointsGrant {
  id: string;
  remaining: number;
  earnedAt: Date;
  expiresAt: Date;
  /** Points of a purchase become spendable after the return window (the optional pending period). */
  availableAt: Date;
}

export interface GrantAllocation {
  grantId: string;
  points: number;
}

function byExpiry(a: PointsGrant, b: PointsGrant): number {
  return a.expiresAt.getTime() - b.expiresAt.getTime() || a.earnedAt.getTime() - b.earnedAt.getTime() || a.id.localeCompare(b.id);
}

export function isSpendable(grant: PointsGrant, now: Date): boolean {
  return grant.remaining > 0 && grant.availableAt.getTime() <= now.getTime() && grant.expiresAt.getTime() > now.getTime();
}

/** Points a member can spend now. */
export function spendableBalance(grants: PointsGrant[], now: Date): number {
  return grants.filter((g) => isSpendable(g, now)).reduce((sum, g) => sum + g.remaining, 0);
}

/** Takes `points` from spendable lots, the soonest to expire first; null when there are not enough. */
export function allocateBurn(grants: PointsGrant[], points: number, now: Date): GrantAllocation[] | null {
  if (!Number.isSafeInteger(points) || points <= 0) throw new RangeError(`points to burn must be a positive integer: ${points}`);
  const allocations: GrantAllocation[] = [];
  let left = points;
  for (const grant of grants.filter((g) => isSpendable(g, now)).sort(byExpiry)) {
    const take = Math.min(grant.remaining, left);
    allocations.push({ grantId: grant.id, points: take });
    left -= take;
    if (left === 0) return allocations;
  }
  return null;
}

/** Lots whose expiry has passed with points left: each expires exactly its remaining points. */
export function expiredGrants(grants: PointsGrant[], now: Date): GrantAllocation[] {
  return grants
    .filter((g) => g.remaining > 0 && g.expiresAt.getTime() <= now.getTime())
    .sort(byExpiry)
    .map((g) => ({ grantId: g.id, points: g.remaining }));
}

/** Lots expiring within the reminder window (not yet expired), for "points expiring soon" reminders. */
export function grantsExpiringWithin(grants: PointsGrant[], now: Date, windowMs: number): PointsGrant[] {
  const until = now.getTime() + windowMs;
  return grants
    .filter((g) => g.remaining > 0 && g.expiresAt.getTime() > now.getTime() && g.expiresAt.getTime() <= until)
    .sort(byExpiry);
}

/**
 * A refund's clawback: first from the lot the purchase itself granted (even if still pending), then
 * from other unexpired lots soonest-expiring first; what cannot be covered is the shortfall, which the
 * brand's policy turns into a negative balance or a recorded debt.
 */
export function allocateClawback(
  grants: PointsGrant[],
  points: number,
  ownGrantId: string | undefined,
  now: Date,
): { allocations: GrantAllocation[]; shortfall: number } {
  const allocations: GrantAllocation[] = [];
  let left = points;
  const own = grants.find((g) => g.id === ownGrantId && g.remaining > 0 && g.expiresAt.getTime() > now.getTime());
  const others = grants
    .filter((g) => g.id !== own?.id && g.remaining > 0 && g.expiresAt.getTime() > now.getTime())
    .sort(byExpiry);
  for (const grant of own ? [own, ...others] : others) {
    if (left === 0) break;
    const take = Math.min(grant.remaining, left);
    allocations.push({ grantId: grant.id, points: take });
    left -= take;
  }
  return { allocations, shortfall: left };
}

/**
 * When points earned at `earnedAt` expire: `months` later (the programme's points validity), at the same instant;
 * 29 Feb + 12 months → 28 Feb, never 1 Mar: the member keeps their points until the month's last day.
 */
export function pointsExpiryDate(earnedAt: Date, months: number): Date {
  return addMonths(earnedAt, months);
}
