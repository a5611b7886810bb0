import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ReferralProgramme } from '@memberloop/shared';
import { Model } from 'mongoose';
import { AppError } from '../common/errors/app-error';
import { CouponStore } from '../coupons';
import { DEFAULT_REFERRAL_PROGRAMME } from './domain/referral-rewards';
import { ReferralProgrammeSettings } from './referral.schema';

const SETTINGS_ID = 'current';

/** The referral programme HQ sets: rewards for each side and event, caps and the return window. */
@Injectable()
export class ReferralProgrammeService {
  constructor(
    @InjectModel(ReferralProgrammeSettings.name) private readonly settings: Model<ReferralProgrammeSettings>,
    private readonly templates: CouponStore,
  ) {}

  async current(): Promise<ReferralProgramme> {
    const saved = await this.settings.findById(SETTINGS_ID).lean();
    return saved ? ReferralProgramme.parse(saved.rules) : DEFAULT_REFERRAL_PROGRAMME;
  }

  async replace(programme: ReferralProgramme): Promise<ReferralProgramme> {
    const rewards = [
      programme.onRegistration.referrer,
      programme.onRegistration.friend,
      programme.onFirstPurchase.referrer,
      programme.onFirstPurchase.friend,
    ];
    for (const templateId of rewards.map((r) => r?.couponTemplateId).filter((id) => id !== undefined)) {
      const active = await this.templates.isTemplateActive(templateId);
      if (!active) throw new AppError('VALIDATION_FAILED', `No active coupon template ${templateId} to give as a reward.`);
    }
    await this.settings.updateOne({ _id: SETTINGS_ID }, { $set: { rules: programme } }, { upsert: true });
    return programme;
  }
}
