import { Injectable } from '@nestjs/common';
import { TierLadder } from '@memberloop/shared';
import { AppError } from '../common/errors/app-error';
import { MembersService } from '../members';
import { ProgrammePolicy } from '../programme';

/**
 * HQ's changes to the tier ladder. Members keep their tier codes, so a tier somebody holds cannot be removed
 * (move them first); changed thresholds apply from the next purchase and the next re-qualification.
 */
@Injectable()
export class TierLadderChanges {
  constructor(
    private readonly members: MembersService,
    private readonly policy: ProgrammePolicy,
  ) {}

  async replace(tiers: TierLadder, by: string): Promise<TierLadder> {
    const ladder = TierLadder.parse(tiers);
    const codes = new Set(ladder.map((t) => t.code));
    const orphaned = (await this.members.heldTierCodes()).filter((code) => !codes.has(code));
    if (orphaned.length > 0) {
      throw new AppError('CONFLICT', `Members hold the tier(s) ${orphaned.join(', ')}: keep them in the ladder.`, { orphaned });
    }
    return this.policy.replaceTierLadder(ladder, by);
  }
}
