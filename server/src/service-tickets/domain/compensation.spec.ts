import { DEFAULT_SERVICE_TICKET_RULES } from '@memberloop/shared';
import { compensationRefusal } from './compensation';

const caps = DEFAULT_SERVICE_TICKET_RULES.pointsCap;
const base = { actorId: 'staff', memberId: 'member', caps };

describe('what staff may give on a ticket', () => {
  it('lets a manager give up to 500 points and HQ up to 5000', () => {
    expect(compensationRefusal({ ...base, actorRole: 'manager', points: 500 })).toBeUndefined();
    expect(compensationRefusal({ ...base, actorRole: 'hq', points: 5000 })).toBeUndefined();
    expect(compensationRefusal({ ...base, actorRole: 'manager', points: 0 })).toBeUndefined();
  });

  it('refuses above the role cap with a stable code and the cap', () => {
    expect(compensationRefusal({ ...base, actorRole: 'manager', points: 501 })).toMatchObject({
      code: 'COMPENSATION_OVER_CAP',
      details: { cap: 500, asked: 501 },
    });
    expect(compensationRefusal({ ...base, actorRole: 'hq', points: 5001 })?.code).toBe('COMPENSATION_OVER_CAP');
  });

  it('refuses any compensation of the staff member’s own account, even within the cap', () => {
    expect(compensationRefusal({ ...base, memberId: 'staff', actorRole: 'hq', points: 1 })).toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'OWN_ACCOUNT' },
    });
  });

  it('follows the caps HQ saved', () => {
    const strict = { manager: 0, hq: 100 };
    expect(compensationRefusal({ ...base, caps: strict, actorRole: 'manager', points: 1 })?.code).toBe('COMPENSATION_OVER_CAP');
    expect(compensationRefusal({ ...base, caps: strict, actorRole: 'hq', points: 100 })).toBeUndefined();
  });
});
