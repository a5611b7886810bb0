import { DEFAULT_SERVICE_TICKET_RULES } from '@memberloop/shared';
import { firstReplyDueAt, isBreached, slaHoursFor } from './sla';

const ladder = [0, 1, 2, 3];

describe('the first-reply SLA of a ticket', () => {
  it('gives the top two tiers 2 hours and the others 24 by default', () => {
    expect(ladder.map((rank) => slaHoursFor({ rank, ladderRanks: ladder }, DEFAULT_SERVICE_TICKET_RULES))).toEqual([
      24, 24, 2, 2,
    ]);
  });

  it('follows the ladder HQ configured, whatever its ranks and size', () => {
    const five = [10, 20, 30, 40, 50];
    const rules = { topTiers: 1, topTierHours: 4, otherHours: 48 };
    expect(five.map((rank) => slaHoursFor({ rank, ladderRanks: five }, rules))).toEqual([48, 48, 48, 48, 4]);
    expect(slaHoursFor({ rank: 0, ladderRanks: [0] }, { ...rules, topTiers: 0 })).toBe(48);
  });

  it('is due that many hours after opening (00:30 Beijing stays a UTC instant)', () => {
    const openedAt = new Date('2026-03-01T16:30:00Z'); // 00:30 on 2 March in Beijing
    expect(firstReplyDueAt(openedAt, 2).toISOString()).toBe('2026-03-01T18:30:00.000Z');
    expect(firstReplyDueAt(openedAt, 24).toISOString()).toBe('2026-03-02T16:30:00.000Z');
  });

  it('is breached by no reply past the deadline, or a first reply after it', () => {
    const dueAt = new Date('2026-03-01T10:00:00Z');
    expect(isBreached({ dueAt }, new Date('2026-03-01T10:00:00Z'))).toBe(false);
    expect(isBreached({ dueAt }, new Date('2026-03-01T10:00:01Z'))).toBe(true);
    expect(isBreached({ dueAt, firstReplyAt: new Date('2026-03-01T09:59:00Z') }, new Date('2026-03-09T00:00:00Z'))).toBe(false);
    expect(isBreached({ dueAt, firstReplyAt: new Date('2026-03-01T10:05:00Z') }, new Date('2026-03-01T10:06:00Z'))).toBe(true);
  });
});
