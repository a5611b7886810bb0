import { experimentExclusion } from './contact-eligibility';

describe('who an experiment may contact', () => {
  const now = new Date('2026-05-10T16:30:00Z'); // 00:30 Beijing, 11 May
  it('needs marketing consent', () => {
    expect(experimentExclusion({ marketingConsent: false, lastContactedAt: null, minDaysBetweenContacts: 0 }, now)).toBe(
      'no-marketing-consent',
    );
  });
  it('keeps the stage policy’s days between contacts', () => {
    const facts = { marketingConsent: true, minDaysBetweenContacts: 7 };
    expect(experimentExclusion({ ...facts, lastContactedAt: new Date('2026-05-04T16:31:00Z') }, now)).toBe('contacted-recently');
    expect(experimentExclusion({ ...facts, lastContactedAt: new Date('2026-05-03T16:30:00Z') }, now)).toBeNull();
    expect(experimentExclusion({ ...facts, lastContactedAt: null }, now)).toBeNull();
  });
});
