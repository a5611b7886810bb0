import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Activity } from './schemas/activity.schema';
import { ActivitySignUp } from './schemas/activity-sign-up.schema';
import { CommunityAnnouncement } from './schemas/announcement.schema';
import { CommunityCouponSend } from './schemas/community-coupon-send.schema';
import { CommunityMembership } from './schemas/community-membership.schema';
import { Community } from './schemas/community.schema';

/**
 * Waits at start-up for the collections and indexes this module writes inside transactions: a transaction may
 * not create a collection, and the unique indexes must exist before the first sign-up relies on them. The other
 * features' collections written in these transactions (the audit log, staff roles) are their owners' to prepare.
 */
@Injectable()
export class CommunityCollections implements OnModuleInit {
  private readonly models: Array<Model<unknown>>;

  constructor(
    @InjectModel(Community.name) communities: Model<Community>,
    @InjectModel(CommunityMembership.name) memberships: Model<CommunityMembership>,
    @InjectModel(Activity.name) activities: Model<Activity>,
    @InjectModel(ActivitySignUp.name) signUps: Model<ActivitySignUp>,
    @InjectModel(CommunityAnnouncement.name) announcements: Model<CommunityAnnouncement>,
    @InjectModel(CommunityCouponSend.name) couponSends: Model<CommunityCouponSend>,
  ) {
    this.models = [communities, memberships, activities, signUps, announcements, couponSends] as Array<Model<unknown>>;
  }

  async onModuleInit(): Promise<void> {
    await Promise.all(this.models.map((model) => model.init()));
  }
}
