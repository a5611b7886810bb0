import type { MemberForProfile } from '../members';
import { contentHash } from './domain/content-hash';
import type { MemberAnalysis } from './domain/member-analysis';
import type { MemberFacts } from './domain/member-facts';
import type { MemberProfile } from './schemas/member-profile.schema';

/**
 * The profile document of a member: what the analytics computed, with its content hash. The hash is taken
 * with the purchase times as epoch milliseconds (JSON of Date objects costs twice as much, once a member a
 * night); the stored profile carries them as dates.
 */
export function profileDocument(member: MemberForProfile, facts: MemberFacts | null, analysis: MemberAnalysis): MemberProfile {
  const content = {
    memberNo: member.memberNo,
    tier: member.tier.code,
    ...(member.region ? { region: member.region } : {}),
    storeCodes: [...(member.storeCodes ?? [])].sort(),
    marketingConsent: member.consents?.marketing?.granted === true,
    personalisationConsent: member.consents?.personalisation?.granted === true,
    stage: analysis.stage,
    orders: facts?.orders ?? 0,
    netFen: facts?.netFen ?? 0,
    ...(facts
      ? {
          firstPurchaseAt: facts.firstAt,
          lastPurchaseAt: facts.lastAt,
          frequency: facts.lookbackOrders,
          monetaryFen: facts.lookbackNetFen,
          stores: [...facts.stores].sort((a, b) => (a.store < b.store ? -1 : 1)),
        }
      : { stores: [] }),
    ...(analysis.churn
      ? {
          churnScore: analysis.churn.score,
          churnLevel: analysis.churn.level,
          intervalRatio: analysis.churn.intervalRatio,
          basketChange: analysis.churn.basketChange,
        }
      : {}),
  };
  const sig = contentHash(JSON.stringify(content));
  const profile = { _id: member._id, ...content } as unknown as MemberProfile;
  if (facts) {
    profile.firstPurchaseAt = new Date(facts.firstAt);
    profile.lastPurchaseAt = new Date(facts.lastAt);
  }
  if (analysis.rfm)
    Object.assign(profile, { r: analysis.rfm.r, f: analysis.rfm.f, m: analysis.rfm.m, segment: analysis.rfm.segment });
  profile.sig = sig;
  return profile;
}

/** Whether a stored profile's scores differ from the computed ones (they are outside `sig`). */
export function scoresDiffer(
  stored: Pick<MemberProfile, 'r' | 'f' | 'm' | 'segment'>,
  computed: Pick<MemberProfile, 'r' | 'f' | 'm' | 'segment'>,
): boolean {
  return stored.r !== computed.r || stored.f !== computed.f || stored.m !== computed.m || stored.segment !== computed.segment;
}
