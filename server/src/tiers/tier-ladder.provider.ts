import { Injectable } from '@nestjs/common';
import { TierLadder } from '@memberloop/shared';
import { DEFAULT_TIER_LADDER } from '../programme/default-tier-ladder';

/**
 * The brand's tier ladder. Until HQ can edit it, the shipped default, validated once at start-up.
 */
@Injectable()
export class TierLadderProvider {
  private readonly ladder: TierLadder = TierLadder.parse(DEFAULT_TIER_LADDER);

  current(): TierLadder {
    return this.ladder;
  }
}
