import { Inject, Injectable, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { NewActivity, NewAssistCampaign, NewCommunity, NewCouponTemplate, NewGift, NewGroupBuyDeal } from '@memberloop/shared';
import { Types } from 'mongoose';
import { AssistsService } from '../assists';
import { AuthService } from '../auth';
import type { Principal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ActivitiesService } from '../communities';
import { ActivitySignUpsService } from '../communities';
import { CommunitiesService } from '../communities';
import { CommunityAnnouncementsService } from '../communities';
import { CommunityCouponSendsService } from '../communities';
import { CommunityMemberships } from '../communities';
import { CouponStore, CouponsService } from '../coupons';
import { GiftsService } from '../gifts';
import { GroupBuyDealsService } from '../group-buys';
import { GroupBuyGroupsService } from '../group-buys';
import { HistoricalClock } from '../import';
import { OrderImportService } from '../import';
import { validateRecord } from '../import';
import { MembersService } from '../members';
import { PostsService } from '../posts';
import { ReferralsService } from '../referrals';
import { ProgrammePolicy } from '../programme';
import { TierLadderChanges } from '../tiers';
import { fakeOpenid, fakeUnionid } from '../wechat/fake/fake-wechat-identities';
import { wechatConfig, type WechatConfig } from '../wechat/wechat.config';
import {
  DEMO_COMMUNITIES,
  DEMO_COUPON_TEMPLATES,
  DEMO_COVER,
  DEMO_FRIENDS,
  DEMO_GIFTS,
  DEMO_MEMBER,
  DEMO_MEMBER_PURCHASES,
  DEMO_TIER_BUNDLES,
} from './demo-engagement-catalogue';

type LeanMember = NonNullable<Awaited<ReturnType<MembersService['findById']>>>;
type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;
type TemplateKey = keyof typeof DEMO_COUPON_TEMPLATES;

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Every client key the seed sends starts so: a second run sends the same keys and the product replays them. */
const KEY = 'demo-seed';

export interface DemoEngagementSummary {
  gifts: number;
  couponTemplates: number;
  deals: number;
  assistCampaigns: number;
  communities: number;
  activities: number;
  /** Member sign-in names for the H5 build's `?as=` (the staff names are the seed's staff logins). */
  memberLogin: string;
}

/**
 * Fills every screen of the demo: HQ's catalogue (gifts, coupon templates, a tier ladder with upgrade bundles,
 * a brand-wide deal and an assist campaign), communities with managers and what managers do in them
 * (activities past and upcoming, announcements, coupon sends, approved posts, a store deal), and a demo member
 * with purchases, coupons, a gift, sign-ups, an invitation and friends in groups and an assist.
 *
 * Everything goes through the services the API's controllers call, as the principal the access guard would
 * make (staff roles read from the database), with the same client keys on every run: a second run is replayed
 * or found by name and adds nothing.
 */
@Injectable()
export class DemoEngagementService {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly clock: HistoricalClock,
    @Inject(wechatConfig.KEY) private readonly wechat: WechatConfig,
  ) {}

  private service<T>(type: Type<T>): T {
    return this.moduleRef.get(type, { strict: false });
  }

  /** HQ's coupon templates and the ladder's upgrade bundles: before the history, so upgrades in it hand out bundles. */
  async catalogue(): Promise<Record<TemplateKey, Types.ObjectId>> {
    const coupons = this.service(CouponsService);
    const templates = {} as Record<TemplateKey, Types.ObjectId>;
    for (const [key, template] of Object.entries(DEMO_COUPON_TEMPLATES) as Array<[TemplateKey, NewCouponTemplate]>) {
      const existing = await this.service(CouponStore).templateIdByName(template.name);
      templates[key] = existing
        ? existing
        : new Types.ObjectId((await coupons.createTemplate(NewCouponTemplate.parse(template))).id);
    }
    const ladderProvider = this.service(ProgrammePolicy);
    const ladder = ladderProvider.tierLadder();
    const withBundles = ladder.map((tier) => {
      const bundle = tier.rank === 0 ? undefined : DEMO_TIER_BUNDLES[Math.min(tier.rank, DEMO_TIER_BUNDLES.length) - 1];
      if (!bundle || (tier.benefits.couponTemplateIds ?? []).length > 0) return tier;
      return { ...tier, benefits: { ...tier.benefits, couponTemplateIds: [templates[bundle].toHexString()] } };
    });
    if (withBundles.some((tier, i) => tier !== ladder[i]))
      await this.service(TierLadderChanges).replace(withBundles, 'hq:demo-seed');
    return templates;
  }

  async engage(
    templates: Record<TemplateKey, Types.ObjectId>,
    regulars: string[],
    until: Date,
  ): Promise<DemoEngagementSummary | { skipped: string }> {
    if (this.wechat.apiBase)
      return { skipped: 'WeChat is the real one (WECHAT_API_BASE): demo accounts sign in through the local fake only' };
    const now = this.clock.now();
    const gifts = await this.gifts();
    const hq = await this.staff('demo-hq');

    const member = await this.account(DEMO_MEMBER.login, DEMO_MEMBER.nickname, new Date(until.getTime() - 90 * DAY));
    await this.memberPurchases(member, until);
    const friends: LeanMember[] = [];
    const inviteCode = await this.service(ReferralsService).codeOf(member._id);
    for (const friend of DEMO_FRIENDS) friends.push(await this.account(friend.login, friend.nickname, now, inviteCode));
    const members = await this.resolveAll(regulars);

    // The demo member's wallet: two coupons claimed, one exchanged for points, a gift redeemed.
    const coupons = this.service(CouponsService);
    await coupons.claim(member._id, templates.welcome, `${KEY}:welcome`);
    await coupons.claim(member._id, templates.threshold, `${KEY}:threshold`);
    await coupons.claim(member._id, templates.exchange, `${KEY}:exchange`, 'points');
    await this.service(GiftsService).redeem(member._id, gifts[0], `${KEY}:gift`);

    const communities = await this.communities(hq, [member, ...friends, ...members]);
    const activities = await this.activities(communities, [member, ...friends, ...members], now);
    await this.posts(communities, hq, [member, ...friends, ...members]);
    for (const [c, { id, manager }] of communities.entries()) {
      await this.service(CommunityAnnouncementsService).post(
        manager,
        id,
        { title: '本周新品到店', body: '焕颜精华液新装到店，社群成员到店出示会员码可领取小样一份。' },
        `${KEY}:announcement:${c}`,
      );
      await this.service(CommunityCouponSendsService).send(manager, id, templates.community, `${KEY}:send:${c}`);
    }
    const deals = await this.deals(hq, await this.staff('demo-manager-shanghai'), [member, ...friends], now);
    const campaigns = await this.assist(templates.assist, friends, now);
    return {
      gifts: gifts.length,
      couponTemplates: Object.keys(templates).length,
      deals,
      assistCampaigns: campaigns,
      communities: communities.length,
      activities,
      memberLogin: DEMO_MEMBER.login,
    };
  }

  private async gifts(): Promise<Types.ObjectId[]> {
    const ids: Types.ObjectId[] = [];
    for (const gift of DEMO_GIFTS) {
      const existing = await this.service(GiftsService).idByName(gift.name);
      ids.push(existing ? existing : new Types.ObjectId((await this.service(GiftsService).create(NewGift.parse(gift))).id));
    }
    return ids;
  }

  /** A member of the local WeChat fake, registered as a first sign-in registers (and bound to the inviter's code). */
  private async account(login: string, nickname: string, at: Date, inviteCode?: string): Promise<LeanMember> {
    const members = this.service(MembersService);
    const openid = fakeOpenid(this.wechat.appId, login);
    const existing = await members.findByOpenid(openid);
    if (existing) return existing;
    const created = await this.clock.runAt(at, () =>
      members.register({ openid, unionid: fakeUnionid(login), nickname, registeredAt: at }),
    );
    if (inviteCode) await this.clock.runAt(at, () => this.service(ReferralsService).bindNewMember(created._id, inviteCode));
    return created;
  }

  /** The principal the access guard makes for a staff member: their role read from the database now. */
  private async staff(login: string): Promise<StaffPrincipal> {
    const member = await this.service(MembersService).findByOpenid(fakeOpenid(this.wechat.appId, login));
    const principal = member && (await this.service(AuthService).principalOf(member));
    if (principal?.kind !== 'staff') throw new Error(`the demo staff ${login} is missing: seed the staff first`);
    return principal;
  }

  private async resolveAll(phones: string[]): Promise<LeanMember[]> {
    const found: LeanMember[] = [];
    for (const phone of phones) {
      const member = await this.service(MembersService).resolve({ phone });
      if (member) found.push(member);
    }
    return found;
  }

  /** A few purchases of the demo member's own, through the order import like the brand's history. */
  private async memberPurchases(member: LeanMember, until: Date): Promise<void> {
    const records = DEMO_MEMBER_PURCHASES.map((p, i) =>
      validateRecord(
        {
          orderId: `DEMO-MEMBER-${i + 1}`,
          member: { memberId: member._id.toHexString() },
          channel: 'store',
          storeCode: 'S0101',
          paidAt: new Date(until.getTime() - p.daysBefore * DAY).toISOString(),
          lines: [{ sku: p.sku, category: p.category, quantity: p.quantity, unitPriceFen: p.unitPriceFen }],
          totalFen: p.quantity * p.unitPriceFen,
        },
        { line: i + 1 },
      ),
    );
    const summary = await this.service(OrderImportService).importRecords(records, { integrationId: 'demo-seed', concurrency: 1 });
    if (summary.rejected.length > 0)
      throw new Error(`the demo member's purchases were refused: ${JSON.stringify(summary.rejected)}`);
  }

  private async communities(hq: StaffPrincipal, members: LeanMember[]) {
    const service = this.service(CommunitiesService);
    const created: Array<{ id: Types.ObjectId; manager: StaffPrincipal }> = [];
    for (const [i, community] of DEMO_COMMUNITIES.entries()) {
      const existing = await service.idByName(community.name);
      const { manager: login, ...input } = community;
      const id = existing ? existing : new Types.ObjectId((await service.create(hq, NewCommunity.parse(input))).id);
      if (!(await this.staff(login)).communityIds.includes(id.toHexString())) {
        const managerNo = (await this.service(MembersService).findByOpenid(fakeOpenid(this.wechat.appId, login)))
          ?.memberNo as string;
        await service.assignManager(hq, id, managerNo);
      }
      // Every other member joins the second community, everyone the others.
      for (const [k, member] of members.entries()) if (i !== 1 || k % 2 === 0) await service.join(member._id, id);
      created.push({ id, manager: await this.staff(login) });
    }
    return created;
  }

  /** Per community: one activity a fortnight ago (signed up and over) and one next week, open for sign-up. */
  private async activities(
    communities: Array<{ id: Types.ObjectId; manager: StaffPrincipal }>,
    members: LeanMember[],
    now: Date,
  ) {
    const activities = this.service(ActivitiesService);
    const signUps = this.service(ActivitySignUpsService);
    let count = 0;
    for (const [c, { id, manager }] of communities.entries()) {
      for (const [n, offsetDays] of [-14, 7].entries()) {
        const startsAt = new Date(Math.floor((now.getTime() + offsetDays * DAY) / HOUR) * HOUR + (c + 2) * HOUR);
        const planned = offsetDays < 0 ? new Date(startsAt.getTime() - 10 * DAY) : now;
        const input = NewActivity.parse({
          title:
            offsetDays < 0
              ? ['护肤沙龙：换季保湿', '彩妆体验课', '香氛品鉴会'][c]
              : ['新品试用会', '会员下午茶', '调香工作坊'][c],
          coverImageUrl: DEMO_COVER,
          description: '到店体验新品，专业顾问一对一讲解，参加可得积分。',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
          place: '门店二楼活动区',
          capacity: 30,
          pointsReward: 50,
        });
        // Found by title: its dates follow the day of the first run, so a later run would ask for another activity.
        count += 1;
        if ((await activities.staffList(manager, id)).some((a) => a.title === input.title)) continue;
        await this.clock.runAt(planned, async () => {
          const activityId = new Types.ObjectId((await activities.create(manager, id, input, `${KEY}:activity:${c}:${n}`)).id);
          await activities.publish(manager, activityId);
          for (const member of members.slice(0, 8)) {
            if (await this.service(CommunityMemberships).isMember(id, member._id)) await signUps.signUp(member._id, activityId);
          }
        });
      }
    }
    return count;
  }

  /** Members' posts in communities approved by their managers, one in the brand feed approved by HQ, one waiting. */
  private async posts(
    communities: Array<{ id: Types.ObjectId; manager: StaffPrincipal }>,
    hq: StaffPrincipal,
    members: LeanMember[],
  ) {
    const posts = this.service(PostsService);
    const texts = [
      '精华液用了两周，皮肤明显更透亮了，推荐！',
      '门店小姐姐很耐心，试了好几款粉底才选到合适的色号。',
      '香氛礼盒送朋友，包装很精致。',
    ];
    for (const [c, { id, manager }] of communities.entries()) {
      const author = members[(2 * c) % members.length]; // even: in every community
      const post = await posts.submit(author._id, `${KEY}:post:${c}`, {
        kind: 'show',
        text: texts[c],
        imageIds: [],
        communityId: id.toHexString(),
      });
      if (post.status === 'pending') await posts.decide(manager, new Types.ObjectId(post.id), { decision: 'approve' });
    }
    const brand = await posts.submit(members[0]._id, `${KEY}:post:brand`, {
      kind: 'review',
      text: '会员日活动很划算，积分还能换礼品。',
      imageIds: [],
    });
    if (brand.status === 'pending') await posts.decide(hq, new Types.ObjectId(brand.id), { decision: 'approve' });
    await posts.submit(members[1 % members.length]._id, `${KEY}:post:waiting`, {
      kind: 'review',
      text: '新买的唇釉颜色很显白，期待下次活动。',
      imageIds: [],
    });
  }

  /** HQ's brand-wide deal and the Shanghai manager's store deal, each with a group opened by a friend, a seat left. */
  private async deals(hq: StaffPrincipal, manager: StaffPrincipal, [member, ...friends]: LeanMember[], now: Date) {
    const service = this.service(GroupBuyDealsService);
    const wanted = [
      {
        by: hq,
        deal: { skuCode: 'GB-001', skuName: '节日护肤礼盒 三人团', normalPriceFen: 39_900, groupPriceFen: 29_900, groupSize: 3 },
      },
      {
        by: manager,
        deal: {
          skuCode: 'SK-002',
          skuName: '水润保湿霜 上海店两人团',
          normalPriceFen: 16_900,
          groupPriceFen: 12_900,
          groupSize: 2,
          storeCodes: manager.storeIds,
        },
      },
    ];
    const existing = await service.listForStaff();
    for (const [i, { by, deal }] of wanted.entries()) {
      const found = existing.find((d) => d.skuName === deal.skuName);
      const dealId = found
        ? new Types.ObjectId(found.id)
        : new Types.ObjectId(
            (
              await service.create(
                by,
                NewGroupBuyDeal.parse({
                  ...deal,
                  timeLimitMinutes: 24 * 60,
                  maxGroups: 1000,
                  startsAt: now.toISOString(),
                  endsAt: new Date(now.getTime() + 30 * DAY).toISOString(),
                }),
              )
            ).id,
          );
      const groups = this.service(GroupBuyGroupsService);
      const opened = await groups.open(friends[i % friends.length]._id, dealId, `${KEY}:group:${i}`);
      // The three-person group gets a second member; the demo member can take the last seat.
      if (deal.groupSize > 2 && opened.seatsLeft > 1 && !opened.replayed)
        await groups.join(friends[(i + 1) % friends.length]._id, new Types.ObjectId(opened.id));
    }
    void member;
    return wanted.length;
  }

  private async assist(rewardTemplate: Types.ObjectId, friends: LeanMember[], now: Date): Promise<number> {
    const assists = this.service(AssistsService);
    const title = '好友助力领 ¥50 券';
    const found = (await assists.live()).find((c) => c.title === title);
    const campaignId = found
      ? new Types.ObjectId(found.id)
      : new Types.ObjectId(
          (
            await assists.createCampaign(
              NewAssistCampaign.parse({
                title,
                helpersNeeded: 3,
                hoursToComplete: 72,
                reward: { couponTemplateId: rewardTemplate.toHexString(), points: 50 },
                startsAt: now.toISOString(),
                endsAt: new Date(now.getTime() + 30 * DAY).toISOString(),
              }),
            )
          ).id,
        );
    const task = await assists.start(friends[0]._id, campaignId);
    if (task.helpers.length === 0) await assists.help(friends[1]._id, new Types.ObjectId(task.id)).catch(ignoreConflict);
    return 1;
  }
}

function ignoreConflict(error: unknown): void {
  if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
}
