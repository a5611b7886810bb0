import { median, serviceFigures, type TicketFacts } from './service-figures';

const at = (iso: string) => new Date(iso);
const ticket = (over: Partial<TicketFacts>): TicketFacts => ({
  status: 'open',
  openedAt: at('2026-03-01T00:00:00Z'),
  dueAt: at('2026-03-01T02:00:00Z'),
  ...over,
});

describe('median', () => {
  it('is the middle value, the mean of the middle two, or null', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 30, 20])).toBe(25);
  });
});

describe('HQ service figures', () => {
  const now = at('2026-03-01T03:00:00Z');

  it('counts open, breached and escalated tickets and the median minutes to a first reply', () => {
    const figures = serviceFigures(
      [
        ticket({ storeCode: 'SH', firstReplyAt: at('2026-03-01T00:30:00Z'), status: 'answered' }),
        ticket({ storeCode: 'SH', firstReplyAt: at('2026-03-01T02:30:00Z'), status: 'resolved' }),
        ticket({ storeCode: 'GZ', escalatedAt: at('2026-03-01T02:01:00Z') }),
        ticket({ storeCode: 'GZ', dueAt: at('2026-03-02T00:00:00Z') }),
      ],
      now,
    );
    expect(figures).toMatchObject({ open: 3, breached: 2, escalated: 1, medianFirstReplyMinutes: 90 });
  });

  it('gives the breach rate by store, worst first, online orders under an empty store code', () => {
    const figures = serviceFigures(
      [
        ticket({ storeCode: 'SH', firstReplyAt: at('2026-03-01T00:10:00Z') }),
        ticket({ storeCode: 'SH' }),
        ticket({ storeCode: 'GZ' }),
        ticket({ dueAt: at('2026-03-09T00:00:00Z') }),
      ],
      now,
    );
    expect(figures.byStore).toEqual([
      { storeCode: 'GZ', tickets: 1, breached: 1, breachRate: 1 },
      { storeCode: 'SH', tickets: 2, breached: 1, breachRate: 0.5 },
      { storeCode: '', tickets: 1, breached: 0, breachRate: 0 },
    ]);
  });

  it('is all zeros with no median for no tickets', () => {
    expect(serviceFigures([], now)).toEqual({ open: 0, breached: 0, escalated: 0, medianFirstReplyMinutes: null, byStore: [] });
  });
});
