import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { QualifyingStats, TierDefinition } from '@memberloop/shared';
import { qualifyingTier } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import type { LeanMember } from '../members';
import { MembersService, MemberStore } from '../members';
import { AppError } from '../common/errors/app-error';
import { addMonths, evaluateUpgrade, requalify, type TierChange, type TierStanding } from './domain/tier-evaluation';
import { TierChangeRecord } from './schemas/tier-change.schema';
import { ProgrammePolicy } from '../programme';

/** The reason of a tier drop caused by a refund (such drops are undone by later purchases, never a base standing). */
const REFUND_REASON = 'refund';

/** A standing as the member record holds it (its floor apart, which only HQ sets). */
function newStanding(standing: TierStanding): { code: string; since: Date; heldUntil: Date } {
  return { code: standing.tierCode, since: standing.since, heldUntil: standing.heldUntil };
}

export function standingOf(member: LeanMember): TierStanding {
  const { code, since, heldUntil, floorCode } = member.tier;
  return { tierCode: code, since, heldUntil, ...(floorCode ? { floorTierCode: floorCode } : {}) };
}

/** Applies the tier rules to members and keeps their tier history. */
@Injectable()
export class TierStandingService {
  constructor(
    private readonly members: MemberStore,
    private readonly memberAccounts: MembersService,
    @InjectModel(TierChangeRecord.name) private readonly history: Model<TierChangeRecord>,
    private readonly ladder: ProgrammePolicy,
    private readonly clock: Clock,
  ) {}

  tierOf(member: LeanMember): TierDefinition {
    return this.tierByCode(member.tier.code);
  }

  /** The ladder's tier with this code (the entry tier for a code HQ has since removed). */
  tierByCode(code: string): TierDefinition {
    return this.ladder.tierByCode(code);
  }

  /** Upgrades the member at once when the stats qualify; the update is guarded by the tier it replaces. */
  async evaluateAfterPurchase(member: LeanMember, stats: QualifyingStats, purchaseId?: Types.ObjectId): Promise<TierChange> {
    const now = this.clock.now();
    const change = evaluateUpgrade(this.ladder.tierLadder(), standingOf(member), stats, now, this.ladder.tierPolicy());
    if (change.kind !== 'upgraded') return change;
    const { standing } = change;
    const updated = await this.members.changeTier(member._id, { code: member.tier.code }, newStanding(standing));
    if (!updated) {
      // Someone else changed the tier meanwhile (a concurrent purchase): report what is on record now.
      const current = await this.members.byIdAnyStatus(member._id);
      return { kind: 'unchanged', standing: standingOf(current) };
    }
    await this.record(member._id, 'upgraded', change.from, standing, now, 'purchase', purchaseId);
    return change;
  }

  /**
   * After HQ merged `from` into `into` (two accounts of one person): `into` keeps the better of the two standings (the
   * higher tier, or the same tier held longer), then is upgraded at once if the orders now on it qualify for more.
   */
  async afterMerge(into: LeanMember, from: LeanMember, stats: QualifyingStats): Promise<TierChange> {
    const ladder = this.ladder.tierLadder();
    const rank = (code: string) => ladder.find((t) => t.code === code)?.rank ?? 0;
    let current = into;
    const better =
      rank(from.tier.code) > rank(into.tier.code) ||
      (from.tier.code === into.tier.code && from.tier.heldUntil > into.tier.heldUntil);
    if (better) {
      const standing = { code: from.tier.code, since: from.tier.since, heldUntil: from.tier.heldUntil };
      if (await this.members.changeTier(into._id, { code: into.tier.code, heldUntil: into.tier.heldUntil }, standing)) {
        const now = this.clock.now();
        const kept = { ...standingOf(into), tierCode: standing.code, since: standing.since, heldUntil: standing.heldUntil };
        await this.record(into._id, 'set', into.tier.code, kept, now, 'account merge');
      }
      current = await this.members.byIdAnyStatus(into._id);
    }
    return this.evaluateAfterPurchase(current, stats);
  }

  /** The tier a purchase lifted the member to, if it did (its record is written with the upgrade). */
  async upgradeCausedBy(memberId: Types.ObjectId, purchaseId: Types.ObjectId): Promise<string | undefined> {
    const record = await this.history.findOne({ memberId, purchaseId, kind: 'upgraded' }, { to: 1 }).lean();
    return record?.to;
  }

  /**
   * After a refund: the tiers the member reached through purchases since their last standing that no purchase gave
   * (joining, the yearly re-qualification, HQ) are held only while the rolling figures, net of refunds, still
   * qualify for them. The member drops to the highest of that standing, what the figures qualify for and HQ's floor;
   * never lifted here, and guarded by the tier it replaces.
   */
  async reviewAfterRefund(member: LeanMember, stats: QualifyingStats, purchaseId: Types.ObjectId): Promise<TierChange> {
    const ladder = this.ladder.tierLadder();
    const rank = (code: string | undefined) => ladder.find((t) => t.code === code)?.rank ?? 0;
    const current = standingOf(member);
    const history = await this.history
      .find({ memberId: member._id }, { kind: 1, to: 1, at: 1, heldUntil: 1, reason: 1 })
      .sort({ at: -1 })
      .limit(200)
      .lean();
    const baseIndex = history.findIndex((h) => h.kind !== 'upgraded' && h.reason !== REFUND_REASON);
    const base = baseIndex >= 0 ? history[baseIndex] : undefined;
    const byPurchases = baseIndex >= 0 ? history.slice(0, baseIndex) : history;
    if (!byPurchases.some((h) => h.kind === 'upgraded')) return { kind: 'unchanged', standing: current };
    const baseCode = base?.to ?? [...ladder].sort((a, b) => a.rank - b.rank)[0].code;
    const target = [baseCode, qualifyingTier(ladder, stats).code, current.floorTierCode]
      .filter((code): code is string => code !== undefined)
      .reduce((best, code) => (rank(code) > rank(best) ? code : best));
    if (rank(target) >= rank(current.tierCode)) return { kind: 'unchanged', standing: current };
    // The hold of the standing dropped back to: the upgrade that reached it, or the base standing's.
    const reached = byPurchases.find((h) => h.kind === 'upgraded' && h.to === target);
    const standing: TierStanding = {
      ...current,
      tierCode: target,
      since: reached?.at ?? base?.at ?? current.since,
      heldUntil: reached?.heldUntil ?? base?.heldUntil ?? current.heldUntil,
    };
    const updated = await this.members.changeTier(member._id, { code: current.tierCode }, newStanding(standing));
    if (!updated) return { kind: 'unchanged', standing: current };
    await this.record(member._id, 'downgraded', current.tierCode, standing, this.clock.now(), REFUND_REASON, purchaseId);
    return { kind: 'downgraded', from: current.tierCode, standing };
  }

  /**
   * The yearly re-qualification of one member whose hold has ended: renewed, or downgraded by the policy (never
   * below HQ's floor). Guarded by the standing it replaces, so two job runs never apply it twice.
   */
  async requalify(member: LeanMember, stats: QualifyingStats): Promise<TierChange> {
    const now = this.clock.now();
    const change = requalify(this.ladder.tierLadder(), standingOf(member), stats, now, this.ladder.tierPolicy());
    if (change.kind === 'unchanged') return change;
    const { standing } = change;
    const updated = await this.members.changeTier(
      member._id,
      { code: member.tier.code, heldUntil: member.tier.heldUntil },
      newStanding(standing),
    );
    if (!updated) return { kind: 'unchanged', standing: standingOf(member) };
    await this.record(member._id, change.kind, change.from, standing, now, 'yearly re-qualification');
    return change;
  }

  /**
   * HQ sets (or clears, with `undefined`) a floor: the member is lifted to it at once if below, and the yearly
   * re-qualification never drops them under it.
   */
  async setFloor(memberId: LeanMember['_id'], floorCode: string | undefined, by: string): Promise<TierStanding> {
    const tiers = [...this.ladder.tierLadder()].sort((a, b) => a.rank - b.rank);
    const floor = floorCode === undefined ? undefined : tiers.find((t) => t.code === floorCode);
    if (floorCode !== undefined && !floor) throw new AppError('VALIDATION_FAILED', `There is no tier "${floorCode}".`);
    for (let attempt = 0; attempt < 5; attempt++) {
      const member = await this.memberAccounts.findById(memberId);
      if (!member) throw new AppError('NOT_FOUND', 'No such member.');
      const now = this.clock.now();
      const currentRank = tiers.find((t) => t.code === member.tier.code)?.rank ?? 0;
      const lift = floor !== undefined && floor.rank > currentRank;
      const heldUntil = lift ? addMonths(now, this.ladder.tierPolicy().holdMonths) : member.tier.heldUntil;
      const updated = await this.members.setTierFloor(
        memberId,
        { code: member.tier.code, heldUntil: member.tier.heldUntil },
        floor?.code,
        lift ? { since: now, heldUntil } : undefined,
      );
      if (!updated) continue; // the tier changed meanwhile: read it again
      const standing: TierStanding = {
        tierCode: lift ? floor.code : member.tier.code,
        since: lift ? now : member.tier.since,
        heldUntil,
        ...(floor ? { floorTierCode: floor.code } : {}),
      };
      if (lift) await this.record(memberId, 'set', member.tier.code, standing, now, `floor set by ${by}`);
      return standing;
    }
    throw new AppError('CONFLICT', "The member's tier kept changing; try again.");
  }

  private async record(
    memberId: LeanMember['_id'],
    kind: 'upgraded' | 'renewed' | 'downgraded' | 'set',
    from: string,
    standing: TierStanding,
    at: Date,
    reason: string,
    purchaseId?: Types.ObjectId,
  ): Promise<void> {
    await this.history
      .create({
        memberId,
        kind,
        from,
        to: standing.tierCode,
        at,
        heldUntil: standing.heldUntil,
        reason,
        ...(purchaseId ? { purchaseId } : {}),
      })
      .catch((error: { code?: number }) => {
        if (error.code !== 11000) throw error;
      });
  }
}
