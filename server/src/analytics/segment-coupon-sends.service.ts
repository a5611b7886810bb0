import { Injectable } from '@nestjs/common';
import { InjectModel, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { SegmentAudience, SegmentCouponSendResult } from '@memberloop/shared';
import { Model, SchemaTypes, Types } from 'mongoose';
import type { Principal } from '../common/auth/principal';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { requireIdempotencyKey } from '../common/idempotency-key';
import { CouponStore, CouponsService } from '../coupons';
import { StaffCouponSendCheck } from '../coupons';
import { analyticsScopeOf } from './analytics-scope';
import { MemberProfile } from './schemas/member-profile.schema';

/** One send of a coupon to an audience, recorded once per sender and Idempotency-Key. */
@Schema({ collection: 'segment_coupon_sends', timestamps: true })
export class SegmentCouponSend {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) sentBy!: Types.ObjectId;
  @Prop({ required: true }) clientKey!: string;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) templateId!: Types.ObjectId;
  @Prop({ type: Object, required: true }) audience!: SegmentAudience;
  @Prop({ type: Object, required: true }) scope!: { stores: string[] | 'all' };
  @Prop({ default: 0 }) matched!: number;
  @Prop({ default: 0 }) withoutConsent!: number;
  @Prop({ default: 0 }) issued!: number;
  /** Set when every member's coupon is issued; a retry finishes a send cut short. */
  @Prop() finishedAt?: Date;
}
export const SegmentCouponSendSchema = SchemaFactory.createForClass(SegmentCouponSend);
SegmentCouponSendSchema.index({ sentBy: 1, clientKey: 1 }, { unique: true });

type LeanSend = SegmentCouponSend & { _id: Types.ObjectId };

/**
 * A manager (their stores) or HQ (the brand) gives a coupon to members of RFM segments, lifecycle stages or
 * tiers, from the analytics profiles, to those who agreed to marketing, never to the sender. The same limits as a
 * community send hold (StaffCouponSendCheck: released templates for managers, the cap per send; each coupon drawn
 * from stock and the member's limit). Each coupon has the issue key `segment-coupon:<send>:<member>`, so a retried
 * or repeated send never gives anyone a second one. Audited by the staff audit interceptor (refusals too).
 */
@Injectable()
export class SegmentCouponSendsService {
  constructor(
    @InjectModel(SegmentCouponSend.name) private readonly sends: Model<SegmentCouponSend>,
    @InjectModel(MemberProfile.name) private readonly profiles: Model<MemberProfile>,
    private readonly couponStore: CouponStore,
    private readonly coupons: CouponsService,
    private readonly sendCheck: StaffCouponSendCheck,
    private readonly clock: Clock,
  ) {}

  async send(
    principal: Principal,
    request: { templateId: string; audience: SegmentAudience; dryRun: boolean },
    clientKey: string | undefined,
  ): Promise<SegmentCouponSendResult> {
    const scope = analyticsScopeOf(principal);
    if (principal.kind !== 'staff') throw new AppError('FORBIDDEN', 'Only community managers and HQ may send coupons.');
    const sentBy = new Types.ObjectId(principal.memberId);
    const templateId = new Types.ObjectId(request.templateId);
    // The sender is never among the recipients of their own send.
    const filter = { ...this.filterOf(request.audience, scope.kind === 'all' ? 'all' : scope.stores), _id: { $ne: sentBy } };
    if (request.dryRun) {
      if (!(await this.couponStore.isTemplateActive(templateId))) throw new AppError('NOT_FOUND', 'No such coupon template.');
      const [matched, withoutConsent] = await Promise.all([
        this.profiles.countDocuments({ ...filter, marketingConsent: true }),
        this.profiles.countDocuments({ ...filter, marketingConsent: { $ne: true } }),
      ]);
      return { matched, withoutConsent, issued: 0, dryRun: true, replayed: false };
    }
    clientKey = requireIdempotencyKey(clientKey, 'coupon sends');
    let send = await this.sends.findOne({ sentBy, clientKey }).lean<LeanSend>();
    const replayed = send !== null;
    if (
      send &&
      (send.templateId.toHexString() !== request.templateId || JSON.stringify(send.audience) !== JSON.stringify(request.audience))
    )
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different send.');
    if (!send) {
      const recipients = await this.profiles.countDocuments({ ...filter, marketingConsent: true });
      const template = await this.sendCheck.check(principal.role, templateId, recipients);
      try {
        const [created] = await this.sends.create([
          {
            sentBy,
            clientKey,
            templateId: template.templateId,
            audience: request.audience,
            scope: { stores: scope.kind === 'all' ? 'all' : scope.stores },
          },
        ]);
        send = created.toObject() as LeanSend;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
        send = await this.sends.findOne({ sentBy, clientKey }).lean<LeanSend>().orFail();
      }
    }
    if (!send.finishedAt) send = await this.deliver(send, filter);
    return {
      sendId: send._id.toHexString(),
      matched: send.matched,
      withoutConsent: send.withoutConsent,
      issued: send.issued,
      dryRun: false,
      replayed,
    };
  }

  private async deliver(send: LeanSend, filter: Record<string, unknown>): Promise<LeanSend> {
    let matched = 0;
    let issued = 0;
    const cursor = this.profiles
      .find({ ...filter, marketingConsent: true }, { _id: 1 })
      .lean()
      .cursor({ batchSize: 500 });
    let outOfStock = false;
    for await (const profile of cursor) {
      matched += 1;
      if (outOfStock) continue;
      const outcome = await this.coupons.issueFromStock(
        profile._id,
        send.templateId,
        `segment-coupon:${send._id.toHexString()}:${profile._id.toHexString()}`,
      );
      if (outcome === 'issued') issued += 1;
      outOfStock = outcome === 'out-of-stock';
    }
    const withoutConsent = await this.profiles.countDocuments({ ...filter, marketingConsent: { $ne: true } });
    // `issued` counts this pass; coupons from a pass cut short were issued already and are counted by `matched`.
    return this.sends
      .findOneAndUpdate(
        { _id: send._id },
        { $set: { matched, withoutConsent, finishedAt: this.clock.now() }, $inc: { issued } },
        { returnDocument: 'after' },
      )
      .lean<LeanSend>()
      .orFail();
  }

  private filterOf(audience: SegmentAudience, stores: 'all' | string[]): Record<string, unknown> {
    return {
      ...(audience.segments ? { segment: { $in: audience.segments } } : {}),
      ...(audience.stages ? { stage: { $in: audience.stages } } : {}),
      ...(audience.tiers ? { tier: { $in: audience.tiers } } : {}),
      ...(stores === 'all' ? {} : { storeCodes: { $in: stores } }),
    };
  }
}
