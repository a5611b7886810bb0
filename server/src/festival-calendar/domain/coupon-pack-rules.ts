import { campaignStatus, type CampaignStatus, type CouponPackInput } from '@memberloop/shared';
import { AppError } from '../../common/errors/app-error';

const DAY_MS = 86_400_000;

/** Why a targeted member is left out of a coupon pack's occurrence. */
export type PackExclusion = 'no-consent' | 'contacted-recently';

/** The targeting of a campaign: tiers and regions, each absent for all. */
export interface PackTargeting {
  tierCodes?: readonly string[];
  regions?: readonly string[];
}

/** A member as targeting reads them. */
export interface TargetableMember {
  tierCode: string;
  region?: string;
}

/** Whether a campaign's tiers and regions take the member in (a region list leaves out members with no region). */
export function isTargeted(targeting: PackTargeting, member: TargetableMember): boolean {
  if (targeting.tierCodes && !targeting.tierCodes.includes(member.tierCode)) return false;
  if (targeting.regions && (!member.region || !targeting.regions.includes(member.region))) return false;
  return true;
}

/** What decides whether a targeted member may be sent a pack now. */
export interface PackContactFacts {
  /** Marketing consent, read live from the member. */
  marketingConsent: boolean;
  /** The latest marketing contact by any automation (win-back, experiments, another calendar pack). */
  lastContactedAt: Date | null;
  /** The member's stage contact policy (the analytics settings win-back and experiments follow too). */
  minDaysBetweenContacts: number;
}

/** Null when the member gets the pack; else why not. Consent first: without it the cap does not matter. */
export function packExclusion(facts: PackContactFacts, now: Date): PackExclusion | null {
  if (!facts.marketingConsent) return 'no-consent';
  if (facts.lastContactedAt && now.getTime() - facts.lastContactedAt.getTime() < facts.minDaysBetweenContacts * DAY_MS)
    return 'contacted-recently';
  return null;
}

/** A refusal of one field of the request, with the words HQ reads. */
export function fieldRefusal(path: string, message: string, reason: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION_FAILED', message, { issues: [{ path, message }], reason, ...extra });
}

/** The checks a new pack passes beyond its shape: its window is not over, its tiers are on the ladder. */
export function checkPackInput(input: CouponPackInput, now: Date, tierCodes: readonly string[]): void {
  if (Date.parse(input.endsAt) <= now.getTime())
    throw fieldRefusal('body.endsAt', '结束时间已经过去：请选择以后的时间', 'window-over');
  const unknown = (input.tierCodes ?? []).filter((code) => !tierCodes.includes(code));
  if (unknown.length > 0)
    throw fieldRefusal('body.tierCodes', `会员等级 ${unknown.join('、')} 不在等级体系中`, 'unknown-tier', { unknown });
}

/** Where a pack stands at `now`, as earning campaigns do. */
export function packStatus(pack: { startsAt: Date; endsAt: Date; retiredAt?: Date | null }, now: Date): CampaignStatus {
  return campaignStatus(
    {
      startsAt: pack.startsAt.toISOString(),
      endsAt: pack.endsAt.toISOString(),
      ...(pack.retiredAt ? { retiredAt: pack.retiredAt.toISOString() } : {}),
    },
    now,
  );
}

/** The issue key of one coupon of a pack's occurrence for a member: unique in the coupons, so it is issued once. */
export function packCouponKey(packId: string, occurrence: string, memberId: string, templateId: string): string {
  return `festival:${packId}:${occurrence}:${memberId}:${templateId}`;
}

/** The key of the member's one message about a pack's occurrence. */
export function packMessageKey(packId: string, occurrence: string, memberId: string): string {
  return `festival:${packId}:${occurrence}:${memberId}`;
}
