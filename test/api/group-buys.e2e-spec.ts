import { getModelToken } from '@nestjs/mongoose';
import {
  addCalendarDays,
  brandClockText,
  brandDay,
  brandLastDay,
  DEFAULT_BRAND_TIME_ZONE,
  type CouponTemplateView,
  type CouponView,
  type GroupBuyDealView,
  GroupBuyGroupView,
  StaffGroupBuyDealView,
} from '@memberloop/shared';
import { Types, type Model } from 'mongoose';
import { Clock } from '../../server/src/common/clock/clock';
import { Coupon } from '../../server/src/coupons/coupon.schema';
import { CouponsService } from '../../server/src/coupons/coupons.service';
import { GroupBuyDeadlineJob } from '../../server/src/group-buys/group-buy-deadline.job';
import { GroupBuyGroup } from '../../server/src/group-buys/group-buy.schema';
import { JobScheduler } from '../../server/src/jobs/job-scheduler.service';
import { Notification } from '../../server/src/notifications/schemas/notification.schema';
import { startApp, type RunningApp } from '../support/app';
import { addProducts } from '../support/catalogue';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

const MINUTE = 60_000;
const DAY = 86_400_000;

type Api = ReturnType<typeof authorized>;
interface Session {
  id: string;
  api: Api;
}

describe('group-buys: deals, groups filling to their size, vouchers, the deadline job', () => {
  let running: RunningApp;
  let coupons: Model<Coupon>;
  let notifications: Model<Notification>;
  let groupModel: Model<GroupBuyGroup>;
  // The app's clock: real time unless a test freezes it at a moment (a deadline, a deal's end), or makes it tick
  // one millisecond per reading so that concurrent requests see it pass the deadline in whatever order they run.
  let frozen: Date | undefined;
  let ticking = false;
  let keySeq = 0;

  beforeAll(async () => {
    running = await startApp({ JOBS_ENABLED: 'false' });
    const clock = running.app.get(Clock);
    jest.spyOn(clock, 'now').mockImplementation(() => {
      if (!frozen) return new Date();
      const reading = new Date(frozen);
      if (ticking) frozen = new Date(frozen.getTime() + 1);
      return reading;
    });
    coupons = running.app.get(getModelToken(Coupon.name));
    notifications = running.app.get(getModelToken(Notification.name));
    groupModel = running.app.get(getModelToken(GroupBuyGroup.name));
    await addProducts(await hq(), [
      { sku: 'SKU-LIP-01', name: '丝绒唇膏', priceFen: 19_900 },
      { sku: 'SKU-TEA-02', name: '白茶面霜', priceFen: 19_900, imageUrl: 'https://cdn.example.com/catalogue/tea.png' },
    ]);
  });
  afterEach(() => {
    frozen = undefined;
    ticking = false;
  });
  afterAll(async () => {
    await running?.close();
  });

  const now = () => (frozen ? new Date(frozen) : new Date());
  const freeze = (at: Date) => {
    frozen = new Date(at);
  };
  /** Signs in (again): access tokens last 15 minutes of the app's clock, so a session is taken after each move. */
  const member = async (name: string): Promise<Session> => {
    const login = await loginAs(running, name);
    return { id: login.member.id, api: authorized(running, login.accessToken) };
  };
  const hq = async () => authorized(running, (await loginAsStaff(running, 'gb-hq', 'hq')).accessToken);
  const manager = async (name = 'gb-manager') =>
    authorized(running, (await loginAsStaff(running, name, 'manager', { storeIds: ['GB01'] })).accessToken);

  const dealBody = (overrides: Record<string, unknown> = {}) => ({
    skuCode: 'SKU-LIP-01',
    skuName: '丝绒唇膏',
    imageUrl: 'https://cdn.example.com/lip.png',
    normalPriceFen: 19_900,
    groupPriceFen: 9_900,
    groupSize: 3,
    timeLimitMinutes: 60,
    maxGroups: 100,
    perMemberLimit: 1,
    startsAt: new Date(now().getTime() - MINUTE).toISOString(),
    endsAt: new Date(now().getTime() + 7 * DAY).toISOString(),
    ...overrides,
  });
  const createDeal = async (overrides: Record<string, unknown> = {}, api?: Api) => {
    const response = await (api ?? (await hq()))('/api/v1/staff/group-buy-deals', { body: dealBody(overrides) });
    expect(response.status).toBe(201);
    return StaffGroupBuyDealView.parse(await response.json());
  };
  const openGroup = (api: Api, dealId: string, key = `open-key-${++keySeq}`) =>
    api(`/api/v1/group-buys/deals/${dealId}/groups`, { method: 'POST', headers: { 'idempotency-key': key } });
  const open = async (api: Api, dealId: string) => {
    const response = await openGroup(api, dealId);
    expect(response.status).toBe(201);
    return GroupBuyGroupView.passthrough().parse(await response.json());
  };
  const join = (api: Api, groupId: string) => api(`/api/v1/group-buys/groups/${groupId}/join`, { method: 'POST' });
  const view = async (api: Api, groupId: string) => {
    const response = await api(`/api/v1/group-buys/groups/${groupId}`);
    expect(response.status).toBe(200);
    return GroupBuyGroupView.parse(await response.json());
  };
  const vouchersOf = (groupId: string) => coupons.find({ issueKey: { $regex: `^group-buy:${groupId}:` } }).lean();
  const noticesOf = (groupId: string) =>
    notifications.find({ kind: 'group-buy-result', dedupeKey: { $regex: `^group-buy-result:${groupId}:` } }).lean();
  const wallet = async (api: Api) =>
    ((await (await api('/api/v1/me/coupons?status=available')).json()) as { coupons: CouponView[] }).coupons;
  const liveDeals = async (api: Api) =>
    ((await (await api('/api/v1/group-buys/deals')).json()) as { deals: GroupBuyDealView[] }).deals;
  const runDeadlineJob = () => running.app.get(GroupBuyDeadlineJob).run();
  const codeOf = async (response: Response) => ((await response.json()) as { code: string }).code;

  it('shows the catalogue product’s picture on a deal given none of its own (never a letter tile for a pictured product)', async () => {
    const withoutPicture = await createDeal({ skuCode: 'SKU-TEA-02', skuName: '白茶面霜', imageUrl: undefined });
    expect(withoutPicture.imageUrl).toBe('https://cdn.example.com/catalogue/tea.png');
    const ownPicture = await createDeal({
      skuCode: 'SKU-TEA-02',
      skuName: '白茶面霜',
      imageUrl: 'https://cdn.example.com/deal.png',
    });
    expect(ownPicture.imageUrl).toBe('https://cdn.example.com/deal.png');
    const ann = await member('gb-picture');
    const live = await liveDeals(ann.api);
    expect(live.find((d) => d.id === withoutPicture.id)?.imageUrl).toBe('https://cdn.example.com/catalogue/tea.png');
  });

  it('lets HQ and managers create, list and close deals, members none of it, and refuses bad deals', async () => {
    const hqApi = await hq();
    const deal = await createDeal({}, hqApi);
    expect(deal).toMatchObject({
      skuCode: 'SKU-LIP-01',
      groupPriceFen: 9_900,
      groupSize: 3,
      phase: 'live',
      groupsLeft: 100,
      maxGroups: 100,
      perMemberLimit: 1,
      voucherValidDays: 7,
      groups: { open: 0, succeeded: 0, failed: 0 },
    });
    const managerApi = await manager();
    // A manager offers deals in their own stores (scope and price floor: staff-limits.e2e-spec.ts).
    const managers = await createDeal({ skuName: '店长拼团', storeCodes: ['GB01'] }, managerApi);
    expect(managers.storeCodes).toEqual(['GB01']);

    // The voucher template is a gift at the group price, issued only by filled groups: not in the claim centre.
    const ann = await member('gb-ann');
    const { templates } = (await (await ann.api('/api/v1/coupons/claimable')).json()) as { templates: CouponTemplateView[] };
    expect(templates.map((t) => t.id)).not.toContain(deal.voucherTemplateId);

    // Members cannot create, list or close deals; nobody signed out can.
    expect((await ann.api('/api/v1/staff/group-buy-deals', { body: dealBody() })).status).toBe(403);
    expect((await ann.api('/api/v1/staff/group-buy-deals')).status).toBe(403);
    expect((await ann.api(`/api/v1/staff/group-buy-deals/${deal.id}/close`, { method: 'POST' })).status).toBe(403);
    expect((await fetch(`${running.baseUrl}/api/v1/group-buys/deals`)).status).toBe(401);

    for (const bad of [
      { groupSize: 1 },
      { groupSize: 51 },
      { groupPriceFen: 19_900 },
      { groupPriceFen: 0 },
      { normalPriceFen: 12.5 },
      { timeLimitMinutes: 0 },
      { maxGroups: 0 },
      { perMemberLimit: 0 },
      { skuCode: 'SKU with spaces' },
      { skuName: '' },
      { imageUrl: 'http://insecure.example.com/x.png' },
      { endsAt: new Date(now().getTime() - 2 * MINUTE).toISOString() }, // before it starts
      { startsAt: new Date(now().getTime() - 2 * DAY).toISOString(), endsAt: new Date(now().getTime() - DAY).toISOString() }, // over
      { surprise: true },
    ]) {
      const response = await hqApi('/api/v1/staff/group-buy-deals', { body: dealBody(bad) });
      expect([JSON.stringify(bad), response.status]).toEqual([JSON.stringify(bad), 400]);
      expect(await codeOf(response)).toBe('VALIDATION_FAILED');
    }

    const { deals } = (await (await managerApi('/api/v1/staff/group-buy-deals')).json()) as { deals: StaffGroupBuyDealView[] };
    expect(deals.map((d) => d.id)).toEqual(expect.arrayContaining([deal.id, managers.id]));

    // A manager closes the deals they created; HQ any deal.
    const other = await manager('gb-manager-2');
    const refused = await other(`/api/v1/staff/group-buy-deals/${managers.id}/close`, { method: 'POST' });
    expect(refused.status).toBe(403);
    const closed = await managerApi(`/api/v1/staff/group-buy-deals/${managers.id}/close`, { method: 'POST' });
    expect(StaffGroupBuyDealView.parse(await closed.json())).toMatchObject({ phase: 'closed', closedAt: expect.any(String) });
    const byHq = await hqApi(`/api/v1/staff/group-buy-deals/${deal.id}/close`, { method: 'POST' });
    expect(StaffGroupBuyDealView.parse(await byHq.json()).phase).toBe('closed');
    expect((await hqApi(`/api/v1/staff/group-buy-deals/0123456789abcdef01234567/close`, { method: 'POST' })).status).toBe(404);
    expect((await hqApi(`/api/v1/staff/group-buy-deals/not-an-id/close`, { method: 'POST' })).status).toBe(400);
  });

  it('shows members only live deals and opens groups only on them', async () => {
    const live = await createDeal({ skuName: '在售拼团' });
    const later = await createDeal({
      skuName: '未开始拼团',
      startsAt: new Date(now().getTime() + DAY).toISOString(),
      endsAt: new Date(now().getTime() + 3 * DAY).toISOString(),
    });
    const closing = await createDeal({ skuName: '提前结束拼团' });
    await (
      await hq()
    )(`/api/v1/staff/group-buy-deals/${closing.id}/close`, { method: 'POST' });

    const bea = await member('gb-bea');
    const ids = (await liveDeals(bea.api)).map((d) => d.id);
    expect(ids).toContain(live.id);
    expect(ids).not.toContain(later.id);
    expect(ids).not.toContain(closing.id);
    expect((await liveDeals(bea.api)).find((d) => d.id === live.id)).toMatchObject({ remainingForMe: 1, groupsLeft: 100 });

    const notStarted = await openGroup(bea.api, later.id);
    expect([notStarted.status, await codeOf(notStarted)]).toEqual([409, 'GROUP_CLOSED']);
    const closedDeal = await openGroup(bea.api, closing.id);
    expect([closedDeal.status, await codeOf(closedDeal)]).toEqual([409, 'GROUP_CLOSED']);
    expect((await openGroup(bea.api, '0123456789abcdef01234567')).status).toBe(404);
    expect((await openGroup(bea.api, 'nope')).status).toBe(400);
    const noKey = await bea.api(`/api/v1/group-buys/deals/${live.id}/groups`, { method: 'POST' });
    expect([noKey.status, await codeOf(noKey)]).toEqual([400, 'VALIDATION_FAILED']);

    // After the deal's end nothing opens, and a group opened near the end closes with the deal.
    const short = await createDeal({ skuName: '即将结束', endsAt: new Date(now().getTime() + 30 * MINUTE).toISOString() });
    const group = await open(bea.api, short.id);
    expect(group.deadline).toBe(short.endsAt);
    freeze(new Date(Date.parse(short.endsAt)));
    const afterEnd = await member('gb-bea');
    const ended = await openGroup(afterEnd.api, short.id);
    expect([ended.status, await codeOf(ended)]).toEqual([409, 'GROUP_CLOSED']);
    expect((await liveDeals(afterEnd.api)).map((d) => d.id)).not.toContain(short.id);
  });

  it('opens once per key, lets friends join through the id, fills to its size and gives everyone a voucher', async () => {
    const deal = await createDeal({ skuName: '精华拼团', groupSize: 3, perMemberLimit: 2 });
    const leader = await member('gb-leader');
    // An avatar is a photo the member uploads to us (an address elsewhere is refused: member-names.e2e-spec.ts).
    const form = new FormData();
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    form.append('file', new Blob([new Uint8Array(Buffer.from(png, 'base64'))], { type: 'image/png' }), 'avatar');
    const token = (await loginAs(running, 'gb-leader')).accessToken;
    const uploaded = await fetch(`${running.baseUrl}/api/v1/me/avatar`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const avatar = (await uploaded.json()) as { url: string };
    await leader.api('/api/v1/me/profile', { method: 'PATCH', body: { nickname: '团长小王', avatarUrl: avatar.url } });
    const first = await openGroup(leader.api, deal.id, 'open-once-0001');
    expect(first.status).toBe(201);
    const group = GroupBuyGroupView.passthrough().parse(await first.json());
    expect(group).toMatchObject({ status: 'open', size: 3, seatsLeft: 2, joined: true, replayed: false });
    expect(group.members).toEqual([
      expect.objectContaining({ nickname: '团长小王', avatarUrl: avatar.url, leader: true, me: true }),
    ]);
    expect(Date.parse(group.deadline) - Date.parse(group.members[0].joinedAt)).toBe(60 * MINUTE);
    // A retried tap opens nothing new.
    const retry = await openGroup(leader.api, deal.id, 'open-once-0001');
    expect(await retry.json()).toMatchObject({ id: group.id, replayed: true });

    // A friend opens the share: sees the group, no ids or phones of its members.
    const friend = await member('gb-friend');
    const shared = await view(friend.api, group.id);
    expect(shared).toMatchObject({ joined: false, seatsLeft: 2, status: 'open', deal: { id: deal.id, groupPriceFen: 9_900 } });
    expect(JSON.stringify(shared)).not.toContain(leader.id);
    expect(JSON.stringify(shared)).not.toMatch(/phone|memberId|memberNo/i);

    const joined = await join(friend.api, group.id);
    expect(joined.status).toBe(200);
    expect(GroupBuyGroupView.parse(await joined.json())).toMatchObject({ seatsLeft: 1, joined: true, status: 'open' });
    const twice = await join(friend.api, group.id);
    expect([twice.status, await codeOf(twice)]).toEqual([409, 'ALREADY_DONE']);
    const own = await join(leader.api, group.id);
    expect([own.status, await codeOf(own)]).toEqual([409, 'ALREADY_DONE']);
    expect(await vouchersOf(group.id)).toHaveLength(0);

    const third = await member('gb-third');
    const filled = GroupBuyGroupView.parse(await (await join(third.api, group.id)).json());
    expect(filled).toMatchObject({ status: 'succeeded', seatsLeft: 0, succeededAt: expect.any(String) });
    expect(filled.members.map((m) => [m.leader, m.me])).toEqual([
      [true, false],
      [false, false],
      [false, true],
    ]);
    const late = await member('gb-late');
    const full = await join(late.api, group.id);
    expect([full.status, await codeOf(full)]).toEqual([409, 'GROUP_FULL']);
    expect((await join(late.api, '0123456789abcdef01234567')).status).toBe(404);

    // Everyone in the group has the voucher: the SKU at the group price; nobody else does.
    for (const who of [leader, friend, third]) {
      const vouchers = (await wallet(who.api)).filter((c) => c.templateId === deal.voucherTemplateId);
      expect(vouchers).toEqual([expect.objectContaining({ benefit: { kind: 'gift', sku: 'SKU-LIP-01', priceFen: 9_900 } })]);
      // Valid for 7 days: through the brand day 7 days after the group filled, to midnight Beijing.
      const { validFrom, validTo } = vouchers[0];
      expect(brandLastDay(validTo, DEFAULT_BRAND_TIME_ZONE)).toBe(
        addCalendarDays(brandDay(validFrom, DEFAULT_BRAND_TIME_ZONE), 7),
      );
      expect(brandClockText(validTo, DEFAULT_BRAND_TIME_ZONE)).toBe('00:00');
    }
    expect((await wallet(late.api)).filter((c) => c.templateId === deal.voucherTemplateId)).toHaveLength(0);
    const notices = await noticesOf(group.id);
    expect(notices).toHaveLength(3);
    for (const n of notices) expect(n.data).toMatchObject({ thing1: { value: '精华拼团' }, phrase2: { value: '拼团成功' } });
    expect((await groupModel.findById(group.id).lean())?.settled).toBe(true);

    const mine = (await (await friend.api('/api/v1/me/group-buys')).json()) as { groups: GroupBuyGroupView[] };
    expect(mine.groups.map((g) => [g.id, g.status])).toEqual([[group.id, 'succeeded']]);
    const staffView = (await (await (await hq())('/api/v1/staff/group-buy-deals')).json()) as { deals: StaffGroupBuyDealView[] };
    expect(staffView.deals.find((d) => d.id === deal.id)?.groups).toEqual({ open: 0, succeeded: 1, failed: 0 });
  });

  it('holds the per-member limit: no second group to open or join, even with many taps at once', async () => {
    const one = await createDeal({ skuName: '限一团', perMemberLimit: 1 });
    const cam = await member('gb-cam');
    const dan = await member('gb-dan');
    const camGroup = await open(cam.api, one.id);
    const again = await openGroup(cam.api, one.id);
    expect([again.status, await codeOf(again)]).toEqual([409, 'LIMIT_REACHED']);
    const danGroup = await open(dan.api, one.id);
    const intoOther = await join(cam.api, danGroup.id);
    expect([intoOther.status, await codeOf(intoOther)]).toEqual([409, 'LIMIT_REACHED']);
    // The refused join changed nothing.
    expect(await view(dan.api, danGroup.id)).toMatchObject({ seatsLeft: 2, members: [expect.objectContaining({ me: true })] });
    expect((await liveDeals(cam.api)).find((d) => d.id === one.id)?.remainingForMe).toBe(0);
    expect(camGroup.status).toBe('open');

    const two = await createDeal({ skuName: '限两团', perMemberLimit: 2 });
    const eve = await member('gb-eve');
    const taps = await Promise.all(Array.from({ length: 8 }, () => openGroup(eve.api, two.id)));
    expect(taps.filter((r) => r.status === 201)).toHaveLength(2);
    for (const r of taps.filter((x) => x.status !== 201)) expect(await codeOf(r)).toBe('LIMIT_REACHED');
    const mine = (await (await eve.api('/api/v1/me/group-buys')).json()) as { groups: GroupBuyGroupView[] };
    expect(mine.groups.filter((g) => g.deal.id === two.id)).toHaveLength(2);
  });

  it('opens at most the deal’s number of groups when many members open at once', async () => {
    const deal = await createDeal({ skuName: '限三团', maxGroups: 3 });
    const members = await Promise.all(Array.from({ length: 10 }, (_, i) => member(`gb-opener-${i}`)));
    const results = await Promise.all(members.map((m) => openGroup(m.api, deal.id)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    for (const r of results.filter((x) => x.status !== 201)) expect(await codeOf(r)).toBe('OUT_OF_STOCK');
    expect((await liveDeals(members[0].api)).find((d) => d.id === deal.id)?.groupsLeft).toBe(0);
    expect(await groupModel.countDocuments({ dealId: new Types.ObjectId(deal.id) })).toBe(3);
  });

  it('fills a group of 5 exactly when 20 friends join at once: leader + 4 joins, 16 GROUP_FULL, 5 vouchers, 5 messages', async () => {
    const deal = await createDeal({ skuName: '五人团', groupSize: 5 });
    const leader = await member('gb-rush-leader');
    const group = await open(leader.api, deal.id);
    const friends = await Promise.all(Array.from({ length: 20 }, (_, i) => member(`gb-rush-${i}`)));
    const results = await Promise.all(friends.map((f) => join(f.api, group.id)));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(4);
    const refused = results.filter((r) => r.status !== 200);
    expect(await Promise.all(refused.map(codeOf))).toEqual(Array.from({ length: 16 }, () => 'GROUP_FULL'));

    const stored = await groupModel.findById(group.id).lean();
    expect(stored).toMatchObject({ status: 'succeeded', seatsLeft: 0, settled: true });
    expect(stored?.members).toHaveLength(5);
    expect(new Set(stored?.members.map((m) => m.memberId.toHexString())).size).toBe(5);
    expect(stored?.members[0].memberId.toHexString()).toBe(leader.id);
    const vouchers = await vouchersOf(group.id);
    expect(vouchers).toHaveLength(5);
    expect(new Set(vouchers.map((v) => v.memberId.toHexString()))).toEqual(
      new Set(stored?.members.map((m) => m.memberId.toHexString())),
    );
    expect(await noticesOf(group.id)).toHaveLength(5);

    // Running the job and viewing again changes nothing: the success happened once.
    await runDeadlineJob();
    await view(leader.api, group.id);
    expect(await vouchersOf(group.id)).toHaveLength(5);
    expect(await noticesOf(group.id)).toHaveLength(5);
  }, 120_000);

  it('fails a group whose time ran out: joins refused at once, the job tells everyone, no vouchers, seats released', async () => {
    const deal = await createDeal({ skuName: '过期团', groupSize: 3, maxGroups: 1, perMemberLimit: 1 });
    const fay = await member('gb-fay');
    const gus = await member('gb-gus');
    const group = await open(fay.api, deal.id);
    expect((await join(gus.api, group.id)).status).toBe(200);

    // Past the deadline, before the job has run: the last friend is turned away, the group reads as failed.
    freeze(new Date(Date.parse(group.deadline) + MINUTE));
    const hal = await member('gb-hal');
    const tooLate = await join(hal.api, group.id);
    expect([tooLate.status, await codeOf(tooLate)]).toEqual([409, 'GROUP_CLOSED']);
    const fayLate = await member('gb-fay');
    const listed = (await (await fayLate.api('/api/v1/me/group-buys')).json()) as { groups: GroupBuyGroupView[] };
    expect(listed.groups.find((g) => g.id === group.id)?.status).toBe('failed');
    expect(await vouchersOf(group.id)).toHaveLength(0);

    // The scheduler runs the registered minute job.
    await running.app.get(JobScheduler).tick();
    const stored = await groupModel.findById(group.id).lean();
    expect(stored).toMatchObject({ status: 'failed', failReason: 'expired', settled: true, seatsLeft: 1 });
    expect(stored?.members).toHaveLength(2); // nobody was added to make up the numbers
    const notices = await noticesOf(group.id);
    expect(notices.map((n) => n.memberId.toHexString()).sort()).toEqual([fay.id, gus.id].sort());
    for (const n of notices) expect(n.data).toMatchObject({ phrase2: { value: '拼团失败' } });
    expect(await vouchersOf(group.id)).toHaveLength(0);
    expect(await coupons.countDocuments({ templateId: deal.voucherTemplateId })).toBe(0);

    const fayNow = await member('gb-fay');
    expect(await view(fayNow.api, group.id)).toMatchObject({ status: 'failed', failReason: 'expired', joined: true });
    const fail = await join(fayNow.api, group.id);
    expect(await codeOf(fail)).toBe('ALREADY_DONE');
    // Seats and the deal's one group are free again: the same members may open and join anew.
    expect((await liveDeals(fayNow.api)).find((d) => d.id === deal.id)).toMatchObject({ groupsLeft: 1, remainingForMe: 1 });
    const second = await open(fayNow.api, deal.id);
    const gusNow = await member('gb-gus');
    expect((await join(gusNow.api, second.id)).status).toBe(200);
    // The job again: nothing more to tell about the failed group.
    await runDeadlineJob();
    expect(await noticesOf(group.id)).toHaveLength(2);
  });

  it('decides the deadline race one way: a join at the deadline is refused, one just before it fills the group', async () => {
    const deal = await createDeal({ skuName: '截止竞赛', groupSize: 3, perMemberLimit: 5 });
    const ivy = await member('gb-ivy');
    const jon = await member('gb-jon');

    // Exactly at the deadline: too late, even though the job has not run.
    const atDeadline = await open(ivy.api, deal.id);
    expect((await join(jon.api, atDeadline.id)).status).toBe(200);
    freeze(new Date(atDeadline.deadline));
    const kim = await member('gb-kim');
    const refused = await join(kim.api, atDeadline.id);
    expect([refused.status, await codeOf(refused)]).toEqual([409, 'GROUP_CLOSED']);
    await runDeadlineJob();
    expect(await groupModel.findById(atDeadline.id).lean()).toMatchObject({ status: 'failed', settled: true });
    expect(await vouchersOf(atDeadline.id)).toHaveLength(0);

    // A millisecond before it: the group fills, and stays succeeded when the job runs after the deadline.
    frozen = undefined;
    const ivyAgain = await member('gb-ivy');
    const jonAgain = await member('gb-jon');
    const justInTime = await open(ivyAgain.api, deal.id);
    expect((await join(jonAgain.api, justInTime.id)).status).toBe(200);
    freeze(new Date(Date.parse(justInTime.deadline) - 1));
    const lee = await member('gb-lee');
    const lastSeat = await join(lee.api, justInTime.id);
    expect(lastSeat.status).toBe(200);
    expect(GroupBuyGroupView.parse(await lastSeat.json()).status).toBe('succeeded');
    freeze(new Date(Date.parse(justInTime.deadline) + 5 * MINUTE));
    await runDeadlineJob();
    expect(await groupModel.findById(justInTime.id).lean()).toMatchObject({ status: 'succeeded', settled: true });
    expect(await vouchersOf(justInTime.id)).toHaveLength(3);
    const noticeData = (await noticesOf(justInTime.id)).map((n) => n.data.phrase2.value);
    expect(noticeData).toEqual(['拼团成功', '拼团成功', '拼团成功']);
  });

  it('stays consistent when the last join and the deadline job race across the deadline', async () => {
    const deal = await createDeal({ skuName: '并发截止', groupSize: 3, perMemberLimit: 20 });
    const outcomes: number[] = [];
    for (let round = 0; round < 6; round++) {
      frozen = undefined;
      const leader = await member('gb-race-leader');
      const second = await member('gb-race-second');
      const group = await open(leader.api, deal.id);
      expect((await join(second.api, group.id)).status).toBe(200);
      // The clock starts a few readings before the deadline and ticks on each one: the join and the job running
      // alongside it see it pass the deadline in whatever order they happen to read it.
      freeze(new Date(Date.parse(group.deadline) - (round % 3) - 1));
      const last = await member(`gb-race-last-${round}`);
      ticking = true;
      const [response] = await Promise.all([join(last.api, group.id), runDeadlineJob()]);
      ticking = false;
      await runDeadlineJob();
      outcomes.push(response.status);
      const stored = await groupModel.findById(group.id).lean();
      const vouchers = await vouchersOf(group.id);
      const notices = await noticesOf(group.id);
      if (response.status === 200) {
        expect(stored).toMatchObject({ status: 'succeeded', settled: true, seatsLeft: 0 });
        expect(stored?.members.map((m) => m.memberId.toHexString())).toContain(last.id);
        expect(vouchers).toHaveLength(3);
        expect(notices.map((n) => n.data.phrase2.value)).toEqual(['拼团成功', '拼团成功', '拼团成功']);
      } else {
        expect(await codeOf(response)).toBe('GROUP_CLOSED');
        expect(stored).toMatchObject({ status: 'failed', settled: true, seatsLeft: 1 });
        expect(stored?.members.map((m) => m.memberId.toHexString())).not.toContain(last.id);
        expect(vouchers).toHaveLength(0);
        expect(notices.map((n) => n.data.phrase2.value)).toEqual(['拼团失败', '拼团失败']);
      }
    }
    expect(outcomes.every((status) => status === 200 || status === 409)).toBe(true);
  });

  it('finishes a fill that a crash left without vouchers: the job, or the next view, issues each once', async () => {
    const deal = await createDeal({ skuName: '崩溃恢复', groupSize: 2, perMemberLimit: 5 });
    const mia = await member('gb-mia');
    const ned = await member('gb-ned');
    // What a process that died right after committing the last seat leaves behind: succeeded, nothing issued.
    const crashed = async () => {
      const group = await open(mia.api, deal.id);
      await groupModel.updateOne(
        { _id: group.id },
        {
          $push: { members: { memberId: new Types.ObjectId(ned.id), joinedAt: now() } },
          $set: { seatsLeft: 0, status: 'succeeded', succeededAt: now() },
        },
      );
      return group.id;
    };

    const forTheJob = await crashed();
    // It died half-way through issuing, even: Mia already has hers.
    await running.app
      .get(CouponsService)
      .issue(new Types.ObjectId(mia.id), new Types.ObjectId(deal.voucherTemplateId), `group-buy:${forTheJob}:${mia.id}`);
    expect(await vouchersOf(forTheJob)).toHaveLength(1);
    expect(await runDeadlineJob()).toMatchObject({ settledSucceeded: expect.any(Number) });
    expect(await vouchersOf(forTheJob)).toHaveLength(2);
    expect(await noticesOf(forTheJob)).toHaveLength(2);
    expect((await groupModel.findById(forTheJob).lean())?.settled).toBe(true);
    await runDeadlineJob();
    expect(await vouchersOf(forTheJob)).toHaveLength(2);

    const forTheViewer = await crashed();
    expect(await view(ned.api, forTheViewer)).toMatchObject({ status: 'succeeded', seatsLeft: 0 });
    expect(await vouchersOf(forTheViewer)).toHaveLength(2);
    expect(await noticesOf(forTheViewer)).toHaveLength(2);
  });

  it('closing a deal early fails its open groups (no vouchers, seats released) and keeps filled ones', async () => {
    const hqApi = await hq();
    const deal = await createDeal({ skuName: '提前关闭', groupSize: 2, perMemberLimit: 1 }, hqApi);
    const ola = await member('gb-ola');
    const pia = await member('gb-pia');
    const quin = await member('gb-quin');
    const filled = await open(ola.api, deal.id);
    expect((await join(pia.api, filled.id)).status).toBe(200);
    const waiting = await open(quin.api, deal.id);

    const closed = StaffGroupBuyDealView.parse(
      await (await hqApi(`/api/v1/staff/group-buy-deals/${deal.id}/close`, { method: 'POST' })).json(),
    );
    expect(closed.groups).toEqual({ open: 0, succeeded: 1, failed: 1 });
    expect(await view(quin.api, waiting.id)).toMatchObject({ status: 'failed', failReason: 'deal-closed' });
    expect(await view(ola.api, filled.id)).toMatchObject({ status: 'succeeded' });
    const rob = await member('gb-rob');
    const refused = await join(rob.api, waiting.id);
    expect([refused.status, await codeOf(refused)]).toEqual([409, 'GROUP_CLOSED']);
    expect(await vouchersOf(waiting.id)).toHaveLength(0);
    expect(await vouchersOf(filled.id)).toHaveLength(2);
    expect((await noticesOf(waiting.id)).map((n) => n.data.phrase2.value)).toEqual(['拼团失败']);
    // Closing again is harmless.
    expect((await hqApi(`/api/v1/staff/group-buy-deals/${deal.id}/close`, { method: 'POST' })).status).toBe(200);
    expect(await noticesOf(waiting.id)).toHaveLength(1);
  });
});
