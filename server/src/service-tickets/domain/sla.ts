import type { ServiceTicketRules } from '@memberloop/shared';

const HOUR_MS = 3_600_000;

/** Where the member's tier stands on the ladder: its rank and the ranks of every tier. */
export interface TierPlace {
  rank: number;
  ladderRanks: readonly number[];
}

/** The SLA of a ticket opened now: the top `topTiers` ranks of the ladder get `topTierHours`, the rest `otherHours`. */
export function slaHoursFor(
  place: TierPlace,
  rules: Pick<ServiceTicketRules, 'topTiers' | 'topTierHours' | 'otherHours'>,
): number {
  const ranks = [...new Set(place.ladderRanks)].sort((a, b) => b - a);
  const top = ranks.slice(0, rules.topTiers);
  return top.includes(place.rank) ? rules.topTierHours : rules.otherHours;
}

/** When the first answer to a ticket opened at `openedAt` is due. */
export function firstReplyDueAt(openedAt: Date, slaHours: number): Date {
  return new Date(openedAt.getTime() + slaHours * HOUR_MS);
}

/** A ticket breached its SLA when its first reply came after the deadline, or has not come and the deadline passed. */
export function isBreached(ticket: { dueAt: Date; firstReplyAt?: Date }, now: Date): boolean {
  if (ticket.firstReplyAt) return ticket.firstReplyAt.getTime() > ticket.dueAt.getTime();
  return now.getTime() > ticket.dueAt.getTime();
}
