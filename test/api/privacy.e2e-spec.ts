import { getModelToken } from '@nestjs/mongoose';
import { MyDataExport } from '@memberloop/shared';
import type { Model } from 'mongoose';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { Member } from '../../server/src/members/schemas/member.schema';
import { Purchase } from '../../server/src/purchases/schemas/purchase.schema';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

describe('privacy: a copy of my data, and deleting my account', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => {
    await running?.close();
  });

  async function activeMember(name: string, phone: string, orderId: string) {
    const session = await loginAs(running, name);
    await running.app.get(MembersService).attachPhone(session.member.id, phone);
    const pos = await running.app.get(IntegrationsService).register(`privacy-${name}`, 'Privacy POS');
    await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId,
        member: { phone },
        storeCode: 'HZ01',
        channel: 'store',
        paidAt: new Date().toISOString(),
        lines: [{ sku: 'SK-7', category: '香氛', quantity: 2, unitPriceFen: 15_000 }],
        totalFen: 30_000,
      },
      pos,
    );
    const api = authorized(running, session.accessToken);
    await api('/api/v1/me/sign-in', { method: 'POST' });
    await api('/api/v1/me/reviews', { body: { orderId, sku: 'SK-7', rating: 4, text: '味道很高级，留香持久，朋友都问' } });
    return { session, api };
  }

  it('exports everything the brand holds about the member, and nothing about anyone else', async () => {
    const { api, session } = await activeMember('privacy-ann', '13600001111', 'PRIV-A');
    await activeMember('privacy-other', '13600002222', 'PRIV-B');
    const response = await api('/api/v1/me/export');
    expect(response.status).toBe(200);
    const data = MyDataExport.parse(await response.json());
    expect(data.profile).toMatchObject({ memberNo: session.member.memberNo, phoneMasked: '136****1111' });
    expect(data.purchases.map((p) => p.orderId)).toEqual(['PRIV-A']);
    expect(data.points.entries.map((e) => e.code).sort()).toEqual(['purchase', 'review', 'sign-in']);
    expect(data.points.entries.find((e) => e.code === 'purchase')?.params).toEqual({ channel: 'store', orderNo: 'PRIV-A' });
    expect(data.points.balance).toBe(data.points.entries.reduce((sum, e) => sum + e.points, 0));
    expect(data.reviews).toHaveLength(1);
    expect(data.signInDays).toHaveLength(1);
    expect(JSON.stringify(data)).not.toContain('PRIV-B');
    expect(JSON.stringify(data)).not.toContain('13600001111');
  });

  it('deletes the account: personal data erased, sessions ended, orders kept anonymously, free to join again', async () => {
    const { api, session } = await activeMember('privacy-bo', '13600003333', 'PRIV-C');
    const unconfirmed = await api('/api/v1/me/delete-account', { body: {} });
    expect(unconfirmed.status).toBe(400);
    expect((await api('/api/v1/me/profile')).status).toBe(200);

    const deleted = await api('/api/v1/me/delete-account', { body: { confirm: true } });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ deleted: true });

    expect((await api('/api/v1/me/profile')).status).toBe(404);
    const refresh = await fetch(`${running.baseUrl}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
    expect(refresh.status).toBe(401);

    const record = await running.app.get<Model<Member>>(getModelToken(Member.name)).findById(session.member.id).lean();
    expect(record).toMatchObject({ status: 'deleted' });
    for (const field of ['openid', 'unionid', 'phoneIndex', 'phoneEncrypted', 'nickname', 'birthday'] as const)
      expect(record?.[field]).toBeUndefined();
    const order = await running.app.get<Model<Purchase>>(getModelToken(Purchase.name)).findOne({ orderId: 'PRIV-C' }).lean();
    expect(order?.totalFen).toBe(30_000);

    const hq = authorized(running, (await loginAsStaff(running, 'privacy-hq', 'hq')).accessToken);
    expect((await hq(`/api/v1/staff/members/${session.member.memberNo}`)).status).toBe(404);

    const again = await loginAs(running, 'privacy-bo');
    expect(again.member).toMatchObject({ isNew: true });
    expect(again.member.memberNo).not.toBe(session.member.memberNo);
    // The phone is free again too.
    await running.app.get(MembersService).attachPhone(again.member.id, '13600003333');
  });

  it('covers the engagement features: the copy lists them, deleting the account gives up seats to the waitlist', async () => {
    const hq = authorized(running, (await loginAsStaff(running, 'privacy-hq-2', 'hq')).accessToken);
    const community = (await (
      await hq('/api/v1/hq/communities', { body: { name: '隐私测试社群', kind: 'interest' } })
    ).json()) as { id: string };
    const start = Date.now() + 2 * 3_600_000;
    const created = await hq(`/api/v1/staff/communities/${community.id}/activities`, {
      body: {
        title: '一个座位的活动',
        coverImageUrl: 'https://img.example.com/one.jpg',
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 3_600_000).toISOString(),
        place: '上海',
        capacity: 1,
      },
    });
    const activity = (await created.json()) as { id: string };
    expect((await hq(`/api/v1/staff/activities/${activity.id}/publish`, { method: 'POST' })).status).toBe(200);

    const leaving = await loginAs(running, 'privacy-leaver');
    const api = authorized(running, leaving.accessToken);
    const waiting = authorized(running, (await loginAs(running, 'privacy-waiter')).accessToken);
    expect(await (await api(`/api/v1/activities/${activity.id}/sign-up`, { method: 'POST' })).json()).toMatchObject({
      state: 'confirmed',
    });
    expect(await (await waiting(`/api/v1/activities/${activity.id}/sign-up`, { method: 'POST' })).json()).toMatchObject({
      state: 'waitlisted',
      waitlistPosition: 1,
    });
    const post = await api('/api/v1/me/posts', {
      body: { kind: 'show', text: '我的第一篇晒单' },
      headers: { 'idempotency-key': 'privacy-post-1' },
    });
    expect(post.status).toBe(201);

    const copy = MyDataExport.parse(await (await api('/api/v1/me/export')).json());
    expect(copy.activities.map((a) => a.id)).toEqual([activity.id]);
    expect(copy.communities.map((c) => c.id)).toEqual([community.id]);
    expect(copy.posts).toHaveLength(1);
    expect(copy.referral.invitations).toEqual([]);
    expect(copy.groupBuys).toEqual([]);
    expect(copy.assistTasks).toEqual([]);

    expect((await api('/api/v1/me/delete-account', { body: { confirm: true } })).status).toBe(200);
    expect(await (await waiting(`/api/v1/activities/${activity.id}`)).json()).toMatchObject({ me: { state: 'confirmed' } });
    const feed = (await (await waiting('/api/v1/posts')).json()) as { posts: unknown[] };
    expect(feed.posts).toEqual([]);
  });
});
