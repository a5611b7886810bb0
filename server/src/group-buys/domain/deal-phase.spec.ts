import { dealPhase } from './deal-phase';

describe('a group-buy deal’s phase', () => {
  const deal = {
    status: 'active' as const,
    startsAt: new Date('2026-05-01T00:00:00Z'),
    endsAt: new Date('2026-05-08T00:00:00Z'),
  };

  it('is scheduled before its start, live from its start, ended from its end (half-open window)', () => {
    expect(dealPhase(deal, new Date('2026-04-30T23:59:59.999Z'))).toBe('scheduled');
    expect(dealPhase(deal, new Date('2026-05-01T00:00:00Z'))).toBe('live');
    expect(dealPhase(deal, new Date('2026-05-07T23:59:59.999Z'))).toBe('live');
    expect(dealPhase(deal, new Date('2026-05-08T00:00:00Z'))).toBe('ended');
  });

  it('is closed once staff closed it, whatever the time', () => {
    for (const at of ['2026-04-01T00:00:00Z', '2026-05-03T00:00:00Z', '2026-06-01T00:00:00Z']) {
      expect(dealPhase({ ...deal, status: 'closed' }, new Date(at))).toBe('closed');
    }
  });
});
