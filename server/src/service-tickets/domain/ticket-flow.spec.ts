import { SERVICE_TICKET_STATUSES } from '@memberloop/shared';
import { acceptsReplies, canClose, canResolve, inStaffScope } from './ticket-flow';

describe('a ticket’s course', () => {
  it('takes replies and a resolution while open or answered only', () => {
    expect(SERVICE_TICKET_STATUSES.filter(acceptsReplies)).toEqual(['open', 'answered']);
    expect(SERVICE_TICKET_STATUSES.filter(canResolve)).toEqual(['open', 'answered']);
  });

  it('is closed after it was resolved (again: nothing changes)', () => {
    expect(SERVICE_TICKET_STATUSES.filter(canClose)).toEqual(['resolved', 'closed']);
  });
});

describe('staff scope over tickets', () => {
  it('gives HQ every ticket, online orders included', () => {
    expect(inStaffScope({ role: 'hq', storeIds: [] }, undefined)).toBe(true);
    expect(inStaffScope({ role: 'hq', storeIds: [] }, 'SH-01')).toBe(true);
  });

  it('gives a manager the tickets of their stores only', () => {
    const manager = { role: 'manager' as const, storeIds: ['SH-01', 'SH-02'] };
    expect(inStaffScope(manager, 'SH-02')).toBe(true);
    expect(inStaffScope(manager, 'GZ-01')).toBe(false);
    expect(inStaffScope(manager, undefined)).toBe(false);
  });
});
