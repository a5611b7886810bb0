import type { ErrorCode, GroupBuyDealPhase } from '@memberloop/shared';
import { groupStatusAt, type GroupState } from './group-deadline';

/** Why a member cannot open or join: the error code a client branches on and a message a person can act on. */
export interface Refusal {
  code: ErrorCode;
  message: string;
}

/** Why no group can be opened on a deal in this phase; null when it is live. */
export function whyOpenRefused(phase: GroupBuyDealPhase): Refusal | null {
  switch (phase) {
    case 'live':
      return null;
    case 'scheduled':
      return { code: 'GROUP_CLOSED', message: 'This group-buy has not started yet.' };
    case 'ended':
      return { code: 'GROUP_CLOSED', message: 'This group-buy has ended.' };
    case 'closed':
      return { code: 'GROUP_CLOSED', message: 'This group-buy was closed.' };
  }
}

export interface GroupSnapshot extends GroupState {
  seatsLeft: number;
  memberIds: string[];
}

/**
 * Why the member could not take a seat in the group as it stands: already in it, it is full (filled), or it is
 * over (failed, past its deadline, or its deal was closed). Null when nothing stands in the way.
 */
export function whyJoinRefused(group: GroupSnapshot, dealPhase: GroupBuyDealPhase, memberId: string, now: Date): Refusal | null {
  if (group.memberIds.includes(memberId)) return { code: 'ALREADY_DONE', message: 'You are already in this group.' };
  const status = groupStatusAt(group, now);
  if (status === 'succeeded' || (status === 'open' && group.seatsLeft <= 0)) {
    return { code: 'GROUP_FULL', message: 'This group is full: open a group of your own.' };
  }
  if (status === 'failed') return { code: 'GROUP_CLOSED', message: 'This group is over: it did not fill in time.' };
  if (dealPhase === 'closed' || dealPhase === 'ended') {
    return { code: 'GROUP_CLOSED', message: 'This group-buy is over.' };
  }
  return null;
}
