import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { appConfig, type AppConfig } from '../config/app-config';
import { MembersService } from '../members';
import { WechatApiClient } from '../wechat/wechat-api.client';
import { WechatApiError } from '../wechat/wechat-api.errors';
import { Notification, type NotificationKind } from './schemas/notification.schema';

type LeanNotification = Notification & { _id: Types.ObjectId };

export interface NewNotification {
  memberId: Types.ObjectId;
  kind: NotificationKind;
  dedupeKey: string;
  page: string;
  data: Record<string, { value: string }>;
}

export interface DispatchSummary {
  sent: number;
  skipped: number;
  retrying: number;
  failed: number;
}

/** After this many attempts a message WeChat could not take is given up. */
const MAX_ATTEMPTS = 5;
const CLAIM_MS = 2 * 60_000;
/** Waits between attempts: 1 min, 5 min, 30 min, 2 h. */
const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000];

/** WeChat's limit for `thing` fields is 20 characters. */
export function thing(value: string): { value: string } {
  const chars = [...value];
  return { value: chars.length <= 20 ? value : `${chars.slice(0, 19).join('')}…` };
}

/**
 * The notifications outbox: `enqueue` records a message once per event, `dispatchDue` sends what is due as
 * WeChat subscribe messages, to members who consented, retrying when WeChat is unreachable.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');

  constructor(
    @InjectModel(Notification.name) private readonly notifications: Model<Notification>,
    private readonly members: MembersService,
    private readonly wechat: WechatApiClient,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  /** Queues the notification unless one with the same dedupe key exists; true when it was new. */
  async enqueue(notification: NewNotification): Promise<boolean> {
    try {
      const result = await this.notifications.updateOne(
        { dedupeKey: notification.dedupeKey },
        { $setOnInsert: { ...notification, status: 'pending', attempts: 0, nextAttemptAt: this.clock.now() } },
        { upsert: true },
      );
      return result.upsertedCount === 1;
    } catch (error) {
      // Two enqueues of the same event at once: the other one recorded it.
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  /** Sends up to `limit` due notifications, one claim at a time, so several dispatchers never send one twice. */
  async dispatchDue(limit = 200): Promise<DispatchSummary> {
    const summary: DispatchSummary = { sent: 0, skipped: 0, retrying: 0, failed: 0 };
    for (let i = 0; i < limit; i++) {
      const claimed = await this.claimNext();
      if (!claimed) break;
      summary[await this.deliver(claimed)] += 1;
    }
    return summary;
  }

  private async claimNext(): Promise<LeanNotification | null> {
    const now = this.clock.now();
    return this.notifications
      .findOneAndUpdate(
        {
          $or: [
            { status: 'pending', nextAttemptAt: { $lte: now } },
            // A dispatcher that died mid-send: its claim has lapsed.
            { status: 'sending', claimedUntil: { $lte: now } },
          ],
        },
        { $set: { status: 'sending', claimedUntil: new Date(now.getTime() + CLAIM_MS) }, $inc: { attempts: 1 } },
        { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
      )
      .lean<LeanNotification>();
  }

  private async deliver(notification: LeanNotification): Promise<keyof DispatchSummary> {
    const member = await this.members.findById(notification.memberId);
    if (!member) return this.finish(notification, 'skipped', 'the member is gone');
    if (!member.openid) return this.finish(notification, 'skipped', 'the member has no WeChat openid');
    if (member.consents?.notifications?.granted !== true) {
      return this.finish(notification, 'skipped', 'the member has not agreed to notifications');
    }
    try {
      await this.wechat.sendSubscribeMessage({
        toUser: member.openid,
        templateId: this.config.notifications.templates[templateKey(notification.kind)],
        page: notification.page,
        data: notification.data,
        miniprogramState: this.config.env === 'production' ? 'formal' : 'developer',
        lang: 'zh_CN',
      });
      return this.finish(notification, 'sent');
    } catch (error) {
      if (error instanceof WechatApiError) {
        // WeChat read the message and refused it: sending it again would be refused again.
        if (error.isSubscriptionRefused) return this.finish(notification, 'skipped', 'the member refused this message in WeChat');
        this.logger.warn(`notification ${notification._id.toHexString()} refused: ${error.message}`);
        return this.finish(notification, 'failed', error.message);
      }
      const reason = error instanceof Error ? error.message : String(error);
      if (notification.attempts >= MAX_ATTEMPTS) return this.finish(notification, 'failed', reason);
      const delay = RETRY_DELAYS_MS[Math.min(notification.attempts - 1, RETRY_DELAYS_MS.length - 1)];
      await this.notifications.updateOne(
        { _id: notification._id, status: 'sending', attempts: notification.attempts },
        {
          $set: { status: 'pending', nextAttemptAt: new Date(this.clock.now().getTime() + delay), outcome: reason },
          $unset: { claimedUntil: 1 },
        },
      );
      return 'retrying';
    }
  }

  private async finish(
    notification: LeanNotification,
    status: 'sent' | 'skipped' | 'failed',
    outcome?: string,
  ): Promise<'sent' | 'skipped' | 'failed'> {
    await this.notifications.updateOne(
      { _id: notification._id, status: 'sending', attempts: notification.attempts },
      {
        $set: { status, ...(status === 'sent' ? { sentAt: this.clock.now() } : {}), ...(outcome ? { outcome } : {}) },
        $unset: { claimedUntil: 1 },
      },
    );
    return status;
  }
}

function templateKey(kind: NotificationKind): keyof AppConfig['notifications']['templates'] {
  switch (kind) {
    case 'points-expiring':
      return 'pointsExpiring';
    case 'tier-changed':
      return 'tierChanged';
    case 'coupon-expiring':
      return 'couponExpiring';
    case 'group-buy-result':
      return 'groupBuyResult';
    case 'activity-update':
      return 'activityUpdate';
    case 'community-announcement':
      return 'communityAnnouncement';
    case 'reward-issued':
      return 'rewardIssued';
    case 'service-ticket-reply':
      return 'serviceTicketReply';
    case 'membership-renewal':
      return 'membershipRenewal';
  }
}
