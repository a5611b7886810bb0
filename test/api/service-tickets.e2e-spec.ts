import { getModelToken } from '@nestjs/mongoose';
import {
  type AuditEntryView,
  CouponTemplateView,
  MemberHome,
  MemberServiceTicket,
  MemberServiceTicketList,
  ServiceTicketDashboard,
  ServiceTicketSources,
  StaffServiceTicket,
  StaffServiceTicketQueue,
} from '@memberloop/shared';
import { Types, type Model } from 'mongoose';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { Notification } from '../../server/src/notifications/schemas/notification.schema';
import { ServiceTicketsService } from '../../server/src/service-tickets';
import { ServiceTicketEscalationJob } from '../../server/src/service-tickets/service-ticket-escalation.job';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

type Api = ReturnType<typeof authorized>;
const HOUR = 3_600_000;

/** The smallest valid PNG: a 1×1 transparent pixel. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Service tickets (issue 25, item 2): a member opens one about their own order or store visit, the SLA comes from
 * their tier, the staff of that store answer, resolve with a compensation within their role's cap (paid once) and
 * close; breaches escalate to HQ and show on HQ's dashboard. Every guard below is attacked.
 */
describe('service tickets with an SLA', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let hq: Api;
  let hqId: string;
  let shManager: { api: Api; id: string };
  let gzManager: { api: Api; id: string };
  let notifications: Model<Notification>;
  let seq = 0;
  const key = () => ({ 'idempotency-key': `ticket-key-${++seq}` });

  beforeAll(async () => {
    running = await startApp({ JOBS_ENABLED: 'false' });
    pos = await running.app.get(IntegrationsService).register('tickets-pos', 'Tickets POS');
    const hqSession = await loginAsStaff(running, 'tickets-hq', 'hq');
    hq = authorized(running, hqSession.accessToken);
    hqId = hqSession.member.id;
    const sh = await loginAsStaff(running, 'tickets-sh-manager', 'manager', { storeIds: ['SH01'] });
    shManager = { api: authorized(running, sh.accessToken), id: sh.member.id };
    const gz = await loginAsStaff(running, 'tickets-gz-manager', 'manager', { storeIds: ['GZ01'] });
    gzManager = { api: authorized(running, gz.accessToken), id: gz.member.id };
    notifications = running.app.get(getModelToken(Notification.name));
  });
  afterAll(async () => {
    await running?.close();
  });

  let phoneSeq = 0;
  /** A member who bought order `orderId` at `storeCode` (online when none). */
  const shopper = async (name: string, orderId: string, storeCode?: string) => {
    const session = await loginAs(running, name);
    const phone = `1390000${String(++phoneSeq).padStart(4, '0')}`;
    await running.app.get(MembersService).attachPhone(session.member.id, phone);
    const bought = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId,
        member: { phone },
        channel: storeCode ? 'store' : 'online',
        ...(storeCode ? { storeCode } : {}),
        paidAt: new Date(Date.now() - 60_000).toISOString(),
        lines: [{ sku: 'SK-1', category: '护肤', quantity: 1, unitPriceFen: 19_900 }],
        totalFen: 19_900,
      },
      pos,
    );
    expect(bought.status).toBe(200);
    return {
      api: authorized(running, session.accessToken),
      token: session.accessToken,
      id: session.member.id,
      memberNo: session.member.memberNo,
    };
  };
  const upload = (token: string, bytes: Buffer, type = 'image/png') => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'photo');
    return fetch(`${running.baseUrl}/api/v1/me/service-tickets/photos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
  };
  const open = (api: Api, body: Record<string, unknown>, headers = key()) => api('/api/v1/me/service-tickets', { body, headers });
  const complaint = (orderId: string) => ({
    source: { kind: 'order', orderId },
    type: 'product-quality',
    text: '面霜开封后有异味，和以前买的不一样',
  });
  const balance = async (api: Api) => MemberHome.parse(await (await api('/api/v1/me/home')).json()).points.balance;
  const audit = async (query: string) =>
    ((await (await hq(`/api/v1/hq/audit-log?limit=100&${query}`)).json()) as { entries: AuditEntryView[] }).entries;
  const count = async () => (await hq('/api/v1/staff/service-tickets?limit=100')).json() as Promise<StaffServiceTicketQueue>;

  it('opens a ticket about the member’s own order with photos, once per key, with a 24 h SLA for a regular member', async () => {
    const member = await shopper('ticket-ann', 'T-ANN-1', 'SH01');
    const sources = ServiceTicketSources.parse(await (await member.api('/api/v1/me/service-tickets/sources')).json());
    expect(sources.orders).toEqual([expect.objectContaining({ orderId: 'T-ANN-1', channel: 'store', storeCode: 'SH01' })]);
    expect(sources.storeCodes).toEqual(['SH01']);

    const uploaded = await upload(member.token, PNG);
    expect(uploaded.status).toBe(201);
    const { photoId } = (await uploaded.json()) as { photoId: string };
    const headers = key();
    const first = await open(member.api, { ...complaint('T-ANN-1'), photoIds: [photoId] }, headers);
    expect(first.status).toBe(201);
    const ticket = MemberServiceTicket.parse(await first.json());
    expect(ticket).toMatchObject({ status: 'open', slaHours: 24, type: 'product-quality', unread: 0 });
    expect(Date.parse(ticket.dueAt) - Date.parse(ticket.openedAt)).toBe(24 * HOUR);
    // A retry of the same request (a lost answer) opens nothing more.
    const again = await open(member.api, { ...complaint('T-ANN-1'), photoIds: [photoId] }, headers);
    expect(MemberServiceTicket.parse(await again.json()).id).toBe(ticket.id);
    expect(MemberServiceTicketList.parse(await (await member.api('/api/v1/me/service-tickets')).json()).tickets).toHaveLength(1);

    // The photo is served through the signed link only; a forged or altered link gets nothing.
    const link = ticket.photoUrls[0];
    const photo = await fetch(`${running.baseUrl}${link}`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    const forged = link.replace(/sig=[^&]+/, 'sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect((await fetch(`${running.baseUrl}${forged}`)).status).toBe(404);
    const later = link.replace(/exp=\d+/, `exp=${Math.floor(Date.now() / 1000) + 86_400 * 365}`);
    expect((await fetch(`${running.baseUrl}${later}`)).status).toBe(404);
    // Another member cannot attach the same photo to a ticket of theirs.
    const other = await shopper('ticket-photo-thief', 'T-THIEF-1', 'SH01');
    const stolen = await open(other.api, { ...complaint('T-THIEF-1'), photoIds: [photoId] });
    expect(stolen.status).toBe(400);
  });

  it('gives the top tiers a 2 h SLA (programme rule)', async () => {
    const member = await shopper('ticket-gold', 'T-GOLD-1', 'SH01');
    expect(
      (await hq(`/api/v1/hq/members/${member.memberNo}/tier-floor`, { method: 'PUT', body: { floorCode: 'gold' } })).status,
    ).toBe(200);
    const ticket = MemberServiceTicket.parse(await (await open(member.api, complaint('T-GOLD-1'))).json());
    expect(ticket.slaHours).toBe(2);
  });

  it('refuses a ticket on someone else’s order or an unvisited store, and bad input, changing nothing (attack)', async () => {
    await shopper('ticket-victim', 'T-VICTIM-1', 'SH01');
    const attacker = await shopper('ticket-attacker', 'T-ATTACKER-1', 'GZ01');
    const before = (await count()).tickets.length;
    const theirs = await open(attacker.api, complaint('T-VICTIM-1'));
    expect(theirs.status).toBe(404);
    expect(((await theirs.json()) as { code: string }).code).toBe('NOT_FOUND');
    const unvisited = await open(attacker.api, { ...complaint('x'), source: { kind: 'visit', storeCode: 'SH01' } });
    expect(unvisited.status).toBe(404);
    const visited = await open(attacker.api, { ...complaint('x'), source: { kind: 'visit', storeCode: 'GZ01' } });
    expect(visited.status).toBe(201);
    for (const body of [
      { ...complaint('T-ATTACKER-1'), text: '太差' },
      { ...complaint('T-ATTACKER-1'), text: '差'.repeat(501) },
      { ...complaint('T-ATTACKER-1'), type: 'refund-me' },
      { ...complaint('T-ATTACKER-1'), photoIds: ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32), 'd'.repeat(32)] },
    ]) {
      const refused = await open(attacker.api, body);
      expect(refused.status).toBe(400);
    }
    expect((await attacker.api('/api/v1/me/service-tickets', { body: complaint('T-ATTACKER-1') })).status).toBe(400);
    expect((await count()).tickets.length).toBe(before + 1);
  });

  it('shows each manager the queue of their stores by deadline; other stores’ tickets are out of reach (attack)', async () => {
    const regular = await shopper('ticket-queue-regular', 'T-Q-1', 'SH01');
    const gold = await shopper('ticket-queue-gold', 'T-Q-2', 'SH01');
    await hq(`/api/v1/hq/members/${gold.memberNo}/tier-floor`, { method: 'PUT', body: { floorCode: 'black_diamond' } });
    const late = MemberServiceTicket.parse(await (await open(regular.api, complaint('T-Q-1'))).json());
    const soon = MemberServiceTicket.parse(await (await open(gold.api, complaint('T-Q-2'))).json());

    const queue = StaffServiceTicketQueue.parse(await (await shManager.api('/api/v1/staff/service-tickets')).json());
    expect(queue.pointsCap).toBe(500);
    expect(queue.tickets.every((t) => t.storeCode === 'SH01')).toBe(true);
    const ids = queue.tickets.map((t) => t.id);
    expect(ids.indexOf(soon.id)).toBeLessThan(ids.indexOf(late.id));
    const dues = queue.tickets.map((t) => Date.parse(t.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));

    const gzQueue = StaffServiceTicketQueue.parse(await (await gzManager.api('/api/v1/staff/service-tickets')).json());
    expect(gzQueue.tickets.map((t) => t.id)).not.toContain(soon.id);
    for (const attempt of [
      gzManager.api(`/api/v1/staff/service-tickets/${soon.id}`),
      gzManager.api(`/api/v1/staff/service-tickets/${soon.id}/replies`, { body: { text: '您好' }, headers: key() }),
      gzManager.api(`/api/v1/staff/service-tickets/${soon.id}/resolution`, {
        body: { note: '已处理', compensation: { kind: 'points', points: 100 } },
        headers: key(),
      }),
      gzManager.api(`/api/v1/staff/service-tickets/${soon.id}/close`, { method: 'POST' }),
    ]) {
      expect((await attempt).status).toBe(404);
    }
    // A member is no staff: the staff endpoints refuse them, and their own ticket list holds only their tickets.
    expect((await regular.api('/api/v1/staff/service-tickets')).status).toBe(403);
    expect((await regular.api(`/api/v1/me/service-tickets/${soon.id}`)).status).toBe(404);
    const ticket = MemberServiceTicket.parse(await (await gold.api(`/api/v1/me/service-tickets/${soon.id}`)).json());
    expect(ticket.status).toBe('open');
    expect(await balance(gold.api)).toBeGreaterThan(0);
  });

  it('gives the manager of a store community the tickets of that store, and no other (attack)', async () => {
    const created = await hq('/api/v1/hq/communities', { body: { name: '杭州西湖店会员群', kind: 'store', storeCode: 'HZ01' } });
    expect(created.status).toBe(201);
    const { id: communityId } = (await created.json()) as { id: string };
    const lead = await loginAs(running, 'tickets-hz-community-lead');
    expect((await hq(`/api/v1/hq/communities/${communityId}/managers/${lead.member.memberNo}`, { method: 'PUT' })).status).toBe(
      200,
    );
    const leadApi = authorized(running, (await loginAs(running, 'tickets-hz-community-lead')).accessToken);
    const member = await shopper('ticket-hz', 'T-HZ-1', 'HZ01');
    const ticket = MemberServiceTicket.parse(await (await open(member.api, complaint('T-HZ-1'))).json());
    const queue = StaffServiceTicketQueue.parse(await (await leadApi('/api/v1/staff/service-tickets')).json());
    expect(queue.tickets.map((t) => t.id)).toEqual([ticket.id]);
    const answered = await leadApi(`/api/v1/staff/service-tickets/${ticket.id}/replies`, {
      body: { text: '您好，我是西湖店店长' },
      headers: key(),
    });
    expect(answered.status).toBe(200);
    // The Shanghai manager neither sees nor touches it.
    expect((await shManager.api(`/api/v1/staff/service-tickets/${ticket.id}`)).status).toBe(404);
  });

  it('tells the member of each reply (subscribe message queued, unread mark in the app), once per retried reply', async () => {
    const member = await shopper('ticket-reply', 'T-R-1', 'SH01');
    const ticket = MemberServiceTicket.parse(await (await open(member.api, complaint('T-R-1'))).json());
    const headers = key();
    const reply = () =>
      shManager.api(`/api/v1/staff/service-tickets/${ticket.id}/replies`, {
        body: { text: '您好，我们已联系仓库核实批次' },
        headers,
      });
    const [a, b] = await Promise.all([reply(), reply()]);
    // Both copies get the one answer (or the second is told the first is still running): one reply either way.
    expect([a.status, b.status]).toContain(200);
    expect([a.status, b.status].every((s) => s === 200 || s === 409)).toBe(true);
    const answered = StaffServiceTicket.parse(await (await shManager.api(`/api/v1/staff/service-tickets/${ticket.id}`)).json());
    expect(answered.messages.filter((m) => m.from === 'staff')).toHaveLength(1);
    expect(answered).toMatchObject({ status: 'answered', breached: false });
    expect(answered.firstReplyAt).toBeDefined();

    const list = MemberServiceTicketList.parse(await (await member.api('/api/v1/me/service-tickets')).json());
    expect(list.unread).toBe(1);
    const queued = await notifications.find({ memberId: new Types.ObjectId(member.id), kind: 'service-ticket-reply' }).lean();
    expect(queued).toHaveLength(1);
    expect(queued[0].page).toBe(`packages/service/ticket?id=${ticket.id}`);
    const read = MemberServiceTicket.parse(await (await member.api(`/api/v1/me/service-tickets/${ticket.id}`)).json());
    expect(read.messages.map((m) => m.from)).toEqual(['staff']);
    expect(MemberServiceTicketList.parse(await (await member.api('/api/v1/me/service-tickets')).json()).unread).toBe(0);
    const entries = await audit(`action=service-ticket.reply&targetId=${ticket.id}`);
    expect(entries).toEqual([expect.objectContaining({ actor: shManager.id, role: 'manager' })]);
  });

  it('refuses a compensation above the role’s cap with a stable code, changing nothing (attack)', async () => {
    const member = await shopper('ticket-cap', 'T-CAP-1', 'SH01');
    const ticket = MemberServiceTicket.parse(await (await open(member.api, complaint('T-CAP-1'))).json());
    const before = await balance(member.api);
    const over = await shManager.api(`/api/v1/staff/service-tickets/${ticket.id}/resolution`, {
      body: { note: '补偿积分', compensation: { kind: 'points', points: 501 } },
      headers: key(),
    });
    expect(over.status).toBe(403);
    expect(await over.json()).toMatchObject({ code: 'COMPENSATION_OVER_CAP', details: { cap: 500 } });
    const hqOver = await hq(`/api/v1/staff/service-tickets/${ticket.id}/resolution`, {
      body: { note: '补偿积分', compensation: { kind: 'points', points: 5001 } },
      headers: key(),
    });
    expect(hqOver.status).toBe(403);
    expect(((await hqOver.json()) as { code: string }).code).toBe('COMPENSATION_OVER_CAP');
    const after = StaffServiceTicket.parse(await (await shManager.api(`/api/v1/staff/service-tickets/${ticket.id}`)).json());
    expect(after.status).toBe('open');
    expect(after.compensation).toBeUndefined();
    expect(await balance(member.api)).toBe(before);
    expect((await audit(`action=service-ticket.compensation-refused&targetId=${ticket.id}`)).length).toBe(2);
  });

  it('never lets staff compensate their own account (attack)', async () => {
    // The Shanghai manager shops at their own store and complains.
    const self = await loginAs(running, 'tickets-sh-manager');
    const phone = '13988887777';
    await running.app.get(MembersService).attachPhone(self.member.id, phone);
    await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId: 'T-SELF-1',
        member: { phone },
        channel: 'store',
        storeCode: 'SH01',
        paidAt: new Date(Date.now() - 60_000).toISOString(),
        lines: [{ sku: 'SK-1', category: '护肤', quantity: 1, unitPriceFen: 1_000 }],
        totalFen: 1_000,
      },
      pos,
    );
    const ticket = MemberServiceTicket.parse(await (await open(shManager.api, complaint('T-SELF-1'))).json());
    const before = await balance(shManager.api);
    const refused = await shManager.api(`/api/v1/staff/service-tickets/${ticket.id}/resolution`, {
      body: { note: '补偿', compensation: { kind: 'points', points: 10 } },
      headers: key(),
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'OWN_ACCOUNT' } });
    expect(await balance(shManager.api)).toBe(before);
    expect(hqId).not.toBe(shManager.id);
  });

  it('pays a compensation once when two staff resolve at once and when a resolution is retried (concurrency)', async () => {
    const member = await shopper('ticket-race', 'T-RACE-1', 'SH01');
    const ticket = MemberServiceTicket.parse(await (await open(member.api, complaint('T-RACE-1'))).json());
    const before = await balance(member.api);
    const headers = key();
    const byManager = () =>
      shManager.api(`/api/v1/staff/service-tickets/${ticket.id}/resolution`, {
        body: { note: '抱歉给您带来不便，补偿 300 积分', compensation: { kind: 'points', points: 300 } },
        headers,
      });
    const byHq = hq(`/api/v1/staff/service-tickets/${ticket.id}/resolution`, {
      body: { note: '补偿 400 积分', compensation: { kind: 'points', points: 400 } },
      headers: key(),
    });
    const answers = await Promise.all([byManager(), byHq, byManager()]);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Array<{ code?: string }>;
    for (const [i, body] of bodies.entries())
      if (statuses[i] === 409) expect(['TICKET_CLOSED', 'IDEMPOTENCY_KEY_IN_PROGRESS']).toContain(body.code);
    const resolved = StaffServiceTicket.parse(await (await hq(`/api/v1/staff/service-tickets/${ticket.id}`)).json());
    expect(resolved.status).toBe('resolved');
    expect(resolved.compensation?.state).toBe('paid');
    const paid = resolved.compensation?.points ?? 0;
    expect([300, 400]).toContain(paid);
    expect(await balance(member.api)).toBe(before + paid);
    // The manager's retry afterwards gets the first answer and pays nothing more.
    expect((await byManager()).status).toBe(resolved.compensation?.byRole === 'manager' ? 200 : 409);
    expect(await balance(member.api)).toBe(before + paid);
    expect((await audit(`action=service-ticket.resolve&targetId=${ticket.id}`)).length).toBe(1);

    // Closing follows; closing again changes nothing; a closed ticket takes no more replies.
    const closed = await shManager.api(`/api/v1/staff/service-tickets/${ticket.id}/close`, { method: 'POST' });
    expect(StaffServiceTicket.parse(await closed.json()).status).toBe('closed');
    expect((await shManager.api(`/api/v1/staff/service-tickets/${ticket.id}/close`, { method: 'POST' })).status).toBe(200);
    expect((await audit(`action=service-ticket.close&targetId=${ticket.id}`)).length).toBe(1);
    const late = await shManager.api(`/api/v1/staff/service-tickets/${ticket.id}/replies`, {
      body: { text: '还有吗' },
      headers: key(),
    });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { code: string }).code).toBe('TICKET_CLOSED');
    const seen = MemberServiceTicket.parse(await (await member.api(`/api/v1/me/service-tickets/${ticket.id}`)).json());
    expect(seen).toMatchObject({ status: 'closed', compensation: { kind: 'points', points: paid, state: 'paid' } });
  });

  it('compensates with a coupon HQ released to managers, and only such a coupon (attack)', async () => {
    const template = async (releasedToManagers: boolean) => {
      const created = await hq('/api/v1/hq/coupon-templates', {
        body: {
          name: releasedToManagers ? '售后补偿券' : '总部专享券',
          benefit: { kind: 'fixed', amountFen: 2_000 },
          validity: { type: 'afterClaim', days: 30 },
          totalStock: 100,
          releasedToManagers,
        },
      });
      expect(created.status).toBe(201);
      return CouponTemplateView.parse(await created.json());
    };
    const released = await template(true);
    const hqOnly = await template(false);
    const options = (await (await shManager.api('/api/v1/staff/service-tickets/compensation-options')).json()) as {
      templates: Array<{ id: string }>;
      pointsCap: number;
    };
    expect(options.templates.map((t) => t.id)).toContain(released.id);
    expect(options.templates.map((t) => t.id)).not.toContain(hqOnly.id);

    const member = await shopper('ticket-coupon', 'T-COUPON-1', 'SH01');
    const ticket = MemberServiceTicket.parse(await (await open(member.api, complaint('T-COUPON-1'))).json());
    const refused = await shManager.api(`/api/v1/staff/service-tickets/${ticket.id}/resolution`, {
      body: { note: '送您一张券', compensation: { kind: 'coupon', templateId: hqOnly.id } },
      headers: key(),
    });
    expect(refused.status).toBe(403);
    const given = await shManager.api(`/api/v1/staff/service-tickets/${ticket.id}/resolution`, {
      body: { note: '送您一张券', compensation: { kind: 'coupon', templateId: released.id } },
      headers: key(),
    });
    expect(given.status).toBe(200);
    expect(StaffServiceTicket.parse(await given.json()).compensation).toMatchObject({
      kind: 'coupon',
      couponName: '售后补偿券',
      state: 'paid',
    });
    const wallet = (await (await member.api('/api/v1/me/coupons')).json()) as { coupons: Array<{ name: string }> };
    expect(wallet.coupons.filter((c) => c.name === '售后补偿券')).toHaveLength(1);
  });

  it('escalates a ticket with no first reply by its deadline once, and shows it on HQ’s dashboard', async () => {
    const member = await shopper('ticket-breach', 'T-BREACH-1', 'GZ01');
    await hq(`/api/v1/hq/members/${member.memberNo}/tier-floor`, { method: 'PUT', body: { floorCode: 'gold' } });
    const ticket = MemberServiceTicket.parse(await (await open(member.api, complaint('T-BREACH-1'))).json());
    const online = await shopper('ticket-online', 'T-ONLINE-1');
    const onlineTicket = MemberServiceTicket.parse(await (await open(online.api, complaint('T-ONLINE-1'))).json());
    expect(
      StaffServiceTicketQueue.parse(await (await gzManager.api('/api/v1/staff/service-tickets')).json()).tickets.map((t) => t.id),
    ).not.toContain(onlineTicket.id);
    const job = running.app.get(ServiceTicketEscalationJob);
    const time = timeOf(running);
    try {
      time.advance(3 * HOUR);
      // Access tokens expire: staff sign in again in the later hour.
      hq = authorized(running, (await loginAs(running, 'tickets-hq')).accessToken);
      const shLater = authorized(running, (await loginAs(running, 'tickets-sh-manager')).accessToken);
      const [first, second] = await Promise.all([job.run(), job.run()]);
      expect(first.escalated + second.escalated).toBeGreaterThanOrEqual(1);
      expect((await job.run()).escalated).toBe(0);
      const escalated = StaffServiceTicket.parse(await (await hq(`/api/v1/staff/service-tickets/${ticket.id}`)).json());
      expect(escalated.breached).toBe(true);
      expect(escalated.escalatedAt).toBeDefined();
      expect((await audit(`action=service-ticket.escalate&targetId=${ticket.id}`)).length).toBe(1);

      // HQ answers the online order's ticket (HQ's own queue) 3 h on: within a regular member's 24 h.
      const lateReply = await hq(`/api/v1/staff/service-tickets/${onlineTicket.id}/replies`, {
        body: { text: '抱歉久等了' },
        headers: key(),
      });
      expect(StaffServiceTicket.parse(await lateReply.json())).toMatchObject({ breached: false, status: 'answered' });
      const dashboard = ServiceTicketDashboard.parse(await (await hq('/api/v1/hq/service-tickets/dashboard?days=30')).json());
      expect(dashboard.breached).toBeGreaterThanOrEqual(1);
      expect(dashboard.escalated).toBeGreaterThanOrEqual(1);
      expect(dashboard.open).toBeGreaterThanOrEqual(1);
      expect(dashboard.medianFirstReplyMinutes).not.toBeNull();
      const gz = dashboard.byStore.find((s) => s.storeCode === 'GZ01');
      expect(gz?.breached).toBeGreaterThanOrEqual(1);
      expect(gz!.breachRate).toBeCloseTo(gz!.breached / gz!.tickets);
      expect((await shLater('/api/v1/hq/service-tickets/dashboard')).status).toBe(403);
    } finally {
      time.reset();
      hq = authorized(running, (await loginAs(running, 'tickets-hq')).accessToken);
    }
  });

  it('opens one ticket for a survey’s detractor however often asked (the survey feature’s entry)', async () => {
    const member = await shopper('ticket-detractor', 'T-DET-1', 'SH01');
    const tickets = running.app.get(ServiceTicketsService);
    const request = {
      memberId: new Types.ObjectId(member.id),
      surveyResponseId: 'survey-answer-1',
      text: '满意度调查打了 2 分：排队太久',
      orderId: 'T-DET-1',
    };
    const [a, b] = await Promise.all([tickets.openForDetractor(request), tickets.openForDetractor(request)]);
    expect(a.ticketId).toBe(b.ticketId);
    expect([a.opened, b.opened].filter(Boolean)).toHaveLength(1);
    const mine = MemberServiceTicketList.parse(await (await member.api('/api/v1/me/service-tickets')).json());
    expect(mine.tickets).toEqual([
      expect.objectContaining({ id: a.ticketId, type: 'complaint', source: { kind: 'order', orderId: 'T-DET-1' } }),
    ]);
  });
});
