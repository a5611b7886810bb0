import { CampaignInput, CouponPackInput, type CalendarEntry } from '@memberloop/shared';
import {
  applyBirthdayMonth,
  applyPreset,
  birthdayLine,
  entryText,
  monthCells,
  newCalendarDraft,
  reachQueryOf,
  requestBody,
  switchKind,
  toggleTemplate,
} from './calendar-form';

const ZONE = 'Asia/Shanghai';
// 3 December 2026, 00:30 Beijing: still 2 December in UTC.
const now = new Date('2026-12-02T16:30:00Z');
const T1 = '0123456789abcdef01234567';

describe('the calendar form', () => {
  it('starts tomorrow on the brand’s clock', () => {
    expect(newCalendarDraft(now, ZONE)).toMatchObject({ firstDay: '2026-12-04', lastDay: '2026-12-04', kind: 'multiplier' });
  });

  it('双11 fills the year the grid shows while it is to come, else next year’s', () => {
    const draft = newCalendarDraft(new Date('2026-06-01T00:00:00Z'), ZONE);
    const filled = applyPreset(draft, 'double-11', '2026-11', new Date('2026-06-01T00:00:00Z'), ZONE)!;
    expect(filled).toMatchObject({
      preset: 'double-11',
      name: '2026双11双倍积分',
      firstDay: '2026-11-01',
      lastDay: '2026-11-11',
    });
    const late = applyPreset(newCalendarDraft(now, ZONE), 'double-11', '2026-11', now, ZONE)!;
    expect(late).toMatchObject({ firstDay: '2027-11-01', lastDay: '2027-11-11', name: '2027双11双倍积分' });
    const body = requestBody(filled, ZONE);
    expect(body).toMatchObject({ startsAt: '2026-10-31T16:00:00.000Z', endsAt: '2026-11-11T16:00:00.000Z', multiplier: 2 });
    expect(CampaignInput.safeParse(body).success).toBe(true);
  });

  it('a running festival starts today, not in the past', () => {
    const during = new Date('2027-06-10T02:00:00Z');
    expect(applyPreset(newCalendarDraft(during, ZONE), '618', '2027-06', during, ZONE)).toMatchObject({
      firstDay: '2027-06-10',
      lastDay: '2027-06-18',
    });
  });

  it('the member day repeats monthly for a year, as a coupon pack or as double points', () => {
    const pack = applyPreset({ ...newCalendarDraft(now, ZONE), kind: 'coupon-pack' }, 'member-day', '2026-12', now, ZONE)!;
    expect(pack).toMatchObject({ firstDay: '2026-12-08', lastDay: '2027-11-08', memberDay: 8, name: '会员日券包' });
    const body = requestBody({ ...pack, templateIds: [T1] }, ZONE);
    expect(body).toMatchObject({ recurrence: { kind: 'monthly', dayOfMonth: 8 }, preset: 'member-day' });
    expect(CouponPackInput.safeParse(body).success).toBe(true);
    const multiplier = switchKind(pack, 'multiplier', '2026-12', now, ZONE);
    expect(multiplier).toMatchObject({ firstDay: '2026-12-08', lastDay: '2027-11-08', memberDay: 8, name: '会员日双倍积分' });
    const points = requestBody(multiplier, ZONE);
    expect(points).toMatchObject({ multiplier: 2, recurrence: { kind: 'monthly', dayOfMonth: 8 } });
    expect(CampaignInput.safeParse(points).success).toBe(true);
  });

  it('Spring Festival beyond the table has no dates', () => {
    const far = new Date('2035-03-01T00:00:00Z');
    expect(applyPreset(newCalendarDraft(far, ZONE), 'spring-festival', '2035-03', far, ZONE)).toBeNull();
  });

  it('holds at most five templates', () => {
    let draft = newCalendarDraft(now, ZONE);
    for (let i = 0; i < 5; i++) draft = toggleTemplate(draft, `${i}`.repeat(24))!;
    expect(toggleTemplate(draft, 'f'.repeat(24))).toBeNull();
    expect(toggleTemplate(draft, '0'.repeat(24))!.templateIds).toHaveLength(4);
  });

  it('sends the targeting to the reach preview', () => {
    expect(
      reachQueryOf({ ...newCalendarDraft(now, ZONE), kind: 'coupon-pack', tierCodes: ['gold'], regions: '上海，杭州' }),
    ).toEqual({
      kind: 'coupon-pack',
      tierCodes: 'gold',
      regions: '上海,杭州',
    });
  });
});

describe('the month grid', () => {
  const entry: CalendarEntry = {
    kind: 'coupon-pack',
    id: 'p',
    name: '双11券包',
    occurrence: 'once',
    templateCount: 2,
    startsAt: '2026-10-31T16:00:00.000Z',
    endsAt: '2026-11-11T16:00:00.000Z',
    status: 'scheduled',
  };

  it('puts a campaign on its Beijing days, Sunday first', () => {
    const cells = monthCells('2026-11', [entry], ZONE);
    // 1 November 2026 is a Sunday: no blank cells before it.
    expect(cells[0].day).toBe('2026-11-01');
    expect(cells[0].entries).toEqual([entry]);
    expect(cells[10].entries).toEqual([entry]);
    expect(cells[11].entries).toEqual([]);
    expect(
      monthCells('2026-12', [entry], ZONE)
        .slice(0, 2)
        .map((c) => c.day),
    ).toEqual([undefined, undefined]);
  });

  it('reads the entry in Chinese', () => {
    expect(entryText(entry)).toBe('券 双11券包');
    expect(entryText({ ...entry, name: '2027双11券包' })).toBe('券 双11券包');
    expect(entryText({ ...entry, name: '2027' })).toBe('券 2027');
    expect(entryText({ ...entry, kind: 'multiplier', multiplier: 2, name: '双倍' } as CalendarEntry)).toBe('×2 双倍');
  });

  describe('生日月 (each member’s birthday month)', () => {
    it('is a coupon pack from the 1st of next Beijing month for twelve months, sent with the birthday-month recurrence', () => {
      // 3 December Beijing (still 2 December in UTC): the pack starts 1 January.
      const draft = applyBirthdayMonth(newCalendarDraft(now, ZONE), now, ZONE);
      expect(draft).toMatchObject({
        kind: 'coupon-pack',
        birthdayMonth: true,
        name: '生日月券包',
        firstDay: '2027-01-01',
        lastDay: '2027-12-31',
      });
      expect(draft.preset).toBeUndefined();
      expect(draft.memberDay).toBeUndefined();
      const body = requestBody({ ...draft, templateIds: [T1], regions: '上海' }, ZONE);
      expect(body).toMatchObject({
        recurrence: { kind: 'birthday-month' },
        startsAt: '2026-12-31T16:00:00.000Z',
        endsAt: '2027-12-31T16:00:00.000Z',
        regions: ['上海'],
      });
      expect(body).not.toHaveProperty('preset');
      expect(CouponPackInput.safeParse(body).success).toBe(true);
      expect(reachQueryOf(draft)).toEqual({ kind: 'coupon-pack', recurrence: 'birthday-month' });
    });

    it('from a member day it drops the member day; a preset or switching to points drops the birthday month', () => {
      const memberDay = applyPreset(newCalendarDraft(now, ZONE), 'member-day', '2026-12', now, ZONE)!;
      const birthday = applyBirthdayMonth(memberDay, now, ZONE);
      expect(requestBody(birthday, ZONE).recurrence).toEqual({ kind: 'birthday-month' });
      const again = applyPreset(birthday, '618', '2026-12', now, ZONE)!;
      expect(again.birthdayMonth).toBeUndefined();
      expect(requestBody(again, ZONE)).not.toHaveProperty('recurrence');
      const points = switchKind(birthday, 'multiplier', '2026-12', now, ZONE);
      expect(points.birthdayMonth).toBeUndefined();
      expect(reachQueryOf(points)).toEqual({ kind: 'multiplier' });
      expect(requestBody(points, ZONE)).not.toHaveProperty('recurrence');
    });

    it('on the grid it is one line for the month, not an entry on each day', () => {
      const entries: CalendarEntry[] = [
        {
          kind: 'coupon-pack',
          id: 'b',
          name: '生日月券包',
          occurrence: 'birthday:2026-12',
          birthdayMonth: true,
          templateCount: 1,
          startsAt: '2026-11-30T16:00:00.000Z',
          endsAt: '2026-12-31T16:00:00.000Z',
          status: 'running',
        },
      ];
      expect(monthCells('2026-12', entries, ZONE).every((c) => c.entries.length === 0)).toBe(true);
      expect(birthdayLine(entries)).toBe('生日月券包');
      expect(birthdayLine([])).toBe('');
    });
  });
});
