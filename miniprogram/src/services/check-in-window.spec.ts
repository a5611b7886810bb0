import type { ActivityView } from '@memberloop/shared';
import { checkInPhase } from './check-in-window';

const at = (local: string) => new Date(local).toISOString();
const NOW = Date.parse(at('2026-11-21T10:00:00'));
const activity = (over: Partial<ActivityView> = {}) => ({
  status: 'published' as const,
  startsAt: at('2026-11-22T14:00:00'),
  endsAt: at('2026-11-22T16:00:00'),
  ...over,
});

describe('check-in phase', () => {
  it('opens an hour before the start and closes at the end', () => {
    expect(checkInPhase(activity(), NOW)).toEqual({ phase: 'not-yet', opensAt: at('2026-11-22T13:00:00') });
    expect(checkInPhase(activity(), Date.parse(at('2026-11-22T13:00:00')))).toEqual({ phase: 'open' });
    expect(checkInPhase(activity(), Date.parse(at('2026-11-22T16:00:00')))).toEqual({ phase: 'closed' });
    expect(checkInPhase(activity({ status: 'cancelled' }), NOW)).toEqual({ phase: 'closed' });
  });
});
