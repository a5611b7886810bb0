import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { QualifyingStats, TierDefinition } from '@memberloop/shared';
import { Model } from 'mongoose';
import { Clock } from '../common/clock/clock';
import type { LeanMember } from '../members/members.service';
import { Member } from '../members/schemas/member.schema';
import { DEFAULT_TIER_POLICY, evaluateUpgrade, type TierChange, type TierStanding } from './domain/tier-evaluation';
import { TierChangeRecord } from './schemas/tier-change.schema';
import { TierLadderProvider } from './tier-ladder.provider';

function standingOf(member: LeanMember): TierStanding {
  const { code, since, heldUntil, floorCode } = member.tier;
  return { tierCode: code, since, heldUntil, ...(floorCode ? { floorTierCode: floorCode } : {}) };
}

/** Applies the tier rules to members and keeps their tier history. */
@Injectable()
export class TierStandingService {
  constructor(
    @InjectModel(Member.name) private readonly members: Model<Member>,
    @InjectModel(TierChangeRecord.name) private readonly history: Model<TierChangeRecord>,
    private readonly ladder: TierLadderProvider,
    private readonly clock: Clock,
  ) {}

  tierOf(member: LeanMember): TierDefinition {
    const tiers = this.ladder.current();
    return tiers.find((t) => t.code === member.tier.code) ?? tiers[0];
  }

  /** Upgrades the member at once when the stats qualify; the update is guarded by the tier it replaces. */
  async evaluateAfterPurchase(member: LeanMember, stats: QualifyingStats): Promise<TierChange> {
    const now = this.clock.now();
    const change = evaluateUpgrade(this.ladder.current(), standingOf(member), stats, now, DEFAULT_TIER_POLICY);
    if (change.kind !== 'upgraded') return change;
    const { standing } = change;
    const updated = await this.members.updateOne(
      { _id: member._id, 'tier.code': member.tier.code },
      { $set: { 'tier.code': standing.tierCode, 'tier.since': standing.since, 'tier.heldUntil': standing.heldUntil } },
    );
    if (updated.modifiedCount === 0) {
      // Someone else changed the tier meanwhile (a concurrent purchase): report what is on record now.
      const current = await this.members.findById(member._id).lean().orFail();
      return { kind: 'unchanged', standing: standingOf(current) };
    }
    await this.history
      .create({
        memberId: member._id,
        kind: 'upgraded',
        from: change.from,
        to: standing.tierCode,
        at: now,
        heldUntil: standing.heldUntil,
        reason: 'purchase',
      })
      .catch((error: { code?: number }) => {
        if (error.code !== 11000) throw error;
      });
    return change;
  }
}
