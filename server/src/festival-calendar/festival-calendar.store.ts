import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { MarketingContacts } from '../common/marketing-contacts/marketing-contacts';
import { CalendarCouponPack, CalendarPackSend } from './schemas/calendar-coupon-pack.schema';

/**
 * The calendar's records as other features may read them (see docs/architecture.md, "Features own their data"): when a
 * calendar coupon pack last contacted members, so every marketing automation can keep the same contact caps.
 */
@Injectable()
export class FestivalCalendarStore implements OnModuleInit {
  constructor(
    @InjectModel(CalendarCouponPack.name) private readonly packs: Model<CalendarCouponPack>,
    @InjectModel(CalendarPackSend.name) private readonly sends: Model<CalendarPackSend>,
    private readonly marketing: MarketingContacts,
  ) {}

  async onModuleInit(): Promise<void> {
    // Calendar packs (decided or delivered) count in every automation's frequency cap.
    this.marketing.register({ name: 'calendar-packs', lastContacts: (ids) => this.lastContacts(ids) });
    await Promise.all([this.packs.init(), this.sends.init()]);
  }

  /**
   * When a calendar coupon pack last gave each of these members coupons (members never sent one are absent). A send
   * decided but not yet delivered counts from its decision: another pack's run deciding at that moment sees it.
   */
  async lastContacts(memberIds: Types.ObjectId[]): Promise<Map<string, Date>> {
    if (memberIds.length === 0) return new Map();
    const rows = await this.sends.aggregate<{ _id: Types.ObjectId; at: Date }>([
      { $match: { memberId: { $in: memberIds }, $or: [{ sentAt: { $type: 'date' } }, { status: 'pending' }] } },
      { $group: { _id: '$memberId', at: { $max: { $ifNull: ['$sentAt', '$decidedAt'] } } } },
    ]);
    return new Map(rows.map((r) => [r._id.toHexString(), new Date(r.at)]));
  }
}
