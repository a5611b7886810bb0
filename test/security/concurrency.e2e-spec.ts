import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, type RunningApp } from '../support/app';
import { addProducts } from '../support/catalogue';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

type Api = ReturnType<typeof authorized>;
const HOUR = 3_600_000;

/**
 * Everything at once on the same members: purchases (each sent twice), refunds (twice), points exchanges (twice
 * per key), claims over the limit, coupon redemptions from two tills, group joins and activity sign-ups. Then the
 * books are checked: every balance equals its ledger and its lots, no limit was passed, nothing applied twice.
 */
describe('concurrency across features on the same members', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let hq: Api;
  let operations = 0;

  beforeAll(async () => {
    running = await startApp();
    pos = await running.app.get(IntegrationsService).register('storm-pos', 'Storm POS');
    hq = authorized(running, (await loginAsStaff(running, 'storm-hq', 'hq')).accessToken);
    await addProducts(hq, [{ sku: 'GB-STORM', name: '风暴拼团' }]);
  });
  afterAll(async () => {
    await running?.close();
    console.log(`concurrency: ${operations} concurrent operations`);
  });

  const db = () => running.app.get<Connection>(getConnectionToken()).db!;
  const twice = <T>(make: () => Promise<T>) => Promise.all([make(), make()]);

  it('keeps every balance equal to its ledger and every limit held', async () => {
    const MEMBERS = 20;
    const people = await Promise.all(
      Array.from({ length: MEMBERS }, async (_, i) => {
        const session = await loginAs(running, `storm-${i}`);
        const phone = String(13_700_000_000 + i);
        await running.app.get(MembersService).attachPhone(session.member.id, phone);
        return { api: authorized(running, session.accessToken), phone, id: session.member.id };
      }),
    );
    // Starting points for everyone, so spends race with earns.
    await Promise.all(
      people.map((p, i) =>
        signedPost(
          running.baseUrl,
          '/api/v1/purchases',
          {
            orderId: `STORM-SEED-${i}`,
            member: { phone: p.phone },
            channel: 'online',
            paidAt: new Date().toISOString(),
            lines: [{ sku: 'SEED', category: '护肤', quantity: 1, unitPriceFen: 30_000 }],
            totalFen: 30_000,
          },
          pos,
        ),
      ),
    );

    const claimable = (await (
      await hq('/api/v1/hq/coupon-templates', {
        body: {
          name: '风暴券',
          benefit: { kind: 'fixed', amountFen: 500 },
          validity: { type: 'afterClaim', days: 7 },
          totalStock: 25,
          perMemberLimit: 2,
        },
      })
    ).json()) as { id: string };
    const exchangeable = (await (
      await hq('/api/v1/hq/coupon-templates', {
        body: {
          name: '积分券',
          benefit: { kind: 'fixed', amountFen: 800 },
          validity: { type: 'afterClaim', days: 7 },
          totalStock: 1000,
          perMemberLimit: 5,
          pointsPrice: 100,
        },
      })
    ).json()) as { id: string };
    const deal = (await (
      await hq('/api/v1/staff/group-buy-deals', {
        body: {
          skuCode: 'GB-STORM',
          skuName: '风暴拼团',
          normalPriceFen: 10_000,
          groupPriceFen: 6_000,
          groupSize: 5,
          timeLimitMinutes: 60,
          maxGroups: 10,
          perMemberLimit: 1,
          startsAt: new Date(Date.now() - HOUR).toISOString(),
          endsAt: new Date(Date.now() + 24 * HOUR).toISOString(),
        },
      })
    ).json()) as { id: string };
    const community = (await (await hq('/api/v1/hq/communities', { body: { name: '风暴社群', kind: 'interest' } })).json()) as {
      id: string;
    };
    const activity = (await (
      await hq(`/api/v1/staff/communities/${community.id}/activities`, {
        body: {
          title: '风暴活动',
          coverImageUrl: 'https://img.example.com/storm.jpg',
          startsAt: new Date(Date.now() + 2 * HOUR).toISOString(),
          endsAt: new Date(Date.now() + 3 * HOUR).toISOString(),
          place: '上海',
          capacity: 7,
        },
      })
    ).json()) as { id: string };
    await hq(`/api/v1/staff/activities/${activity.id}/publish`, { method: 'POST' });
    const leader = people[0];
    const group = (await (
      await leader.api(`/api/v1/group-buys/deals/${deal.id}/groups`, {
        method: 'POST',
        headers: { 'idempotency-key': 'storm-open-1' },
      })
    ).json()) as { id: string };

    const work: Array<Promise<unknown>> = [];
    const add = (p: Promise<unknown>) => {
      operations += 1;
      work.push(p);
    };
    people.forEach((p, i) => {
      for (let n = 0; n < 3; n++) {
        const body = {
          orderId: `STORM-${i}-${n}`,
          member: { phone: p.phone },
          channel: 'store',
          storeCode: 'SH01',
          paidAt: new Date().toISOString(),
          lines: [{ sku: 'SK', category: '彩妆', quantity: 2, unitPriceFen: 5_000 }],
          totalFen: 10_000,
        };
        add(twice(() => signedPost(running.baseUrl, '/api/v1/purchases', body, pos)));
      }
      add(
        twice(() =>
          signedPost(
            running.baseUrl,
            '/api/v1/refunds',
            {
              refundId: `STORM-SEED-${i}-R`,
              orderId: `STORM-SEED-${i}`,
              lines: [{ sku: 'SEED', quantity: 1 }],
              refundedAt: new Date().toISOString(),
            },
            pos,
          ),
        ),
      );
      for (let n = 0; n < 2; n++) {
        add(
          twice(() =>
            p.api(`/api/v1/coupons/templates/${exchangeable.id}/exchange`, {
              method: 'POST',
              headers: { 'idempotency-key': `storm-x-${i}-${n}` },
            }),
          ),
        );
      }
      for (let n = 0; n < 3; n++) {
        add(
          p.api(`/api/v1/coupons/templates/${claimable.id}/claim`, {
            method: 'POST',
            headers: { 'idempotency-key': `storm-c-${i}-${n}` },
          }),
        );
      }
      if (i > 0) add(p.api(`/api/v1/group-buys/groups/${group.id}/join`, { method: 'POST' }));
      add(twice(() => p.api(`/api/v1/activities/${activity.id}/sign-up`, { method: 'POST' })));
      add(p.api('/api/v1/me/sign-in', { method: 'POST' }));
    });
    const responses = (await Promise.all(work)).flat() as Response[];
    const serverErrors = responses.filter((r) => r.status >= 500);
    expect(serverErrors.map((r) => r.status)).toEqual([]);

    // Coupons redeemed from two tills at once: each once.
    const redemptions: Array<Promise<Response[]>> = [];
    for (const [i, p] of people.entries()) {
      const { coupons } = (await (await p.api('/api/v1/me/coupons')).json()) as { coupons: Array<{ id: string }> };
      for (const coupon of coupons.slice(0, 2)) {
        const { token } = (await (await p.api(`/api/v1/me/coupons/${coupon.id}/token`, { method: 'POST' })).json()) as {
          token: string;
        };
        redemptions.push(
          Promise.all(
            ['A', 'B'].map((till) =>
              signedPost(
                running.baseUrl,
                '/api/v1/coupons/redeem',
                { token, orderId: `STORM-TILL-${i}-${coupon.id}-${till}`, orderTotalFen: 10_000, channel: 'store' },
                pos,
              ),
            ),
          ),
        );
        operations += 2;
      }
    }
    for (const pair of await Promise.all(redemptions)) expect(pair.filter((r) => r.status === 200)).toHaveLength(1);

    // The books.
    const accounts = await db().collection('points_accounts').find().toArray();
    for (const account of accounts) {
      const [ledger] = await db()
        .collection('points_entries')
        .aggregate([{ $match: { memberId: account._id } }, { $group: { _id: null, points: { $sum: '$points' } } }])
        .toArray();
      const [lots] = await db()
        .collection('points_lots')
        .aggregate([{ $match: { memberId: account._id } }, { $group: { _id: null, remaining: { $sum: '$remaining' } } }])
        .toArray();
      expect({ member: account._id, balance: account.balance }).toEqual({ member: account._id, balance: ledger?.points ?? 0 });
      expect(lots?.remaining ?? 0).toBe(account.balance);
      expect(account.balance).toBeGreaterThanOrEqual(0);
    }
    // Each order earned once, each refund clawed back once, each exchange spent once.
    const keys = await db()
      .collection('points_entries')
      .aggregate([{ $group: { _id: '$idempotencyKey', n: { $sum: 1 } } }, { $match: { n: { $gt: 1 } } }])
      .toArray();
    expect(keys).toEqual([]);
    const exchanges = await db()
      .collection('coupons')
      .countDocuments({ templateId: { $exists: true }, issueKey: /^exchange:/ });
    expect(exchanges).toBeLessThanOrEqual(MEMBERS * 2);
    const burns = await db().collection('points_entries').countDocuments({ kind: 'burn', 'source.type': 'coupon-exchange' });
    expect(burns).toBe(exchanges);
    // Limits.
    const claimed = await db()
      .collection('coupons')
      .aggregate([{ $match: { issueKey: /^claim:/ } }, { $group: { _id: '$memberId', n: { $sum: 1 } } }])
      .toArray();
    expect(claimed.reduce((sum, c) => sum + (c.n as number), 0)).toBe(25);
    expect(Math.max(...claimed.map((c) => c.n as number))).toBeLessThanOrEqual(2);
    const groupView = (await (await leader.api(`/api/v1/group-buys/groups/${group.id}`)).json()) as {
      members: unknown[];
      status: string;
    };
    expect(groupView.members).toHaveLength(5);
    expect(groupView.status).toBe('succeeded');
    const confirmed = await db().collection('activity_sign_ups').countDocuments({ state: 'confirmed' });
    expect(confirmed).toBe(7);
    const signUps = await db()
      .collection('activity_sign_ups')
      .countDocuments({ state: { $in: ['confirmed', 'waitlisted'] } });
    expect(signUps).toBe(MEMBERS);
    const signIns = await db().collection('sign_in_days').countDocuments();
    expect(signIns).toBe(MEMBERS);
  }, 180_000);
});
