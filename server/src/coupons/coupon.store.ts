import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Coupon, CouponTemplate } from './coupon.schema';

/**
 * The coupons and coupon templates collections, as other features may use them: the only way into these documents
 * from outside this folder (see docs/architecture.md, "Features own their data"). Each method is named for what its
 * caller needs; there is no generic find or aggregate, so every query another feature runs on this data is listed
 * here.
 */
@Injectable()
export class CouponStore implements OnModuleInit {
  constructor(
    @InjectModel(Coupon.name) private readonly coupons: Model<Coupon>,
    @InjectModel(CouponTemplate.name) private readonly templates: Model<CouponTemplate>,
  ) {}

  /** Collections and indexes exist before another feature's transaction writes to them. */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.coupons.init(), this.templates.init()]);
  }
}
