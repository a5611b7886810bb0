import type { GroupBuyDealPhase } from '@memberloop/shared';

export interface DealWindow {
  status: 'active' | 'closed';
  startsAt: Date;
  endsAt: Date;
}

/** Where a deal stands at `now`: groups can be opened only while it is live. */
export function dealPhase(deal: DealWindow, now: Date): GroupBuyDealPhase {
  if (deal.status === 'closed') return 'closed';
  if (now.getTime() < deal.startsAt.getTime()) return 'scheduled';
  if (now.getTime() >= deal.endsAt.getTime()) return 'ended';
  return 'live';
}
