import { whyJoinRefused, whyOpenRefused } from './refusals';

describe('why a member cannot open a group', () => {
  it('opens only on a live deal, and says GROUP_CLOSED otherwise', () => {
    expect(whyOpenRefused('live')).toBeNull();
    expect(whyOpenRefused('scheduled')).toMatchObject({ code: 'GROUP_CLOSED', message: expect.stringMatching(/not started/) });
    expect(whyOpenRefused('ended')).toMatchObject({ code: 'GROUP_CLOSED', message: expect.stringMatching(/ended/) });
    expect(whyOpenRefused('closed')).toMatchObject({ code: 'GROUP_CLOSED', message: expect.stringMatching(/closed/) });
  });
});

describe('why a member cannot join a group', () => {
  const now = new Date('2026-05-01T12:00:00Z');
  const open = {
    status: 'open' as const,
    deadline: new Date('2026-05-01T13:00:00Z'),
    seatsLeft: 2,
    memberIds: ['leader', 'friend'],
  };

  it('lets a newcomer into an open group with a seat before its deadline', () => {
    expect(whyJoinRefused(open, 'live', 'newcomer', now)).toBeNull();
  });

  it('refuses a member who is already in (the leader too) before anything else', () => {
    expect(whyJoinRefused(open, 'live', 'leader', now)?.code).toBe('ALREADY_DONE');
    expect(whyJoinRefused({ ...open, status: 'succeeded', seatsLeft: 0 }, 'live', 'friend', now)?.code).toBe('ALREADY_DONE');
    expect(whyJoinRefused({ ...open, status: 'failed' }, 'closed', 'friend', now)?.code).toBe('ALREADY_DONE');
  });

  it('says GROUP_FULL for a filled group, even after its deadline', () => {
    expect(whyJoinRefused({ ...open, status: 'succeeded', seatsLeft: 0 }, 'live', 'newcomer', now)?.code).toBe('GROUP_FULL');
    expect(whyJoinRefused({ ...open, seatsLeft: 0 }, 'live', 'newcomer', now)?.code).toBe('GROUP_FULL');
    expect(
      whyJoinRefused({ ...open, status: 'succeeded', seatsLeft: 0 }, 'ended', 'newcomer', new Date('2026-06-01T00:00:00Z'))?.code,
    ).toBe('GROUP_FULL');
  });

  it('says GROUP_CLOSED for a failed group, an open one at or past its deadline, or a closed deal', () => {
    expect(whyJoinRefused({ ...open, status: 'failed' }, 'live', 'newcomer', now)?.code).toBe('GROUP_CLOSED');
    expect(whyJoinRefused(open, 'live', 'newcomer', open.deadline)?.code).toBe('GROUP_CLOSED');
    expect(whyJoinRefused(open, 'closed', 'newcomer', now)?.code).toBe('GROUP_CLOSED');
    expect(whyJoinRefused(open, 'ended', 'newcomer', now)?.code).toBe('GROUP_CLOSED');
  });
});
