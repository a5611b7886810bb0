import {
  CalendarMonth,
  CampaignReach,
  CouponPackList,
  CouponPackView,
  DEFAULT_BRAND_TIME_ZONE,
  festivalWindow,
  PurchaseIngestResult,
} from '@memberloop/shared';
import { getModelToken } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { Clock } from '../../server/src/common/clock/clock';
import { CouponsService } from '../../server/src/coupons/coupons.service';
import { packCouponKey } from '../../server/src/festival-calendar/domain/coupon-pack-rules';
import { CalendarPackSend } from '../../server/src/festival-calendar/schemas/calendar-coupon-pack.schema';
import { CouponPackSender } from '../../server/src/festival-calendar/coupon-pack-sender';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost, type IntegrationCredentials } from '../support/signed-request';

const ZONE = DEFAULT_BRAND_TIME_ZONE;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The suite's "now": 2027-03-07 23:00 Beijing, an hour before the member day of 8 March. */
const START = Date.parse('2027-03-07T15:00:00Z');
const REGION = '杭州';
const MEMBERS = 6;
const WITHOUT_CONSENT = new Set([4, 5]);

describe('HQ festival calendar: presets at Beijing midnight, overlap, coupon packs sent once', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let phones = 0;
  let orders = 0;
  const templateIds: string[] = [];
  const memberIds: string[] = [];

  const hq = async () => authorized(running, (await loginAsStaff(running, 'calendar-hq', 'hq')).accessToken);
  const memberApi = async (i: number) => authorized(running, (await loginAs(running, `calendar-member-${i}`)).accessToken);
  const now = () => running.app.get(Clock).now();
  const moveTo = (at: number) => timeOf(running).advance(at - now().getTime());
  const sender = () => running.app.get(CouponPackSender);

  /** A new member's ¥10 purchase paid at `paidAt`: the points it earned. */
  async function buy(paidAt: Date): Promise<number> {
    const phone = `1391000${String(++phones).padStart(4, '0')}`;
    await running.app.get(MembersService).register({ phone });
    const response = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId: `FEST-${++orders}`,
        member: { phone },
        channel: 'online',
        paidAt: paidAt.toISOString(),
        lines: [{ sku: 'GEN-1', category: '其他', quantity: 1, unitPriceFen: 1_000 }],
        totalFen: 1_000,
      },
      pos,
      // Signed at the app's (moved) clock, as a till's clock would read.
      { timestamp: String(Math.floor(now().getTime() / 1000)) },
    );
    if (response.status !== 200) throw new Error(await response.text());
    return PurchaseIngestResult.parse(await response.json()).pointsEarned;
  }

  /** How many coupons of each template of the suite member `i` holds. */
  async function couponsOf(i: number): Promise<number[]> {
    const api = await memberApi(i);
    const { coupons } = (await (await api('/api/v1/me/coupons')).json()) as { coupons: Array<{ templateId: string }> };
    return templateIds.map((t) => coupons.filter((c) => c.templateId === t).length);
  }

  const packBody = (overrides: Record<string, unknown> = {}) => ({
    name: '会员日券包',
    preset: 'member-day',
    templateIds: templateIds.slice(0, 2),
    startsAt: '2027-03-07T16:00:00.000Z', // 3月8日 00:00 Beijing
    endsAt: '2027-05-31T16:00:00.000Z', // 6月1日 00:00
    recurrence: { kind: 'monthly', dayOfMonth: 8 },
    regions: [REGION],
    ...overrides,
  });

  beforeAll(async () => {
    running = await startApp();
    moveTo(START);
    pos = await running.app.get(IntegrationsService).register('calendar-pos', 'Calendar POS');
    for (let i = 0; i < MEMBERS; i++) {
      memberIds.push((await loginAs(running, `calendar-member-${i}`)).member.id);
      const api = await memberApi(i);
      expect((await api('/api/v1/me/profile', { method: 'PATCH', body: { region: REGION } })).status).toBe(200);
      expect((await api('/api/v1/me/consents', { method: 'PUT', body: { marketing: !WITHOUT_CONSENT.has(i) } })).status).toBe(
        200,
      );
    }
    const api = await hq();
    for (const name of ['会员日满100减10', '会员日饮品券', '备用券', '备用券2', '备用券3', '备用券4']) {
      const response = await api('/api/v1/hq/coupon-templates', {
        body: {
          name,
          benefit: { kind: 'fixed', amountFen: 1_000 },
          validity: { type: 'afterClaim', days: 90 },
          totalStock: 1_000,
          perMemberLimit: 12,
          claimable: false,
        },
      });
      expect(response.status).toBe(201);
      templateIds.push(((await response.json()) as { id: string }).id);
    }
  });
  afterAll(async () => {
    timeOf(running)?.reset();
    await running?.close();
  });

  describe('a points multiplier on a preset window', () => {
    // The member day of 7 March 2027, from the shared preset: 00:00 to 24:00 Beijing.
    const window = festivalWindow('member-day', 2027, ZONE, { memberDay: 7, month: 3 })!;

    it('a purchase at 23:59 Beijing the day before earns nothing extra; one at 00:00 earns double', async () => {
      expect(window.startsAt.toISOString()).toBe('2027-03-06T16:00:00.000Z');
      const api = await hq();
      const created = await api('/api/v1/hq/earning-campaigns', {
        body: {
          name: '3月7日会员日双倍积分',
          multiplier: 2,
          startsAt: window.startsAt.toISOString(),
          endsAt: window.endsAt.toISOString(),
        },
      });
      expect(created.status).toBe(201);
      expect(await buy(new Date(window.startsAt.getTime() - MINUTE))).toBe(10);
      expect(await buy(window.startsAt)).toBe(20);
      expect(await buy(new Date(window.startsAt.getTime() + 22 * HOUR))).toBe(20);
    });

    it('two multipliers on the same day: the larger under best, both multiplied under multiply', async () => {
      const api = await hq();
      const created = await api('/api/v1/hq/earning-campaigns', {
        body: { name: '三倍积分日', multiplier: 3, startsAt: window.startsAt.toISOString(), endsAt: window.endsAt.toISOString() },
      });
      expect(created.status).toBe(201);
      const at = new Date(window.startsAt.getTime() + HOUR);
      expect(await buy(at)).toBe(30);
      const multiply = await api('/api/v1/hq/festival-calendar/overlap-policy', {
        method: 'PUT',
        body: { promotionStacking: 'multiply' },
      });
      expect(multiply.status).toBe(200);
      expect(await buy(at)).toBe(60);
      const month = CalendarMonth.parse(await (await api('/api/v1/hq/festival-calendar?month=2027-03')).json());
      expect(month.promotionStacking).toBe('multiply');
      expect(month.timeZone).toBe(ZONE);
      expect(month.entries.filter((e) => e.kind === 'multiplier').map((e) => e.name)).toEqual([
        '3月7日会员日双倍积分',
        '三倍积分日',
      ]);
      // The rest of the rules are kept; back to best.
      expect(
        (await api('/api/v1/hq/festival-calendar/overlap-policy', { method: 'PUT', body: { promotionStacking: 'best' } })).status,
      ).toBe(200);
      expect(await buy(at)).toBe(30);
      const bad = await api('/api/v1/hq/festival-calendar/overlap-policy', { method: 'PUT', body: { promotionStacking: 'sum' } });
      expect(bad.status).toBe(400);
    });
  });

  describe('a member day of double points', () => {
    it('is one definition applying 00:00–24:00 Beijing on that day of each month, shown on each of those days', async () => {
      const api = await hq();
      const created = await api('/api/v1/hq/earning-campaigns', {
        body: {
          name: '会员日双倍积分',
          multiplier: 2,
          startsAt: '2027-02-28T16:00:00.000Z', // 3月1日 00:00 Beijing
          endsAt: '2027-12-31T16:00:00.000Z',
          recurrence: { kind: 'monthly', dayOfMonth: 5 },
        },
      });
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({ recurrence: { kind: 'monthly', dayOfMonth: 5 } });
      expect(await buy(new Date('2027-03-04T15:59:00Z'))).toBe(10); // 3月4日 23:59
      expect(await buy(new Date('2027-03-04T16:00:00Z'))).toBe(20); // 3月5日 00:00
      expect(await buy(new Date('2027-03-05T15:59:00Z'))).toBe(20); // 3月5日 23:59
      expect(await buy(new Date('2027-03-05T16:00:00Z'))).toBe(10); // 3月6日 00:00
      const march = CalendarMonth.parse(await (await api('/api/v1/hq/festival-calendar?month=2027-03')).json());
      expect(march.entries.filter((e) => e.name === '会员日双倍积分')).toEqual([
        expect.objectContaining({ kind: 'multiplier', startsAt: '2027-03-04T16:00:00.000Z', endsAt: '2027-03-05T16:00:00.000Z' }),
      ]);
      const bad = await api('/api/v1/hq/earning-campaigns', {
        body: {
          name: '月底会员日',
          multiplier: 2,
          startsAt: '2027-02-28T16:00:00.000Z',
          endsAt: '2027-12-31T16:00:00.000Z',
          recurrence: { kind: 'monthly', dayOfMonth: 31 },
        },
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });

  describe('coupon packs', () => {
    it('refuses bad input with clear codes, a manager outright, and creates nothing', async () => {
      const api = await hq();
      const endBeforeStart = await api('/api/v1/hq/festival-calendar/coupon-packs', {
        body: packBody({ startsAt: '2027-03-09T16:00:00.000Z', endsAt: '2027-03-08T16:00:00.000Z' }),
      });
      expect(endBeforeStart.status).toBe(400);
      expect(await endBeforeStart.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { issues: [{ path: 'body.endsAt' }] },
      });
      const six = await api('/api/v1/hq/festival-calendar/coupon-packs', { body: packBody({ templateIds }) });
      expect(six.status).toBe(400);
      expect(await six.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path: 'body.templateIds' }] } });
      const twice = await api('/api/v1/hq/festival-calendar/coupon-packs', {
        body: packBody({ templateIds: [templateIds[0], templateIds[0]] }),
      });
      expect(twice.status).toBe(400);
      const unknown = await api('/api/v1/hq/festival-calendar/coupon-packs', {
        body: packBody({ templateIds: [templateIds[0], 'ffffffffffffffffffffffff'] }),
      });
      expect(unknown.status).toBe(409);
      expect(await unknown.json()).toMatchObject({
        code: 'COUPON_TEMPLATE_RETIRED',
        details: { templateId: 'ffffffffffffffffffffffff', index: 1 },
      });
      const over = await api('/api/v1/hq/festival-calendar/coupon-packs', {
        body: packBody({ startsAt: '2027-03-01T16:00:00.000Z', endsAt: '2027-03-02T16:00:00.000Z', recurrence: undefined }),
      });
      expect(over.status).toBe(400);
      expect(await over.json()).toMatchObject({ details: { reason: 'window-over' } });
      const badTier = await api('/api/v1/hq/festival-calendar/coupon-packs', { body: packBody({ tierCodes: ['platinum'] }) });
      expect(await badTier.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { reason: 'unknown-tier' } });
      const day31 = await api('/api/v1/hq/festival-calendar/coupon-packs', {
        body: packBody({ recurrence: { kind: 'monthly', dayOfMonth: 31 } }),
      });
      expect(day31.status).toBe(400);

      const manager = authorized(running, (await loginAsStaff(running, 'calendar-manager', 'manager')).accessToken);
      const refused = await manager('/api/v1/hq/festival-calendar/coupon-packs', { body: packBody() });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN' });
      expect((await manager('/api/v1/hq/festival-calendar/reach?kind=coupon-pack')).status).toBe(403);
      expect(
        (await manager('/api/v1/hq/festival-calendar/overlap-policy', { method: 'PUT', body: { promotionStacking: 'multiply' } }))
          .status,
      ).toBe(403);
      const member = await memberApi(0);
      expect((await member('/api/v1/hq/festival-calendar/coupon-packs', { body: packBody() })).status).toBe(403);

      expect(CouponPackList.parse(await (await api('/api/v1/hq/festival-calendar/coupon-packs')).json()).packs).toHaveLength(0);
    });

    it('previews the reach: everyone targeted for a multiplier, those with marketing consent for a pack', async () => {
      const api = await hq();
      const pack = CampaignReach.parse(
        await (await api(`/api/v1/hq/festival-calendar/reach?kind=coupon-pack&regions=${encodeURIComponent(REGION)}`)).json(),
      );
      expect(pack).toEqual({
        targeted: MEMBERS,
        withConsent: MEMBERS - WITHOUT_CONSENT.size,
        reach: MEMBERS - WITHOUT_CONSENT.size,
      });
      const multiplier = CampaignReach.parse(
        await (await api(`/api/v1/hq/festival-calendar/reach?kind=multiplier&regions=${encodeURIComponent(REGION)}`)).json(),
      );
      expect(multiplier.reach).toBe(MEMBERS);
      const nobody = CampaignReach.parse(
        await (
          await api(`/api/v1/hq/festival-calendar/reach?kind=coupon-pack&regions=${encodeURIComponent(REGION)}&tierCodes=gold`)
        ).json(),
      );
      expect(nobody.reach).toBe(0);
    });

    let pack: CouponPackView;

    it('sends the member-day pack at Beijing midnight, once per member under reruns and two concurrent runs; no consent, nothing', async () => {
      const api = await hq();
      const created = await api('/api/v1/hq/festival-calendar/coupon-packs', { body: packBody() });
      expect(created.status).toBe(201);
      pack = CouponPackView.parse(await created.json());
      expect(pack.status).toBe('scheduled');
      expect(pack.occurrences.map((o) => o.key)).toEqual(['2027-03-08', '2027-04-08', '2027-05-08']);
      expect(pack.templates.map((t) => t.name)).toEqual(['会员日满100减10', '会员日饮品券']);

      // 23:59 Beijing on 7 March: not yet.
      moveTo(Date.parse('2027-03-07T15:59:00Z'));
      await sender().sendDue();
      expect(await couponsOf(0)).toEqual([0, 0, 0, 0, 0, 0]);

      // 00:01 on 8 March: two instances run the job at once, then it runs again.
      moveTo(Date.parse('2027-03-07T16:01:00Z'));
      await Promise.all([sender().sendDue(), sender().sendDue()]);
      await sender().sendDue();
      for (let i = 0; i < MEMBERS; i++)
        expect(await couponsOf(i)).toEqual(WITHOUT_CONSENT.has(i) ? [0, 0, 0, 0, 0, 0] : [1, 1, 0, 0, 0, 0]);
      const listed = CouponPackList.parse(await (await (await hq())('/api/v1/hq/festival-calendar/coupon-packs')).json())
        .packs[0];
      expect(listed.status).toBe('running');
      expect(listed.occurrences[0].counts).toEqual({ sent: 4, noConsent: 2, contactedRecently: 0, undelivered: 0 });
      expect(listed.occurrences[1].counts.sent).toBe(0);
    });

    it('a second pack within the contact policy’s days leaves the members just sent one out (frequency cap)', async () => {
      const api = await hq();
      const created = await api('/api/v1/hq/festival-calendar/coupon-packs', {
        body: packBody({
          name: '春季上新券包',
          preset: undefined,
          recurrence: undefined,
          templateIds: [templateIds[2]],
          endsAt: '2027-03-08T16:00:00.000Z',
        }),
      });
      expect(created.status).toBe(201);
      const second = CouponPackView.parse(await created.json());
      expect(second.status).toBe('running');
      await Promise.all([sender().sendDue(), sender().sendDue()]);
      const listed = CouponPackList.parse(await (await api('/api/v1/hq/festival-calendar/coupon-packs')).json()).packs.find(
        (p) => p.id === second.id,
      )!;
      expect(listed.occurrences[0].counts).toEqual({ sent: 0, noConsent: 2, contactedRecently: 4, undelivered: 0 });
      expect(await couponsOf(0)).toEqual([1, 1, 0, 0, 0, 0]);
    });

    it('the next month’s member day is its own occurrence: sent again once, consent still decides', async () => {
      // A member withdraws consent before April's member day.
      const api0 = await memberApi(1);
      expect((await api0('/api/v1/me/consents', { method: 'PUT', body: { marketing: false } })).status).toBe(200);
      moveTo(Date.parse('2027-04-07T16:00:00Z')); // 4月8日 00:00 Beijing
      await Promise.all([sender().sendDue(), sender().sendDue()]);
      await sender().sendDue();
      expect(await couponsOf(0)).toEqual([2, 2, 0, 0, 0, 0]);
      expect(await couponsOf(1)).toEqual([1, 1, 0, 0, 0, 0]);
      expect(await couponsOf(4)).toEqual([0, 0, 0, 0, 0, 0]);
      const api = await hq();
      const listed = CouponPackList.parse(await (await api('/api/v1/hq/festival-calendar/coupon-packs')).json()).packs.find(
        (p) => p.id === pack.id,
      )!;
      expect(listed.occurrences[1].counts).toEqual({ sent: 3, noConsent: 3, contactedRecently: 0, undelivered: 0 });
      const month = CalendarMonth.parse(await (await api('/api/v1/hq/festival-calendar?month=2027-04')).json());
      // April's grid: the member day of double points on the 5th, the member-day pack on the 8th.
      expect(month.entries).toEqual([
        expect.objectContaining({ kind: 'multiplier', name: '会员日双倍积分', startsAt: '2027-04-04T16:00:00.000Z' }),
        expect.objectContaining({
          kind: 'coupon-pack',
          id: pack.id,
          occurrence: '2027-04-08',
          startsAt: '2027-04-07T16:00:00.000Z',
        }),
      ]);
    });

    it('HQ stops a pack: later occurrences are not sent; stopping twice is refused', async () => {
      const api = await hq();
      const retired = await api(`/api/v1/hq/festival-calendar/coupon-packs/${pack.id}/retire`, { method: 'POST' });
      expect(retired.status).toBe(200);
      expect(CouponPackView.parse(await retired.json()).status).toBe('retired');
      const again = await api(`/api/v1/hq/festival-calendar/coupon-packs/${pack.id}/retire`, { method: 'POST' });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ code: 'CAMPAIGN_ENDED' });
      moveTo(Date.parse('2027-05-07T16:00:00Z')); // 5月8日 00:00 Beijing
      await sender().sendDue();
      expect(await couponsOf(0)).toEqual([2, 2, 0, 0, 0, 0]);
    });

    it('finishes a send a crash left pending without paying twice, and counts coupons a retired template left out', async () => {
      const api = await hq();
      const created = await api('/api/v1/hq/festival-calendar/coupon-packs', {
        body: packBody({
          name: '五月焕新券包',
          preset: undefined,
          recurrence: undefined,
          templateIds: [templateIds[3], templateIds[4]],
          startsAt: '2027-05-07T16:00:00.000Z',
          endsAt: '2027-05-08T16:00:00.000Z',
        }),
      });
      expect(created.status).toBe(201);
      const third = CouponPackView.parse(await created.json());
      // HQ retires one of the pack's templates after scheduling it.
      expect((await api(`/api/v1/hq/coupon-templates/${templateIds[4]}/retire`, { method: 'POST' })).status).toBe(200);
      // A run crashed after deciding member 0 and issuing the first coupon, before marking the record.
      const sends = running.app.get<Model<CalendarPackSend>>(getModelToken(CalendarPackSend.name));
      const member0 = new Types.ObjectId(memberIds[0]);
      await sends.create({
        packId: new Types.ObjectId(third.id),
        occurrence: 'once',
        memberId: member0,
        status: 'pending',
        decidedAt: now(),
      });
      const key = packCouponKey(third.id, 'once', memberIds[0], templateIds[3]);
      expect(await running.app.get(CouponsService).issueFromStock(member0, new Types.ObjectId(templateIds[3]), key)).toBe(
        'issued',
      );

      await Promise.all([sender().sendDue(), sender().sendDue()]);
      await sender().sendDue();
      expect(await couponsOf(0)).toEqual([2, 2, 0, 1, 0, 0]);
      expect(await couponsOf(2)).toEqual([2, 2, 0, 1, 0, 0]);
      const listed = CouponPackList.parse(await (await api('/api/v1/hq/festival-calendar/coupon-packs')).json()).packs.find(
        (p) => p.id === third.id,
      )!;
      expect(listed.occurrences[0].counts).toEqual({ sent: 0, noConsent: 3, contactedRecently: 0, undelivered: 3 });
    });

    it('two packs starting at the same midnight, two runs at once: each member gets one, the cap leaves out the other', async () => {
      const api = await hq();
      const ids: string[] = [];
      for (const [name, template] of [
        ['618 满减券包', templateIds[0]],
        ['618 饮品券包', templateIds[1]],
      ]) {
        const created = await api('/api/v1/hq/festival-calendar/coupon-packs', {
          body: packBody({
            name,
            preset: '618',
            recurrence: undefined,
            templateIds: [template],
            startsAt: '2027-05-31T16:00:00.000Z', // 6月1日 00:00 Beijing
            endsAt: '2027-06-18T16:00:00.000Z',
          }),
        });
        expect(created.status).toBe(201);
        ids.push(CouponPackView.parse(await created.json()).id);
      }
      moveTo(Date.parse('2027-05-31T16:00:30Z'));
      await Promise.all([sender().sendDue(), sender().sendDue()]);
      await sender().sendDue();
      for (const i of [0, 2, 3]) {
        const [first, second] = await couponsOf(i);
        expect(first + second).toBe(5); // 2 + 2 from the member days, 1 of the two 618 packs
      }
      const packs = CouponPackList.parse(await (await (await hq())('/api/v1/hq/festival-calendar/coupon-packs')).json()).packs;
      const counts = ids.map((id) => packs.find((p) => p.id === id)!.occurrences[0].counts);
      expect(counts[0].sent + counts[1].sent).toBe(3);
      expect(counts[0].contactedRecently + counts[1].contactedRecently).toBe(3);
    });

    it('audits HQ’s writes', async () => {
      const api = await hq();
      const audit = (await (await api('/api/v1/hq/audit-log?limit=200')).json()) as { entries: Array<{ action: string }> };
      const actions = audit.entries.map((e) => e.action);
      expect(actions).toContain('POST /api/v1/hq/festival-calendar/coupon-packs');
      expect(actions).toContain('POST /api/v1/hq/festival-calendar/coupon-packs/:packId/retire');
      expect(actions).toContain('PUT /api/v1/hq/festival-calendar/overlap-policy');
      expect(actions).toContain('refused: POST /api/v1/hq/festival-calendar/coupon-packs');
    });
  });

  describe('a birthday-month pack (生日月券包)', () => {
    const BIRTHDAY_REGION = '生日城';
    /** 2027-12-01 00:00 Beijing. */
    const DECEMBER = Date.parse('2027-11-30T16:00:00Z');
    /** 2028-01-01 00:00 Beijing. */
    const JANUARY = Date.parse('2027-12-31T16:00:00Z');
    const people = {
      december: { birthday: { month: 12, day: 24 }, marketing: true },
      january: { birthday: { month: 1, day: 5 }, marketing: true },
      none: { marketing: true },
      noConsent: { birthday: { month: 12, day: 3 }, marketing: false },
      late: { marketing: true },
    } as const;
    type Person = keyof typeof people;
    const birthdayTemplates: string[] = [];
    let packId = '';

    const personApi = (who: Person) =>
      loginAs(running, `calendar-birthday-${who}`).then((s) => authorized(running, s.accessToken));
    /** How many coupons of the birthday pack's template a person holds. */
    async function birthdayCoupons(who: Person): Promise<number> {
      const api = await personApi(who);
      const { coupons } = (await (await api('/api/v1/me/coupons')).json()) as { coupons: Array<{ templateId: string }> };
      return coupons.filter((c) => c.templateId === birthdayTemplates[0]).length;
    }
    const everyone = async () =>
      Object.fromEntries(await Promise.all((Object.keys(people) as Person[]).map(async (p) => [p, await birthdayCoupons(p)])));

    beforeAll(async () => {
      // 11月30日 00:00 Beijing: the people join, a one-off pack reaches those with consent (a contact the day before).
      moveTo(DECEMBER - 24 * HOUR);
      for (const [who, person] of Object.entries(people)) {
        const api = await personApi(who as Person);
        const body = { region: BIRTHDAY_REGION, ...('birthday' in person ? { birthday: person.birthday } : {}) };
        expect((await api('/api/v1/me/profile', { method: 'PATCH', body })).status).toBe(200);
        expect((await api('/api/v1/me/consents', { method: 'PUT', body: { marketing: person.marketing } })).status).toBe(200);
      }
      const api = await hq();
      for (const name of ['生日月饮品券', '月底回访券']) {
        const response = await api('/api/v1/hq/coupon-templates', {
          body: {
            name,
            benefit: { kind: 'fixed', amountFen: 1_000 },
            validity: { type: 'afterClaim', days: 120 },
            totalStock: 100,
            perMemberLimit: 12,
            claimable: false,
          },
        });
        expect(response.status).toBe(201);
        birthdayTemplates.push(((await response.json()) as { id: string }).id);
      }
      const once = await api('/api/v1/hq/festival-calendar/coupon-packs', {
        body: {
          name: '月底回访券包',
          templateIds: [birthdayTemplates[1]],
          startsAt: now().toISOString(),
          endsAt: new Date(DECEMBER - HOUR).toISOString(),
          regions: [BIRTHDAY_REGION],
        },
      });
      expect(once.status).toBe(201);
      await sender().sendDue();
    });

    it('is scheduled as one definition with a monthly occurrence per birthday month; the preview counts next month’s birthdays', async () => {
      const api = await hq();
      const created = await api('/api/v1/hq/festival-calendar/coupon-packs', {
        body: {
          name: '生日月券包',
          templateIds: [birthdayTemplates[0]],
          startsAt: new Date(DECEMBER).toISOString(),
          endsAt: '2028-02-29T16:00:00.000Z', // 3月1日 00:00 Beijing
          recurrence: { kind: 'birthday-month' },
          regions: [BIRTHDAY_REGION],
        },
      });
      expect(created.status).toBe(201);
      const pack = CouponPackView.parse(await created.json());
      packId = pack.id;
      expect(pack.recurrence).toEqual({ kind: 'birthday-month' });
      expect(pack.occurrences.map((o) => o.key)).toEqual(['birthday:2027-12', 'birthday:2028-01', 'birthday:2028-02']);
      // A birthday month with a member day's field, or an unknown kind, is refused by the contract.
      const bad = await api('/api/v1/hq/festival-calendar/coupon-packs', {
        body: { ...packBody(), recurrence: { kind: 'birthday-month', dayOfMonth: 8 } },
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { code: string }).code).toBe('VALIDATION_FAILED');

      const reach = CampaignReach.parse(
        await (
          await api(
            `/api/v1/hq/festival-calendar/reach?kind=coupon-pack&recurrence=birthday-month&regions=${encodeURIComponent(BIRTHDAY_REGION)}`,
          )
        ).json(),
      );
      // 11月30日: December's birthdays (the December member and the one without consent).
      expect(reach).toEqual({ targeted: 2, withConsent: 1, reach: 1, birthdayMonth: '2027-12' });

      const month = CalendarMonth.parse(await (await api('/api/v1/hq/festival-calendar?month=2027-12')).json());
      const line = month.entries.filter((e) => e.kind === 'coupon-pack' && e.id === packId);
      expect(line).toEqual([
        expect.objectContaining({
          occurrence: 'birthday:2027-12',
          birthdayMonth: true,
          startsAt: new Date(DECEMBER).toISOString(),
        }),
      ]);
    });

    it('nothing before 12月1日 00:00 Beijing; then the December birthday once under two concurrent runs and a rerun, despite yesterday’s contact', async () => {
      moveTo(DECEMBER - MINUTE);
      await sender().sendDue();
      expect((await everyone()).december).toBe(0);
      moveTo(DECEMBER + MINUTE);
      await Promise.all([sender().sendDue(), sender().sendDue()]);
      await sender().sendDue();
      expect(await everyone()).toEqual({ december: 1, january: 0, none: 0, noConsent: 0, late: 0 });
    });

    it('a member who sets a December birthday later in the month gets it at a later run, once', async () => {
      const api = await personApi('late');
      expect((await api('/api/v1/me/profile', { method: 'PATCH', body: { birthday: { month: 12, day: 30 } } })).status).toBe(200);
      moveTo(DECEMBER + 20 * MINUTE);
      await Promise.all([sender().sendDue(), sender().sendDue()]);
      await sender().sendDue();
      expect(await everyone()).toEqual({ december: 1, january: 0, none: 0, noConsent: 0, late: 1 });
      const pack = CouponPackList.parse(
        await (await (await hq())('/api/v1/hq/festival-calendar/coupon-packs')).json(),
      ).packs.find((p) => p.id === packId)!;
      expect(pack.occurrences[0].counts).toEqual({ sent: 2, noConsent: 1, contactedRecently: 0, undelivered: 0 });
    });

    it('in January the January birthday gets it, once; December’s do not again', async () => {
      moveTo(JANUARY + MINUTE);
      await Promise.all([sender().sendDue(), sender().sendDue()]);
      await sender().sendDue();
      moveTo(JANUARY + 2 * HOUR);
      await sender().sendDue();
      expect(await everyone()).toEqual({ december: 1, january: 1, none: 0, noConsent: 0, late: 1 });
      const pack = CouponPackList.parse(
        await (await (await hq())('/api/v1/hq/festival-calendar/coupon-packs')).json(),
      ).packs.find((p) => p.id === packId)!;
      expect(pack.occurrences[1].counts).toEqual({ sent: 1, noConsent: 0, contactedRecently: 0, undelivered: 0 });
    });
  });
});
