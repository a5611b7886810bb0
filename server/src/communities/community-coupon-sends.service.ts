import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { CommunityCouponSendView } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import type { Principal } from '../common/auth/principal';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { CouponsService } from '../coupons';
import { StaffCouponSendCheck } from '../coupons';
import { AuditLogService } from '../audit';
import { ActivitySeats } from './activity-seats.service';
import { auditActor, CommunityScope } from './community-scope.service';
import { CommunityMemberships } from './community-memberships.service';
import { isDuplicate } from './community-announcements.service';
import { CommunityCouponSend } from './schemas/community-coupon-send.schema';

type LeanSend = CommunityCouponSend & { _id: Types.ObjectId };

/**
 * A manager (or HQ) gives a coupon to every member of a community but themselves. Managers send only templates HQ
 * released to them, at most the programme's cap per send; every coupon is drawn from the template's stock and the
 * member's per-member limit, exactly as a claim is. The send is recorded (with its audit entry) once per
 * Idempotency-Key, then each member's coupon is issued with the key `community-coupon:<send>:<member>`: a retry,
 * a concurrent repeat or the pending-work job finishing an interrupted send never issues a second one.
 */
@Injectable()
export class CommunityCouponSendsService {
  constructor(
    @InjectModel(CommunityCouponSend.name) private readonly sends: Model<CommunityCouponSend>,
    private readonly coupons: CouponsService,
    private readonly sendCheck: StaffCouponSendCheck,
    private readonly scope: CommunityScope,
    private readonly memberships: CommunityMemberships,
    private readonly seats: ActivitySeats,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  async send(
    principal: Principal,
    communityId: Types.ObjectId,
    templateId: Types.ObjectId,
    clientKey: string,
  ): Promise<CommunityCouponSendView & { replayed: boolean }> {
    const { actor } = await this.scope.manage(principal, communityId);
    const previous = await this.sends.findOne({ sentBy: actor.memberId, clientKey }).lean<LeanSend>();
    if (previous) {
      assertSameSend(previous, communityId, templateId);
      // A retry after a failure part-way through finishes the send (the issue keys skip who has theirs).
      return { ...view(previous.sentAt ? previous : await this.deliver(previous)), replayed: true };
    }
    const members = (await this.memberships.counts([communityId])).get(communityId.toHexString()) ?? 0;
    const senderIsMember = await this.memberships.isMember(communityId, actor.memberId);
    const template = await this.sendCheck.check(actor.role, templateId, members - (senderIsMember ? 1 : 0));
    let send: LeanSend;
    try {
      send = await this.seats.transaction(async (session) => {
        const [created] = await this.sends.create(
          [
            {
              communityId,
              templateId,
              templateName: template.name,
              sentBy: actor.memberId,
              clientKey,
              requestedAt: this.clock.now(),
              recipients: 0,
              issued: 0,
            },
          ],
          { session },
        );
        await this.audit.record(
          {
            actor: auditActor(actor),
            action: 'community.coupon-send',
            target: { type: 'community', id: communityId.toHexString() },
            details: {
              sendId: created._id.toHexString(),
              templateId: templateId.toHexString(),
              templateName: template.name,
              recipients: members - (senderIsMember ? 1 : 0),
            },
          },
          session,
        );
        return created.toObject() as LeanSend;
      });
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      const winner = await this.sends.findOne({ sentBy: actor.memberId, clientKey }).lean<LeanSend>().orFail();
      assertSameSend(winner, communityId, templateId);
      return { ...view(winner), replayed: true };
    }
    return { ...view(await this.deliver(send)), replayed: false };
  }

  /** Finishes sends requested before `before` that never completed. */
  async resume(before: Date): Promise<number> {
    const pending = await this.sends
      .find({ sentAt: { $exists: false }, requestedAt: { $lte: before } })
      .limit(20)
      .lean<LeanSend[]>();
    for (const send of pending) await this.deliver(send);
    return pending.length;
  }

  /**
   * Issues one coupon per member who had joined when it was requested, but never to the sender: drawn from the
   * template's stock and each member's limit as a claim draws them, until the stock runs out.
   */
  private async deliver(send: LeanSend): Promise<LeanSend> {
    let recipients = 0;
    let outOfStock = false;
    await this.memberships.forEachMemberBatch(send.communityId, send.requestedAt, async (batch) => {
      const memberIds = batch.filter((memberId) => !memberId.equals(send.sentBy));
      recipients += memberIds.length;
      if (outOfStock) return;
      const outcomes = await Promise.all(
        memberIds.map((memberId) =>
          this.coupons.issueFromStock(
            memberId,
            send.templateId,
            `community-coupon:${send._id.toHexString()}:${memberId.toHexString()}`,
          ),
        ),
      );
      outOfStock = outcomes.includes('out-of-stock');
      const issued = outcomes.filter((outcome) => outcome === 'issued').length;
      // Counted as they land, so a resumed send adds only what it issued itself.
      if (issued > 0) await this.sends.updateOne({ _id: send._id }, { $inc: { issued } });
    });
    await this.sends.updateOne({ _id: send._id, sentAt: { $exists: false } }, { $set: { recipients, sentAt: this.clock.now() } });
    return this.sends.findById(send._id).lean<LeanSend>().orFail();
  }
}

function assertSameSend(previous: LeanSend, communityId: Types.ObjectId, templateId: Types.ObjectId): void {
  if (!previous.communityId.equals(communityId) || !previous.templateId.equals(templateId)) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another coupon send.');
  }
}

function view(send: LeanSend): CommunityCouponSendView {
  return {
    id: send._id.toHexString(),
    communityId: send.communityId.toHexString(),
    templateId: send.templateId.toHexString(),
    templateName: send.templateName,
    recipients: send.recipients,
    issued: send.issued,
    status: send.sentAt ? 'sent' : 'sending',
    createdAt: send.requestedAt.toISOString(),
  };
}
