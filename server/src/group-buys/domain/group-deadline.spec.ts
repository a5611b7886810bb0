import fc from 'fast-check';
import { groupDeadline, groupStatusAt } from './group-deadline';

describe('a group’s deadline', () => {
  const openedAt = new Date('2026-05-01T10:00:00Z');

  it('is the time limit after opening', () => {
    expect(groupDeadline(openedAt, 24 * 60, new Date('2026-05-31T00:00:00Z')).toISOString()).toBe('2026-05-02T10:00:00.000Z');
  });

  it('never outlives the deal', () => {
    expect(groupDeadline(openedAt, 24 * 60, new Date('2026-05-01T18:00:00Z')).toISOString()).toBe('2026-05-01T18:00:00.000Z');
  });

  it('always lies after opening and at or before both the time limit and the deal’s end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 10_080 }), fc.integer({ min: 1, max: 20 * 86_400_000 }), (minutes, endOffset) => {
        const dealEnd = new Date(openedAt.getTime() + endOffset);
        const deadline = groupDeadline(openedAt, minutes, dealEnd).getTime();
        return (
          deadline > openedAt.getTime() && deadline <= dealEnd.getTime() && deadline <= openedAt.getTime() + minutes * 60_000
        );
      }),
    );
  });
});

describe('a group’s status at a moment', () => {
  const deadline = new Date('2026-05-02T10:00:00Z');

  it('shows an open group past its deadline as failed, from the deadline itself on', () => {
    expect(groupStatusAt({ status: 'open', deadline }, new Date('2026-05-02T09:59:59.999Z'))).toBe('open');
    expect(groupStatusAt({ status: 'open', deadline }, deadline)).toBe('failed');
  });

  it('keeps a group that filled in time succeeded after its deadline', () => {
    expect(groupStatusAt({ status: 'succeeded', deadline }, new Date('2026-06-01T00:00:00Z'))).toBe('succeeded');
    expect(groupStatusAt({ status: 'failed', deadline }, new Date('2026-05-01T00:00:00Z'))).toBe('failed');
  });
});
