import type { CouponPackInput } from '@memberloop/shared';
import { AppError } from '../../common/errors/app-error';
import { checkPackInput, isTargeted, packCouponKey, packExclusion, packStatus } from './coupon-pack-rules';

const now = new Date('2026-12-03T04:00:00Z');
const DAY = 86_400_000;

describe('coupon pack targeting', () => {
  it('takes every member when no tiers or regions are set', () => {
    expect(isTargeted({}, { tierCode: 'silver' })).toBe(true);
  });

  it('takes only the listed tiers and regions; a region list leaves out members with none', () => {
    const targeting = { tierCodes: ['gold'], regions: ['上海'] };
    expect(isTargeted(targeting, { tierCode: 'gold', region: '上海' })).toBe(true);
    expect(isTargeted(targeting, { tierCode: 'silver', region: '上海' })).toBe(false);
    expect(isTargeted(targeting, { tierCode: 'gold', region: '北京' })).toBe(false);
    expect(isTargeted(targeting, { tierCode: 'gold' })).toBe(false);
  });
});

describe('who may be sent a pack', () => {
  it('nobody without marketing consent, whatever the cap says', () => {
    expect(packExclusion({ marketingConsent: false, lastContactedAt: null, minDaysBetweenContacts: 0 }, now)).toBe('no-consent');
  });

  it('nobody contacted within the stage policy’s days; the day after the cap they are', () => {
    const facts = { marketingConsent: true, minDaysBetweenContacts: 7 };
    expect(packExclusion({ ...facts, lastContactedAt: new Date(now.getTime() - 6 * DAY) }, now)).toBe('contacted-recently');
    expect(packExclusion({ ...facts, lastContactedAt: new Date(now.getTime() - 7 * DAY) }, now)).toBeNull();
    expect(packExclusion({ ...facts, lastContactedAt: null }, now)).toBeNull();
    expect(packExclusion({ ...facts, minDaysBetweenContacts: 0, lastContactedAt: now }, now)).toBeNull();
  });
});

describe('checks of a new pack', () => {
  const input: CouponPackInput = {
    name: '双11 券包',
    templateIds: ['0123456789abcdef01234567'],
    startsAt: '2026-10-31T16:00:00.000Z',
    endsAt: '2026-11-11T16:00:00.000Z',
  };
  const refusal = (f: () => void) => {
    try {
      f();
    } catch (error) {
      return error as AppError;
    }
    throw new Error('not refused');
  };

  it('refuses a window already over, naming the field', () => {
    const error = refusal(() => checkPackInput(input, now, ['silver']));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toMatchObject({ reason: 'window-over', issues: [{ path: 'body.endsAt' }] });
  });

  it('refuses tiers not on the ladder', () => {
    const later = { ...input, startsAt: '2027-10-31T16:00:00.000Z', endsAt: '2027-11-11T16:00:00.000Z' };
    const error = refusal(() => checkPackInput({ ...later, tierCodes: ['gold', 'mars'] }, now, ['silver', 'gold']));
    expect(error.details).toMatchObject({ reason: 'unknown-tier', unknown: ['mars'] });
    expect(() => checkPackInput({ ...later, tierCodes: ['gold'] }, now, ['silver', 'gold'])).not.toThrow();
  });
});

describe('pack status and keys', () => {
  const pack = { startsAt: new Date('2026-12-07T16:00:00Z'), endsAt: new Date('2026-12-08T16:00:00Z') };
  it('is scheduled, running, ended, or retired', () => {
    expect(packStatus(pack, new Date('2026-12-07T15:59:59Z'))).toBe('scheduled');
    expect(packStatus(pack, new Date('2026-12-07T16:00:00Z'))).toBe('running');
    expect(packStatus(pack, new Date('2026-12-08T16:00:00Z'))).toBe('ended');
    expect(packStatus({ ...pack, retiredAt: now }, now)).toBe('retired');
  });

  it('keys a coupon by pack, occurrence, member and template', () => {
    expect(packCouponKey('p', '2026-12-08', 'm', 't')).toBe('festival:p:2026-12-08:m:t');
    expect(packCouponKey('p', '2027-01-08', 'm', 't')).not.toBe(packCouponKey('p', '2026-12-08', 'm', 't'));
  });
});
