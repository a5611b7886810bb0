import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  INVITE_CODE_ALPHABET,
  type Invitation,
  type MyReferral,
  type PendingPointsView,
  type PersonView,
} from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { releaseQuotaSlot, takeQuotaSlot } from '../common/quota-slots';
import { appConfig, type AppConfig } from '../config/app-config';
import { MemberStore } from '../members';
import { businessDay } from '../points';
import { WechatApiClient } from '../wechat/wechat-api.client';
import { inviteCodeFrom, programmeView } from './domain/referral-rewards';
import { ReferralPayoutsService } from './referral-payouts.service';
import { ReferralProgrammeService } from './referral-programme.service';
import { Referral, ReferralCode, ReferralQuota } from './referral.schema';

type LeanReferral = Referral & { _id: Types.ObjectId };

/** The page a shared invitation opens; it logs the friend in with the code. */
export const INVITE_PAGE = 'pages/index/index';

export type BindOutcome = 'bound' | 'refused';

/** Invitation codes, binding a new member to the friend who invited them, and the member's invitations. */
@Injectable()
export class ReferralsService {
  private readonly logger = new Logger('Referrals');

  constructor(
    @InjectModel(ReferralCode.name) private readonly codes: Model<ReferralCode>,
    @InjectModel(Referral.name) private readonly referrals: Model<Referral>,
    @InjectModel(ReferralQuota.name) private readonly quotas: Model<ReferralQuota>,
    private readonly members: MemberStore,
    private readonly programme: ReferralProgrammeService,
    private readonly payouts: ReferralPayoutsService,
    private readonly wechat: WechatApiClient,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  /** The member's invitation code, made on first use (a new random code if one is taken). */
  async codeOf(memberId: Types.ObjectId): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await this.codes.findOne({ memberId }).lean();
      if (existing) return existing.code;
      try {
        const code = inviteCodeFrom(randomBytes(8), INVITE_CODE_ALPHABET);
        await this.codes.create([{ memberId, code }]);
        return code;
      } catch (error) {
        // Taken by another member, or made for this member by a concurrent call: look again.
        if ((error as { code?: number }).code !== 11000) throw error;
      }
    }
    throw new AppError('SERVICE_UNAVAILABLE', 'Could not make an invitation code: try again.');
  }

  /**
   * Binds a member who registered just now to the owner of `code`, once and for all. Refused (and the member
   * registered all the same) for an unknown code, one's own, or an inviter who left; over the inviter's daily
   * or monthly cap the friend is bound but the referral pays nothing.
   */
  async bindNewMember(refereeId: Types.ObjectId, code: string): Promise<BindOutcome> {
    const rules = await this.programme.current();
    const owner = await this.codes.findOne({ code }).lean();
    if (!rules.enabled || !owner || owner.memberId.equals(refereeId)) return 'refused';
    const referrer = await this.members.isActive(owner.memberId);
    if (!referrer) return 'refused';
    const now = this.clock.now();
    const rewardable = await this.takeCapSlots(owner.memberId, refereeId, rules.caps, now);
    // Marked on the member before the referral exists: a purchase looks for a referral only on members marked so,
    // and a mark without a referral (cut short here) costs one empty look.
    await this.members.markReferredBy(refereeId, owner.memberId);
    let referral: LeanReferral;
    try {
      const [created] = await this.referrals.create([
        {
          referrerId: owner.memberId,
          refereeId,
          code,
          boundAt: now,
          rewardable,
          rules: {
            onRegistration: rules.onRegistration,
            onFirstPurchase: rules.onFirstPurchase,
            refundWindowDays: rules.refundWindowDays,
          },
          registrationReward: rewardable ? 'pending' : 'none',
          firstPurchaseReward: rewardable ? 'awaiting' : 'none',
          paidToReferrer: { points: 0, coupons: 0 },
          paidToFriend: { points: 0, coupons: 0 },
        },
      ]);
      referral = created.toObject() as LeanReferral;
    } catch (error) {
      // Bound already (a retried login): the first binding stands.
      if ((error as { code?: number }).code === 11000) return 'bound';
      throw error;
    }
    if (rewardable) {
      // Paid now when possible; the minute job pays it if this step is cut short.
      await this.payouts.payRegistration(referral).catch((error: unknown) => {
        this.logger.warn(`registration reward of referral ${referral._id.toHexString()} left to the job: ${String(error)}`);
      });
    }
    return 'bound';
  }

  async mine(memberId: Types.ObjectId): Promise<MyReferral> {
    const [code, rules, referrals, invitedBy] = await Promise.all([
      this.codeOf(memberId),
      this.programme.current(),
      this.referrals.find({ referrerId: memberId }).sort({ boundAt: -1 }).limit(200).lean<LeanReferral[]>(),
      this.referrals.findOne({ refereeId: memberId }).lean<LeanReferral>(),
    ]);
    const friends = await this.members.facesByIds(referrals.map((r) => r.refereeId));
    const byId = new Map(friends.map((f) => [f._id.toHexString(), f]));
    const invitations: Invitation[] = referrals.map((r) => {
      const friend = byId.get(r.refereeId.toHexString());
      return {
        friendName: friend?.status === 'active' && friend.nickname ? friend.nickname : '微信好友',
        ...(friend?.status === 'active' && friend.avatarUrl ? { friendAvatarUrl: friend.avatarUrl } : {}),
        friend:
          friend?.status === 'active'
            ? { nickname: friend.nickname ?? null, avatarUrl: friend.avatarUrl ?? null, gone: false }
            : { nickname: null, avatarUrl: null, gone: true },
        joinedAt: r.boundAt.toISOString(),
        status: statusOf(r),
        pointsEarned: r.paidToReferrer?.points ?? 0,
        couponsEarned: r.paidToReferrer?.coupons ?? 0,
      };
    });
    let inviterName: string | undefined;
    let inviterView: PersonView | undefined;
    if (invitedBy) {
      const [inviter] = await this.members.facesByIds([invitedBy.referrerId]);
      inviterName = inviter?.status === 'active' ? (inviter.nickname ?? '微信好友') : '微信好友';
      inviterView =
        inviter?.status === 'active'
          ? { nickname: inviter.nickname ?? null, avatarUrl: inviter.avatarUrl ?? null, gone: false }
          : { nickname: null, avatarUrl: null, gone: true };
    }
    return {
      code,
      sharePath: `/${INVITE_PAGE}?invite=${code}`,
      qrScene: sceneOf(code),
      invitations,
      totals: {
        friends: invitations.length,
        points: invitations.reduce((sum, i) => sum + i.pointsEarned, 0),
        coupons: invitations.reduce((sum, i) => sum + i.couponsEarned, 0),
      },
      ...(inviterName ? { invitedBy: inviterName } : {}),
      ...(inviterView ? { inviter: inviterView } : {}),
      programme: programmeView(rules),
    };
  }

  /** Referral points on their way to the member, for their points statement (today: their first-purchase extra as a friend). */
  async pendingPointsOf(memberId: Types.ObjectId): Promise<PendingPointsView[]> {
    const asFriend = await this.payouts.pendingForFriend(memberId);
    return asFriend ? [asFriend] : [];
  }

  /** The member's mini-program code for posters: asked of WeChat once, then served from the database. */
  async qrCode(memberId: Types.ObjectId): Promise<{ contentType: string; imageBase64: string; scene: string }> {
    const code = await this.codeOf(memberId);
    const saved = await this.codes.findOne({ memberId }).lean();
    if (saved?.qrImage && saved.qrContentType) {
      return {
        contentType: saved.qrContentType,
        imageBase64: Buffer.from(binaryBytes(saved.qrImage)).toString('base64'),
        scene: sceneOf(code),
      };
    }
    const image = await this.wechat
      .getUnlimitedQrCode({
        scene: sceneOf(code),
        page: INVITE_PAGE,
        width: 430,
        checkPath: this.config.env === 'production',
        envVersion: this.config.env === 'production' ? 'release' : 'develop',
      })
      .catch(() => {
        throw new AppError('SERVICE_UNAVAILABLE', 'WeChat could not make the invitation code just now: try again in a moment.');
      });
    await this.codes.updateOne({ memberId }, { $set: { qrImage: image.image, qrContentType: image.contentType } });
    return { contentType: image.contentType, imageBase64: image.image.toString('base64'), scene: sceneOf(code) };
  }

  /** The member deleted their account: they stop being anyone's inviter, their code stops working. */
  async forget(memberId: Types.ObjectId): Promise<void> {
    await this.codes.deleteOne({ memberId });
  }

  /** A slot in the referrer's day and month quotas; false (and nothing held) when either is full. */
  private async takeCapSlots(
    referrerId: Types.ObjectId,
    refereeId: Types.ObjectId,
    caps: { perDay: number; perMonth: number },
    now: Date,
  ): Promise<boolean> {
    const timeZone = this.config.brand.timeZone;
    const day = businessDay(now, timeZone);
    const dayId = `${referrerId.toHexString()}:day:${day}`;
    const monthId = `${referrerId.toHexString()}:month:${day.slice(0, 7)}`;
    if (!(await takeQuotaSlot(this.quotas, dayId, refereeId, caps.perDay))) return false;
    if (await takeQuotaSlot(this.quotas, monthId, refereeId, caps.perMonth)) return true;
    await releaseQuotaSlot(this.quotas, dayId, refereeId);
    return false;
  }
}

/** The scene in the mini-program code: the page reads `i=<code>` from `query.scene`. */
function sceneOf(code: string): string {
  return `i=${code}`;
}

function statusOf(referral: LeanReferral): Invitation['status'] {
  if (!referral.rewardable) return 'over-cap';
  switch (referral.firstPurchaseReward) {
    case 'paid':
      return 'rewarded';
    case 'void':
      return 'void';
    case 'waiting':
      return 'purchased';
    default:
      return 'registered';
  }
}

/** A stored image as bytes: lean reads give BSON Binary (its bytes in `.buffer`), not a Buffer. */
function binaryBytes(value: Buffer | { buffer: Uint8Array }): Uint8Array {
  return Buffer.isBuffer(value) ? value : value.buffer;
}
