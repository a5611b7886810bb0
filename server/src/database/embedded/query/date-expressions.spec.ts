import { Decimal128, Double, Long, ObjectId, Timestamp } from 'bson';
import type { Document } from '../contracts';
import { compileNative } from './native-expression';
import { dateAdd, dateDiff, dateTrunc, timeZoneNamed } from './time-zones';

const now = new Date('2024-05-01T00:00:00Z');

/** Evaluates natively; reaching mingo (the fallback) fails the test. */
function evaluate(expr: unknown, doc: Document = {}): unknown {
  return compileNative(expr, {
    now,
    fallback: (sub) => {
      throw new Error(`fell back to mingo for ${JSON.stringify(sub)}`);
    },
  })(doc);
}

function code(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: number }).code;
  }
  return undefined;
}

const d = (s: string) => new Date(s);

describe('date part operators (manual: $year … $isoDayOfWeek)', () => {
  const date = d('2014-01-01T08:15:39.736Z');
  it('reads each part in UTC as the manual example does', () => {
    const parts = [
      '$year',
      '$month',
      '$dayOfMonth',
      '$hour',
      '$minute',
      '$second',
      '$millisecond',
      '$dayOfYear',
      '$dayOfWeek',
      '$week',
    ];
    expect(parts.map((op) => evaluate({ [op]: '$date' }, { date }))).toEqual([2014, 1, 1, 8, 15, 39, 736, 1, 4, 0]);
  });

  it('reads ISO weeks: 2016-01-01 is in week 53 of 2015, a Friday; $isoWeekYear is a long', () => {
    const doc = { date: d('2016-01-01T00:00:00Z') };
    expect(evaluate({ $isoWeek: '$date' }, doc)).toBe(53);
    expect(evaluate({ $isoWeekYear: '$date' }, doc)).toEqual(Long.fromNumber(2015));
    expect(evaluate({ $isoDayOfWeek: '$date' }, doc)).toBe(5);
  });

  it('takes { date, timezone } with Olson names and UTC offsets (Asia/Shanghai is UTC+8)', () => {
    const doc = { date: d('2024-01-31T20:00:00Z') };
    expect(evaluate({ $month: { date: '$date', timezone: 'Asia/Shanghai' } }, doc)).toBe(2);
    expect(evaluate({ $dayOfMonth: { date: '$date', timezone: 'Asia/Shanghai' } }, doc)).toBe(1);
    expect(evaluate({ $hour: { date: '$date', timezone: '+08:00' } }, doc)).toBe(4);
    expect(evaluate({ $hour: { date: '$date', timezone: '+0530' } }, doc)).toBe(1);
    expect(evaluate({ $minute: { date: '$date', timezone: '+0530' } }, doc)).toBe(30);
    expect(evaluate({ $hour: { date: '$date', timezone: '-03' } }, doc)).toBe(17);
    // New York observes daylight saving time: EDT (UTC-4) in July.
    expect(evaluate({ $hour: { date: d('2024-07-01T12:00:00Z'), timezone: 'America/New_York' } })).toBe(8);
    expect(evaluate({ $hour: { date: d('2024-01-01T12:00:00Z'), timezone: 'America/New_York' } })).toBe(7);
  });

  it('accepts [date], Timestamps and ObjectIds; null, missing or a null timezone give null', () => {
    expect(evaluate({ $year: ['$date'] }, { date: d('2020-02-02T00:00:00Z') })).toBe(2020);
    expect(evaluate({ $year: new Timestamp({ t: 1700000000, i: 1 }) })).toBe(2023);
    expect(evaluate({ $year: ObjectId.createFromTime(1700000000) })).toBe(2023);
    expect(evaluate({ $year: '$missing' })).toBeNull();
    expect(evaluate({ $year: null })).toBeNull();
    expect(evaluate({ $year: { date: d('2020-01-01T00:00:00Z'), timezone: null } })).toBeNull();
  });

  it('fails as mongod: 16006 for a non-date, 40517 for a non-string timezone, 40485 for an unknown one, 40535 / 40539 for bad options', () => {
    expect(code(() => evaluate({ $year: 'not a date' }))).toBe(16006);
    expect(code(() => evaluate({ $year: 5 }))).toBe(16006);
    expect(code(() => evaluate({ $year: { date: now, timezone: 8 } }))).toBe(40517);
    expect(code(() => evaluate({ $year: { date: now, timezone: 'Mars/Olympus' } }))).toBe(40485);
    expect(code(() => evaluate({ $year: { date: now, timezone: 'asia/shanghai' } }))).toBe(40485);
    expect(code(() => evaluate({ $year: { date: now, timezone: '+8' } }))).toBe(40485);
    expect(code(() => evaluate({ $year: { date: now, tz: 'UTC' } }))).toBe(40535);
    expect(code(() => evaluate({ $year: { timezone: 'UTC' } }))).toBe(40539);
  });
});

describe('$dateToString', () => {
  const date = d('2014-01-01T08:15:39.736Z');
  it('formats the manual examples', () => {
    expect(evaluate({ $dateToString: { format: '%Y-%m-%d', date } })).toBe('2014-01-01');
    expect(evaluate({ $dateToString: { format: '%H:%M:%S:%L%z', date, timezone: 'America/New_York' } })).toBe(
      '03:15:39:736-0500',
    );
    expect(evaluate({ $dateToString: { format: '%Z', date, timezone: 'America/New_York' } })).toBe('-300');
    expect(evaluate({ $dateToString: { format: '%Z %z', date, timezone: 'Asia/Shanghai' } })).toBe('480 +0800');
    expect(evaluate({ $dateToString: { format: '%j %w %u %U %V %G %% %b %B', date } })).toBe('001 4 3 00 01 2014 % Jan January');
  });

  it('defaults to ISO with Z in UTC and without Z in another zone', () => {
    expect(evaluate({ $dateToString: { date } })).toBe('2014-01-01T08:15:39.736Z');
    expect(evaluate({ $dateToString: { date, timezone: 'Asia/Shanghai' } })).toBe('2014-01-01T16:15:39.736');
  });

  it('gives onNull (default null) for a nullish date, null for a null format or timezone', () => {
    expect(evaluate({ $dateToString: { date: '$x' } })).toBeNull();
    expect(evaluate({ $dateToString: { date: '$x', onNull: 'none' } })).toBe('none');
    expect(evaluate({ $dateToString: { date, format: '$x' } })).toBeNull();
    expect(evaluate({ $dateToString: { date, timezone: null } })).toBeNull();
  });

  it('refuses bad formats and arguments with mongod codes', () => {
    expect(code(() => evaluate({ $dateToString: { date, format: '%Q' } }))).toBe(18536);
    expect(code(() => evaluate({ $dateToString: { date, format: '%Y%' } }))).toBe(18535);
    expect(code(() => evaluate({ $dateToString: { date, format: 5 } }))).toBe(18533);
    expect(code(() => evaluate({ $dateToString: { format: '%Y' } }))).toBe(18628);
    expect(code(() => evaluate({ $dateToString: { date, bogus: 1 } }))).toBe(18534);
    expect(code(() => evaluate({ $dateToString: { date: 'x' } }))).toBe(16006);
    expect(code(() => evaluate({ $dateToString: { date: d('-000100-01-01T00:00:00Z') } }))).toBe(18537);
  });
});

describe('$dateFromString / $toDate', () => {
  it('parses the manual examples', () => {
    expect(evaluate({ $dateFromString: { dateString: '2017-02-08T12:10:40.787', timezone: 'America/New_York' } })).toEqual(
      d('2017-02-08T17:10:40.787Z'),
    );
    expect(evaluate({ $dateFromString: { dateString: '2017-02-08' } })).toEqual(d('2017-02-08T00:00:00Z'));
    expect(evaluate({ $dateFromString: { dateString: '15-06-2018', format: '%d-%m-%Y' } })).toEqual(d('2018-06-15T00:00:00Z'));
    expect(evaluate({ $dateFromString: { dateString: '2017-02-08T12:10:40+08:00' } })).toEqual(d('2017-02-08T04:10:40Z'));
    expect(evaluate({ $dateFromString: { dateString: '2024-02-01 08:00', timezone: 'Asia/Shanghai' } })).toEqual(
      d('2024-02-01T00:00:00Z'),
    );
    expect(evaluate({ $dateFromString: { dateString: '2024-035', format: '%Y-%j' } })).toEqual(d('2024-02-04T00:00:00Z'));
    expect(evaluate({ $dateFromString: { dateString: '2017 6 3', format: '%G %V %u' } })).toEqual(d('2017-02-08T00:00:00Z'));
  });

  it('uses onError for a parse failure and onNull for a nullish string', () => {
    expect(evaluate({ $dateFromString: { dateString: '20177-02-09T03:35:02.055', onError: 'bad' } })).toBe('bad');
    expect(evaluate({ $dateFromString: { dateString: 5, onError: 'bad' } })).toBe('bad');
    expect(evaluate({ $dateFromString: { dateString: '$x', onNull: 'none' } })).toBe('none');
    expect(evaluate({ $dateFromString: { dateString: '$x' } })).toBeNull();
  });

  it('fails with ConversionFailure 241 without onError, and refuses a zone in the string with a timezone argument', () => {
    expect(code(() => evaluate({ $dateFromString: { dateString: 'yesterday' } }))).toBe(241);
    expect(code(() => evaluate({ $dateFromString: { dateString: '2017-02-30' } }))).toBe(241);
    expect(code(() => evaluate({ $dateFromString: { dateString: '2017-02-08T00:00:00Z', timezone: 'Asia/Shanghai' } }))).toBe(
      241,
    );
    expect(code(() => evaluate({ $dateFromString: { dateString: '2017-02-08T00:00:00+01:00', timezone: '+02:00' } }))).toBe(241);
    expect(code(() => evaluate({ $dateFromString: { dateString: '12:00', format: '%H:%M' } }))).toBe(241);
    expect(code(() => evaluate({ $dateFromString: { dateString: '2017', format: '%w' } }))).toBe(18536);
    expect(code(() => evaluate({ $dateFromString: { format: '%Y' } }))).toBe(40542);
    expect(code(() => evaluate({ $dateFromString: { dateString: '2017', format: 5 } }))).toBe(40684);
    expect(code(() => evaluate({ $dateFromString: { dateString: '2017', format: '$n' } }, { n: 5 }))).toBe(40684);
    expect(evaluate({ $dateFromString: { dateString: '2017', format: '$missing' } })).toBeNull();
  });

  it('$toDate converts strings, longs, doubles (truncated), decimals, ObjectIds and Timestamps; not ints', () => {
    expect(evaluate({ $toDate: '2018-03-03' })).toEqual(d('2018-03-03T00:00:00Z'));
    expect(evaluate({ $toDate: Long.fromNumber(1253372036000) })).toEqual(d('2009-09-19T14:53:56Z'));
    expect(evaluate({ $toDate: 1.9 })).toEqual(d('1970-01-01T00:00:00.001Z'));
    expect(evaluate({ $toDate: Decimal128.fromString('1.9') })).toEqual(d('1970-01-01T00:00:00.001Z'));
    expect(evaluate({ $toDate: ObjectId.createFromHexString('0123456789abcdef01234567') })).toEqual(d('1970-08-09T22:25:43Z'));
    expect(evaluate({ $toDate: null })).toBeNull();
    expect(code(() => evaluate({ $toDate: 5 }))).toBe(241);
    expect(code(() => evaluate({ $toDate: 'nope' }))).toBe(241);
  });
});

describe('$dateToParts / $dateFromParts', () => {
  const date = d('2017-01-01T01:29:09.123Z');
  it('splits a date (manual example), in a zone and as ISO week parts', () => {
    expect(evaluate({ $dateToParts: { date } })).toEqual({
      year: 2017,
      month: 1,
      day: 1,
      hour: 1,
      minute: 29,
      second: 9,
      millisecond: 123,
    });
    expect(evaluate({ $dateToParts: { date, timezone: 'America/New_York' } })).toEqual({
      year: 2016,
      month: 12,
      day: 31,
      hour: 20,
      minute: 29,
      second: 9,
      millisecond: 123,
    });
    expect(evaluate({ $dateToParts: { date, iso8601: true } })).toEqual({
      isoWeekYear: 2016,
      isoWeek: 52,
      isoDayOfWeek: 7,
      hour: 1,
      minute: 29,
      second: 9,
      millisecond: 123,
    });
    expect(evaluate({ $dateToParts: { date: '$x' } })).toBeNull();
    expect(code(() => evaluate({ $dateToParts: { date, iso8601: 'yes' } }))).toBe(40521);
  });

  it('builds dates (manual examples), carrying overflowing parts as mongod does', () => {
    expect(evaluate({ $dateFromParts: { year: 2017, month: 2, day: 8, hour: 12 } })).toEqual(d('2017-02-08T12:00:00Z'));
    expect(evaluate({ $dateFromParts: { isoWeekYear: 2017, isoWeek: 6, isoDayOfWeek: 3, hour: 12 } })).toEqual(
      d('2017-02-08T12:00:00Z'),
    );
    expect(
      evaluate({
        $dateFromParts: { year: 2016, month: 12, day: 31, hour: 23, minute: 46, second: 12, timezone: 'America/New_York' },
      }),
    ).toEqual(d('2017-01-01T04:46:12Z'));
    expect(evaluate({ $dateFromParts: { year: 2017, month: 14, day: 1, hour: 12 } })).toEqual(d('2018-02-01T12:00:00Z'));
    expect(evaluate({ $dateFromParts: { year: 2017, month: 3, day: 0 } })).toEqual(d('2017-02-28T00:00:00Z'));
    expect(evaluate({ $dateFromParts: { year: 2024, month: 2, day: 1, timezone: 'Asia/Shanghai' } })).toEqual(
      d('2024-01-31T16:00:00Z'),
    );
    expect(evaluate({ $dateFromParts: { year: 2017, month: new Double(2), day: Long.fromNumber(8) } })).toEqual(
      d('2017-02-08T00:00:00Z'),
    );
    expect(evaluate({ $dateFromParts: { year: 2017, month: '$x' } })).toBeNull();
  });

  it('refuses bad parts with mongod codes', () => {
    expect(code(() => evaluate({ $dateFromParts: { year: 2017.5 } }))).toBe(40515);
    expect(code(() => evaluate({ $dateFromParts: { year: 10000 } }))).toBe(40523);
    expect(code(() => evaluate({ $dateFromParts: { year: 2017, month: 40000 } }))).toBe(31034);
    expect(code(() => evaluate({ $dateFromParts: { year: 2017, isoWeek: 1 } }))).toBe(40489);
    expect(code(() => evaluate({ $dateFromParts: { month: 1 } }))).toBe(40516);
    expect(code(() => evaluate({ $dateFromParts: { year: 2017, when: 1 } }))).toBe(40518);
  });
});

describe('$dateAdd / $dateSubtract / $dateDiff / $dateTrunc', () => {
  it('adds calendar units in the zone (month ends clamp) and clock units to the instant', () => {
    expect(evaluate({ $dateAdd: { startDate: d('2021-01-31T00:00:00Z'), unit: 'month', amount: 1 } })).toEqual(
      d('2021-02-28T00:00:00Z'),
    );
    expect(evaluate({ $dateAdd: { startDate: d('2020-02-29T00:00:00Z'), unit: 'year', amount: 1 } })).toEqual(
      d('2021-02-28T00:00:00Z'),
    );
    expect(evaluate({ $dateAdd: { startDate: d('2020-01-15T00:00:00Z'), unit: 'quarter', amount: -1 } })).toEqual(
      d('2019-10-15T00:00:00Z'),
    );
    // Across New York's spring-forward: a day keeps the local hour, an hour moves the instant.
    expect(
      evaluate({ $dateAdd: { startDate: d('2021-03-13T17:00:00Z'), unit: 'day', amount: 1, timezone: 'America/New_York' } }),
    ).toEqual(d('2021-03-14T16:00:00Z'));
    expect(
      evaluate({ $dateAdd: { startDate: d('2020-11-01T05:50:02Z'), unit: 'hour', amount: 1, timezone: 'America/New_York' } }),
    ).toEqual(d('2020-11-01T06:50:02Z'));
    // Month end in Shanghai: 2024-01-31 local + 1 month = 2024-02-29 local.
    expect(
      evaluate({ $dateAdd: { startDate: d('2024-01-30T16:00:00Z'), unit: 'month', amount: 1, timezone: 'Asia/Shanghai' } }),
    ).toEqual(d('2024-02-28T16:00:00Z'));
    expect(
      evaluate({ $dateSubtract: { startDate: d('2021-03-31T00:00:00Z'), unit: 'week', amount: Long.fromNumber(2) } }),
    ).toEqual(d('2021-03-17T00:00:00Z'));
    expect(evaluate({ $dateAdd: { startDate: '$x', unit: 'day', amount: 1 } })).toBeNull();
    expect(evaluate({ $dateAdd: { startDate: now, unit: 'day', amount: null } })).toBeNull();
  });

  it('$dateAdd errors: 5166403 non-date start, 5166405 fractional amount, 9 unknown unit, 5439013 non-string unit', () => {
    expect(code(() => evaluate({ $dateAdd: { startDate: 'x', unit: 'day', amount: 1 } }))).toBe(5166403);
    expect(code(() => evaluate({ $dateAdd: { startDate: now, unit: 'day', amount: 1.5 } }))).toBe(5166405);
    expect(code(() => evaluate({ $dateAdd: { startDate: now, unit: 'fortnight', amount: 1 } }))).toBe(9);
    expect(code(() => evaluate({ $dateAdd: { startDate: now, unit: 1, amount: 1 } }))).toBe(5439013);
    expect(code(() => evaluate({ $dateAdd: { startDate: now, unit: 'day' } }))).toBe(5166402);
  });

  it('$dateDiff counts boundaries crossed, in the zone, as a long', () => {
    const diff = (a: string, b: string, unit: string, extra: Document = {}) =>
      evaluate({ $dateDiff: { startDate: d(a), endDate: d(b), unit, ...extra } });
    expect(diff('2020-12-31T00:00:00Z', '2021-01-05T00:00:00Z', 'day')).toEqual(Long.fromNumber(5));
    expect(diff('2021-01-31T23:00:00Z', '2021-02-01T01:00:00Z', 'month')).toEqual(Long.fromNumber(1));
    expect(diff('2020-12-31T23:59:59Z', '2021-01-01T00:00:00Z', 'year')).toEqual(Long.fromNumber(1));
    expect(diff('2021-01-01T00:00:00Z', '2021-07-01T00:00:00Z', 'quarter')).toEqual(Long.fromNumber(2));
    // 2024-01-31T16:30Z is 2024-02-01 00:30 in Shanghai: one day (and month) after 2024-01-31T15:30Z there.
    expect(diff('2024-01-31T15:30:00Z', '2024-01-31T16:30:00Z', 'day', { timezone: 'Asia/Shanghai' })).toEqual(
      Long.fromNumber(1),
    );
    expect(diff('2024-01-31T15:30:00Z', '2024-01-31T16:30:00Z', 'day')).toEqual(Long.fromNumber(0));
    // Weeks start on Sunday by default; 2024-01-06 is a Saturday.
    expect(diff('2024-01-06T00:00:00Z', '2024-01-07T00:00:00Z', 'week')).toEqual(Long.fromNumber(1));
    expect(diff('2024-01-06T00:00:00Z', '2024-01-07T00:00:00Z', 'week', { startOfWeek: 'monday' })).toEqual(Long.fromNumber(0));
    expect(diff('2024-01-01T00:00:00Z', '2023-12-31T00:00:00Z', 'day')).toEqual(Long.fromNumber(-1));
    expect(diff('2024-01-01T00:00:00.500Z', '2024-01-01T00:00:01.250Z', 'millisecond')).toEqual(Long.fromNumber(750));
    expect(diff('2024-01-01T00:59:59Z', '2024-01-01T01:00:00Z', 'hour')).toEqual(Long.fromNumber(1));
    expect(code(() => diff('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', 'week', { startOfWeek: 'someday' }))).toBe(5439016);
    expect(code(() => evaluate({ $dateDiff: { startDate: 1, endDate: now, unit: 'day' } }))).toBe(5166307);
    expect(evaluate({ $dateDiff: { startDate: now, endDate: '$x', unit: 'day' } })).toBeNull();
  });

  it('$dateTrunc bins from 2000-01-01 in the zone (manual example: 2-week bins starting Monday in Los Angeles)', () => {
    const trunc = (date: string) =>
      evaluate({
        $dateTrunc: { date: d(date), unit: 'week', binSize: 2, timezone: 'America/Los_Angeles', startOfWeek: 'Monday' },
      });
    expect(trunc('2020-05-18T14:10:30Z')).toEqual(d('2020-05-11T07:00:00Z'));
    expect(trunc('2021-03-20T11:30:05Z')).toEqual(d('2021-03-15T07:00:00Z'));
    expect(trunc('2021-01-11T06:31:15Z')).toEqual(d('2021-01-04T08:00:00Z'));
    expect(trunc('2020-02-08T13:13:23Z')).toEqual(d('2020-02-03T08:00:00Z'));
    expect(evaluate({ $dateTrunc: { date: d('2024-01-31T20:00:00Z'), unit: 'month', timezone: 'Asia/Shanghai' } })).toEqual(
      d('2024-01-31T16:00:00Z'),
    );
    expect(evaluate({ $dateTrunc: { date: d('2024-01-31T20:00:00Z'), unit: 'day', timezone: 'Asia/Shanghai' } })).toEqual(
      d('2024-01-31T16:00:00Z'),
    );
    expect(evaluate({ $dateTrunc: { date: d('2024-05-17T20:47:00Z'), unit: 'hour', binSize: 6 } })).toEqual(
      d('2024-05-17T18:00:00Z'),
    );
    expect(evaluate({ $dateTrunc: { date: d('2024-05-17T20:47:00Z'), unit: 'hour', timezone: '+05:30' } })).toEqual(
      d('2024-05-17T20:30:00Z'),
    );
    expect(evaluate({ $dateTrunc: { date: d('2024-08-17T20:47:00Z'), unit: 'quarter' } })).toEqual(d('2024-07-01T00:00:00Z'));
    expect(evaluate({ $dateTrunc: { date: d('2024-08-17T20:47:00Z'), unit: 'year', binSize: 5 } })).toEqual(
      d('2020-01-01T00:00:00Z'),
    );
    expect(code(() => evaluate({ $dateTrunc: { date: now, unit: 'day', binSize: 0 } }))).toBe(5439018);
    expect(code(() => evaluate({ $dateTrunc: { date: now, unit: 'day', binSize: 1.5 } }))).toBe(5439017);
    expect(code(() => evaluate({ $dateTrunc: { date: now, unit: 'day', timezone: 'Nowhere/Land' } }))).toBe(40485);
  });

  it('switches offset at the transition instant on a daylight-saving day (offsets are memoised per day otherwise)', () => {
    const hour = (iso: string) => evaluate({ $hour: { date: d(iso), timezone: 'America/New_York' } });
    // 2021-03-14: 02:00 EST becomes 03:00 EDT at 07:00Z; 2021-11-07: 02:00 EDT becomes 01:00 EST at 06:00Z.
    expect([
      hour('2021-03-14T05:00:00Z'),
      hour('2021-03-14T06:59:59Z'),
      hour('2021-03-14T07:00:00Z'),
      hour('2021-03-14T20:00:00Z'),
    ]).toEqual([0, 1, 3, 16]);
    expect([hour('2021-11-07T05:59:59Z'), hour('2021-11-07T06:00:00Z'), hour('2021-11-07T20:00:00Z')]).toEqual([1, 1, 15]);
    expect(
      evaluate({ $dateToString: { date: d('2021-11-07T05:30:00Z'), format: '%H:%M %z', timezone: 'America/New_York' } }),
    ).toBe('01:30 -0400');
    expect(
      evaluate({ $dateToString: { date: d('2021-11-07T06:30:00Z'), format: '%H:%M %z', timezone: 'America/New_York' } }),
    ).toBe('01:30 -0500');
  });

  it('time-zone helpers agree with each other over a year of Shanghai and New York dates', () => {
    for (const name of ['Asia/Shanghai', 'America/New_York']) {
      const zone = timeZoneNamed(name);
      for (let ms = Date.UTC(2021, 0, 1); ms < Date.UTC(2022, 0, 1); ms += 37 * 3600000 + 123) {
        const day = dateTrunc(ms, 'day', 1, zone);
        expect(dateDiff(day, ms, 'day', zone)).toBe(0);
        expect(dateDiff(day, dateAdd(day, 'day', 1, zone), 'day', zone)).toBe(1);
        expect(dateTrunc(dateAdd(day, 'day', 1, zone), 'day', 1, zone)).toBe(dateAdd(day, 'day', 1, zone));
      }
    }
  });
});
