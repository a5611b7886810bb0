import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { DEFAULT_STAFF_POLICY, StaffPolicy } from '@memberloop/shared';
import { Model } from 'mongoose';
import { StaffPolicySetting } from './schemas/staff-policy-setting.schema';

export const STAFF_POLICY_ID = 'staff-policy';

/**
 * The limits on staff powers (coupons per send, the group-buy price floor): HQ's saved values over the typed
 * default. Read at each use, so a change applies to the next send or deal on every instance; both are rare.
 */
@Injectable()
export class StaffPolicyProvider {
  constructor(@InjectModel(StaffPolicySetting.name) private readonly settings: Model<StaffPolicySetting>) {}

  async replace(policy: StaffPolicy): Promise<StaffPolicy> {
    const parsed = StaffPolicy.parse(policy);
    await this.settings.updateOne({ _id: STAFF_POLICY_ID }, { $set: parsed }, { upsert: true });
    return parsed;
  }

  async current(): Promise<StaffPolicy> {
    const saved = await this.settings.findById(STAFF_POLICY_ID).lean();
    if (!saved) return DEFAULT_STAFF_POLICY;
    const { maxCouponsPerSend, groupBuyPriceFloor } = saved;
    // A saved value that is not a valid policy is a bug to see at once, not a limit to drop silently.
    return StaffPolicy.parse({
      maxCouponsPerSend: maxCouponsPerSend ?? DEFAULT_STAFF_POLICY.maxCouponsPerSend,
      groupBuyPriceFloor: groupBuyPriceFloor ?? DEFAULT_STAFF_POLICY.groupBuyPriceFloor,
    });
  }
}
