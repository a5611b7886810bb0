import { getModelToken } from '@nestjs/mongoose';
import { MemberHome, type PostView } from '@memberloop/shared';
import { Types, type Model } from 'mongoose';
import { StaffRole } from '../../server/src/staff/schemas/staff-role.schema';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { Integration } from '../../server/src/integrations/schemas/integration.schema';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

/**
 * A staff member's rights are what the database says now, not what their access token said when it was issued:
 * a revoked HQ or a manager taken off a community is refused on their very next request.
 */
describe('staff rights are read from the database on every request', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;
  let roles: Model<StaffRole>;
  let keys = 0;

  beforeAll(async () => {
    running = await startApp();
    hq = authorized(running, (await loginAsStaff(running, 'rights-hq', 'hq')).accessToken);
    roles = running.app.get<Model<StaffRole>>(getModelToken(StaffRole.name));
  });
  afterAll(async () => {
    await running?.close();
  });

  const integrationCount = () => running.app.get<Model<Integration>>(getModelToken(Integration.name)).countDocuments();
  const expectForbidden = async (response: Response) => {
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'FORBIDDEN' });
  };

  it('refuses an HQ whose role was deleted, on the next request, creating nothing', async () => {
    const session = await loginAsStaff(running, 'rights-revoked-hq', 'hq');
    const revoked = authorized(running, session.accessToken);
    // Used once, so whatever the server keeps about this caller is warm.
    expect((await revoked('/api/v1/hq/integrations')).status).toBe(200);
    expect((await revoked('/api/v1/hq/integrations', { body: { integrationId: 'rights-ok', name: 'ok' } })).status).toBe(201);

    await roles.deleteOne({ memberId: new Types.ObjectId(session.member.id) });
    const before = await integrationCount();
    await expectForbidden(await revoked('/api/v1/hq/integrations', { body: { integrationId: 'rights-stolen', name: 'x' } }));
    await expectForbidden(await revoked('/api/v1/hq/integrations/rights-ok/rotate-secret', { method: 'POST' }));
    await expectForbidden(await revoked('/api/v1/staff/posts'));
    expect(await integrationCount()).toBe(before);
  });

  it('refuses HQ routes to an HQ demoted to manager', async () => {
    const session = await loginAsStaff(running, 'rights-demoted-hq', 'hq');
    const demoted = authorized(running, session.accessToken);
    expect((await demoted('/api/v1/hq/integrations')).status).toBe(200);
    await roles.updateOne({ memberId: new Types.ObjectId(session.member.id) }, { $set: { role: 'manager' } });
    const before = await integrationCount();
    await expectForbidden(await demoted('/api/v1/hq/integrations', { body: { integrationId: 'rights-demoted', name: 'x' } }));
    expect(await integrationCount()).toBe(before);
    // Still a manager: manager routes stay open.
    expect((await demoted('/api/v1/staff/posts')).status).toBe(200);
  });

  it('refuses a manager taken off a community there at once: the post stays pending, its author unpaid', async () => {
    const community = (await (await hq('/api/v1/hq/communities', { body: { name: '权限社群', kind: 'interest' } })).json()) as {
      id: string;
    };
    const managerLogin = await loginAs(running, 'rights-manager');
    expect(
      (await hq(`/api/v1/hq/communities/${community.id}/managers/${managerLogin.member.memberNo}`, { method: 'PUT' })).status,
    ).toBe(200);
    const manager = authorized(running, (await loginAs(running, 'rights-manager')).accessToken);

    const author = authorized(running, (await loginAs(running, 'rights-author')).accessToken);
    expect((await author(`/api/v1/communities/${community.id}/membership`, { method: 'POST' })).status).toBeLessThan(300);
    const submit = (text: string) =>
      author('/api/v1/me/posts', {
        body: { kind: 'show', text, communityId: community.id },
        headers: { 'idempotency-key': `rights-post-${++keys}` },
      });
    const first = (await (await submit('社群里的第一篇晒单')).json()) as PostView;
    const second = (await (await submit('社群里的第二篇晒单')).json()) as PostView;
    const balance = async () => MemberHome.parse(await (await author('/api/v1/me/home')).json()).points.balance;

    // While they manage it they may approve (and the author is paid): the server knows them as its manager.
    const approved = await manager(`/api/v1/staff/posts/${first.id}/decision`, { body: { decision: 'approve' } });
    expect(approved.status).toBe(200);
    const paid = await balance();
    expect(paid).toBeGreaterThan(0);

    const removed = await hq(`/api/v1/hq/communities/${community.id}/managers/${managerLogin.member.memberNo}`, {
      method: 'DELETE',
    });
    expect(removed.status).toBe(200);
    await expectForbidden(await manager(`/api/v1/staff/posts/${second.id}/decision`, { body: { decision: 'approve' } }));
    const queue = (await (await manager('/api/v1/staff/posts')).json()) as { posts: PostView[] };
    expect(queue.posts).toEqual([]);
    expect(await balance()).toBe(paid);
    const pending = (await (await hq('/api/v1/staff/posts?status=pending')).json()) as { posts: PostView[] };
    expect(pending.posts.map((p) => p.id)).toContain(second.id);
  });

  it('narrows a manager’s stores at once when HQ changes them', async () => {
    const pos = await running.app.get(IntegrationsService).register('rights-pos', 'Rights POS');
    const shopper = await loginAs(running, 'rights-shopper');
    await running.app.get(MembersService).attachPhone(shopper.member.id, '13655550001');
    const bought = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId: 'RIGHTS-1',
        member: { phone: '13655550001' },
        channel: 'store',
        storeCode: 'WX01',
        paidAt: new Date().toISOString(),
        lines: [{ sku: 'SK', category: '护肤', quantity: 1, unitPriceFen: 1_000 }],
        totalFen: 1_000,
      },
      pos,
    );
    expect(bought.status).toBe(200);
    const session = await loginAsStaff(running, 'rights-store-manager', 'manager', { storeIds: ['WX01'] });
    const manager = authorized(running, session.accessToken);
    expect((await manager(`/api/v1/staff/members/${shopper.member.memberNo}`)).status).toBe(200);

    const set = await hq(`/api/v1/hq/staff/${session.member.memberNo}/stores`, { method: 'PUT', body: { storeCodes: ['WX02'] } });
    expect(set.status).toBe(200);
    // Outside their stores a member is not there for them (as for any manager of other stores).
    expect((await manager(`/api/v1/staff/members/${shopper.member.memberNo}`)).status).toBe(404);
  });

  it('sees a change made behind the API (another instance, a script) within a few seconds', async () => {
    const session = await loginAsStaff(running, 'rights-script-hq', 'hq');
    const api = authorized(running, session.accessToken);
    expect((await api('/api/v1/hq/integrations')).status).toBe(200);
    // Straight to the collection, as another server instance or an operator's script would: no hook sees it.
    await roles.collection.deleteOne({ memberId: new Types.ObjectId(session.member.id) });
    timeOf(running).advance(6_000);
    try {
      await expectForbidden(await api('/api/v1/hq/integrations'));
    } finally {
      timeOf(running).reset();
    }
  });
});
