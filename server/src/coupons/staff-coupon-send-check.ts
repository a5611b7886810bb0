import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { ProgrammePolicy } from '../programme';
import { CouponTemplate } from './coupon.schema';
import { staffCouponSendRefusal } from './domain/staff-coupon-send';

/**
 * The one check in front of every staff coupon send (a community's members, a segment): the template, the
 * sender's role and the programme's cap per send. The coupons themselves are then drawn one by one with
 * `CouponsService.issueFromStock`, within stock and per-member limits.
 */
@Injectable()
export class StaffCouponSendCheck {
  constructor(
    @InjectModel(CouponTemplate.name) private readonly templates: Model<CouponTemplate>,
    private readonly policy: ProgrammePolicy,
    private readonly clock: Clock,
  ) {}

  async check(
    senderRole: 'manager' | 'hq',
    templateId: Types.ObjectId,
    recipients: number,
  ): Promise<{ templateId: Types.ObjectId; name: string }> {
    const template = await this.templates.findById(templateId).lean();
    if (!template) throw new AppError('NOT_FOUND', 'No such coupon template.');
    if (!template.active) {
      throw new AppError('COUPON_TEMPLATE_RETIRED', `HQ retired 「${template.name}」: it can no longer be sent.`, {
        reason: 'template-retired',
      });
    }
    const { maxCouponsPerSend } = await this.policy.staffPolicy();
    const refusal = staffCouponSendRefusal({ senderRole, template, recipients, maxCouponsPerSend, now: this.clock.now() });
    if (refusal) throw new AppError(refusal.code, refusal.message, refusal.details);
    return { templateId: template._id, name: template.name };
  }
}
