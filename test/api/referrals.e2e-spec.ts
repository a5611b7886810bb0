import { type LoginResult, MyReferral, PointsHistory, PurchaseIngestResult, ReferralProgramme } from '@memberloop/shared';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { ReferralPayoutsService } from '../../server/src/referrals/referral-payouts.service';
import { ReferralsService } from '../../server/src/referrals/referrals.service';
import { fakeLoginCode } from '../../server/src/wechat/fake/fake-wechat-identities';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

const DAY_MS = 86_400_000;

describe('referral: invitation codes, binding, rewards and anti-fraud', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let hq: ReturnType<typeof authorized>;
  let order = 0;
  let phones = 13_600_000_000;

  beforeAll(async () => {
    running = await startApp();
    pos = await running.app.get(IntegrationsService).register('referral-pos', 'Referral POS');
    hq = authorized(running, (await loginAsStaff(running, 'referral-hq', 'hq')).accessToken);
  });
  afterEach(() => timeOf(running).reset());
  afterAll(async () => {
    await running?.close();
  });

  const loginWithInvite = async (name: string, inviteCode?: string) => {
    const response = await fetch(`${running.baseUrl}/api/v1/auth/wechat-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: fakeLoginCode(name), ...(inviteCode === undefined ? {} : { inviteCode }) }),
    });
    return { status: response.status, body: (await response.json()) as LoginResult & { code?: string } };
  };
  const referralOf = async (token: string) =>
    MyReferral.parse(await (await authorized(running, token)('/api/v1/me/referral')).json());
  const balanceOf = async (token: string) =>
    ((await (await authorized(running, token)('/api/v1/me/home')).json()) as { points: { balance: number } }).points.balance;
  const withPhone = async (session: LoginResult) => {
    const phone = String(++phones);
    await running.app.get(MembersService).attachPhone(session.member.id, phone);
    return phone;
  };
  const buy = async (phone: string, totalFen: number) => {
    const orderId = `REF-${++order}`;
    const response = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId,
        member: { phone },
        storeCode: 'SH01',
        channel: 'store',
        paidAt: new Date().toISOString(),
        lines: [{ sku: 'SK-REF', category: '护肤', quantity: 1, unitPriceFen: totalFen }],
        totalFen,
      },
      pos,
    );
    return { orderId, result: PurchaseIngestResult.parse(await response.json()) };
  };
  const payDue = () => running.app.get(ReferralPayoutsService).payDue();
  const historyOf = async (token: string) =>
    PointsHistory.parse(await (await authorized(running, token)('/api/v1/me/points/history?limit=20')).json());

  it('signs a new member in even when binding their invitation fails, without claiming it bound', async () => {
    const inviter = await loginAs(running, 'inviter-fault');
    const { code } = await referralOf(inviter.accessToken);
    const binding = jest
      .spyOn(running.app.get(ReferralsService), 'bindNewMember')
      .mockRejectedValueOnce(new Error('the database went away'));
    try {
      const friend = await loginWithInvite('friend-fault', code);
      expect(friend.status).toBe(200);
      expect(friend.body.member.isNew).toBe(true);
      expect(friend.body.member.referral).toBeUndefined();
      expect(binding).toHaveBeenCalledTimes(1);
    } finally {
      binding.mockRestore();
    }
  });

  it('gives every member a code, a share path and a mini-program code for the poster', async () => {
    const session = await loginAs(running, 'inviter-qr');
    const mine = await referralOf(session.accessToken);
    expect(mine.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(mine.sharePath).toBe(`/pages/index/index?invite=${mine.code}`);
    expect(mine.invitations).toEqual([]);
    // The programme's figures for the app to word, with the return window the first purchase's rewards wait for.
    expect(mine.programme).toMatchObject({
      enabled: true,
      onRegistration: { friend: { points: 100, coupon: false } },
      onFirstPurchase: { friend: { purchasePointsMultiplier: 2, coupon: false } },
      refundWindowDays: 7,
    });
    expect((await referralOf(session.accessToken)).code).toBe(mine.code);

    const qr = (await (await authorized(running, session.accessToken)('/api/v1/me/referral/qrcode')).json()) as {
      contentType: string;
      imageBase64: string;
      scene: string;
    };
    expect(qr.scene).toBe(`i=${mine.code}`);
    expect(qr.contentType).toMatch(/^image\//);
    expect(Buffer.from(qr.imageBase64, 'base64').length).toBeGreaterThan(100);
    // Kept after the first time: the same image, from the database.
    const again = (await (await authorized(running, session.accessToken)('/api/v1/me/referral/qrcode')).json()) as typeof qr;
    expect(again.imageBase64).toBe(qr.imageBase64);
  });

  it('binds a new member once, pays the joining gift, then double points and the referrer’s reward after the return window', async () => {
    const inviter = await loginAs(running, 'inviter-1');
    const { code } = await referralOf(inviter.accessToken);

    const friend = await loginWithInvite('friend-1', code);
    expect(friend.status).toBe(200);
    expect(friend.body.member).toMatchObject({ isNew: true, referral: 'bound' });
    expect(await balanceOf(friend.body.accessToken)).toBe(100);
    // The friend's statement: the welcome gift, and the first purchase's double points still to come after it.
    const joined = await historyOf(friend.body.accessToken);
    expect(joined.entries).toEqual([expect.objectContaining({ code: 'referral-welcome', points: 100 })]);
    expect(joined.pending).toEqual([{ code: 'referral-first-purchase', purchasePointsMultiplier: 2, waitDays: 7 }]);

    // Logging in again with another code changes nothing: bound once and for all.
    const other = await referralOf((await loginAs(running, 'inviter-other')).accessToken);
    const again = await loginWithInvite('friend-1', other.code);
    expect(again.body.member).toMatchObject({ isNew: false, referral: 'refused' });
    expect((await referralOf(friend.body.accessToken)).invitedBy).toBe('微信好友');
    expect((await referralOf(inviter.accessToken)).invitations).toEqual([
      expect.objectContaining({ status: 'registered', pointsEarned: 0 }),
    ]);
    expect((await referralOf((await loginAs(running, 'inviter-other')).accessToken)).invitations).toEqual([]);

    const phone = await withPhone(friend.body);
    const { result } = await buy(phone, 20_000);
    expect(result.pointsEarned).toBe(200);
    expect((await referralOf(inviter.accessToken)).invitations[0].status).toBe('purchased');
    // After the purchase: how many extra points, and the day the return window ends.
    const bought = await historyOf(friend.body.accessToken);
    expect(bought.pending).toEqual([{ code: 'referral-first-purchase', points: 200, dueAt: expect.any(String), waitDays: 7 }]);
    const dueIn = new Date(bought.pending![0].dueAt!).getTime() - Date.now();
    expect(dueIn).toBeGreaterThan(6.9 * DAY_MS);
    expect(dueIn).toBeLessThanOrEqual(7 * DAY_MS);

    // Within the return window nothing is paid.
    expect(await payDue()).toMatchObject({ firstPurchase: 0 });
    timeOf(running).advance(8 * DAY_MS);
    expect(await payDue()).toMatchObject({ firstPurchase: 1 });
    expect(await payDue()).toMatchObject({ firstPurchase: 0 });
    timeOf(running).reset();

    const inviterNow = await loginAs(running, 'inviter-1');
    expect(await balanceOf(inviterNow.accessToken)).toBe(500);
    // 100 for joining + 200 earned + 200 more for double points.
    const friendNow = await loginAs(running, 'friend-1');
    expect(await balanceOf(friendNow.accessToken)).toBe(500);
    // The extra arrived under its own name, and nothing is pending any more.
    const paid = await historyOf(friendNow.accessToken);
    expect(paid.entries.map((e) => [e.code, e.points])).toEqual([
      ['referral-first-purchase', 200],
      ['purchase', 200],
      ['referral-welcome', 100],
    ]);
    expect(paid.pending).toBeUndefined();
    expect((await historyOf(inviterNow.accessToken)).entries).toEqual([
      expect.objectContaining({ code: 'referral-reward', points: 500 }),
    ]);
    const mine = await referralOf(inviterNow.accessToken);
    expect(mine.invitations).toEqual([expect.objectContaining({ status: 'rewarded', pointsEarned: 500 })]);
    expect(mine.totals).toEqual({ friends: 1, points: 500, coupons: 0 });
  });

  it('pays nothing for a first purchase refunded within the window', async () => {
    const inviter = await loginAs(running, 'inviter-2');
    const { code } = await referralOf(inviter.accessToken);
    const friend = await loginWithInvite('friend-2', code);
    const phone = await withPhone(friend.body);
    const { orderId } = await buy(phone, 10_000);
    const refund = await signedPost(
      running.baseUrl,
      '/api/v1/refunds',
      { refundId: `${orderId}-R`, orderId, lines: [{ sku: 'SK-REF', quantity: 1 }], refundedAt: new Date().toISOString() },
      pos,
    );
    expect(refund.status).toBe(200);
    timeOf(running).advance(8 * DAY_MS);
    expect(await payDue()).toMatchObject({ firstPurchase: 0, void: 1 });
    timeOf(running).reset();
    const mine = await referralOf((await loginAs(running, 'inviter-2')).accessToken);
    expect(mine.invitations).toEqual([expect.objectContaining({ status: 'void', pointsEarned: 0 })]);
    expect(await balanceOf((await loginAs(running, 'inviter-2')).accessToken)).toBe(0);
  });

  it('refuses existing members, unknown codes and malformed codes, and registers the newcomer all the same', async () => {
    const inviter = await loginAs(running, 'inviter-3');
    const { code } = await referralOf(inviter.accessToken);
    await loginAs(running, 'already-member');
    expect((await loginWithInvite('already-member', code)).body.member.referral).toBe('refused');
    // The inviter opening their own link is an existing member too.
    expect((await loginWithInvite('inviter-3', code)).body.member.referral).toBe('refused');
    const unknown = await loginWithInvite('newcomer-unknown-code', 'ZZZZZZZZ');
    expect(unknown.body.member).toMatchObject({ isNew: true, referral: 'refused' });
    const malformed = await loginWithInvite('newcomer-bad-code', 'abc');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
    expect((await referralOf((await loginAs(running, 'inviter-3')).accessToken)).invitations).toEqual([]);
  });

  it('holds the daily cap under concurrent registrations: the rest are bound without rewards', async () => {
    const programme = ReferralProgramme.parse(await (await hq('/api/v1/hq/referral-programme')).json());
    const capped = { ...programme, caps: { perDay: 3, perMonth: 100 } };
    expect((await hq('/api/v1/hq/referral-programme', { method: 'PUT', body: capped })).status).toBe(200);
    try {
      const inviter = await loginAs(running, 'inviter-busy');
      const { code } = await referralOf(inviter.accessToken);
      const friends = await Promise.all(Array.from({ length: 10 }, (_, i) => loginWithInvite(`busy-friend-${i}`, code)));
      expect(friends.every((f) => f.body.member.referral === 'bound')).toBe(true);
      const mine = await referralOf(inviter.accessToken);
      expect(mine.invitations).toHaveLength(10);
      expect(mine.invitations.filter((i) => i.status === 'over-cap')).toHaveLength(7);
      const balances = await Promise.all(friends.map((f) => balanceOf(f.body.accessToken)));
      expect(balances.filter((b) => b === 100)).toHaveLength(3);
      expect(balances.filter((b) => b === 0)).toHaveLength(7);
    } finally {
      await hq('/api/v1/hq/referral-programme', { method: 'PUT', body: programme });
    }
  });

  it('lets only HQ read and change the programme, and checks what it is given', async () => {
    const member = authorized(running, (await loginAs(running, 'nosy-member')).accessToken);
    expect((await member('/api/v1/hq/referral-programme')).status).toBe(403);
    expect((await fetch(`${running.baseUrl}/api/v1/hq/referral-programme`)).status).toBe(401);
    const programme = ReferralProgramme.parse(await (await hq('/api/v1/hq/referral-programme')).json());
    const badCaps = await hq('/api/v1/hq/referral-programme', {
      method: 'PUT',
      body: { ...programme, caps: { perDay: 50, perMonth: 10 } },
    });
    expect(badCaps.status).toBe(400);
    const unknownCoupon = await hq('/api/v1/hq/referral-programme', {
      method: 'PUT',
      body: { ...programme, onRegistration: { friend: { couponTemplateId: 'a'.repeat(24) } } },
    });
    expect(unknownCoupon.status).toBe(400);
    expect(((await unknownCoupon.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
    const disabled = await hq('/api/v1/hq/referral-programme', { method: 'PUT', body: { ...programme, enabled: false } });
    expect(disabled.status).toBe(200);
    try {
      const { code } = await referralOf((await loginAs(running, 'inviter-off')).accessToken);
      expect((await loginWithInvite('friend-off', code)).body.member.referral).toBe('refused');
    } finally {
      await hq('/api/v1/hq/referral-programme', { method: 'PUT', body: programme });
    }
  });
});
