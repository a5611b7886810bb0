import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditModule } from '../audit';
import { CouponsModule } from '../coupons';
import { IntegrationsModule } from '../integrations';
import { JobRegistryModule } from '../jobs/job-registry';
import { MembersModule } from '../members';
import { NotificationsModule } from '../notifications';
import { PurchaseHooksModule } from '../purchases';
import { CouponPackIssuer } from './coupon-pack.issuer';
import { MemberPaidMembershipService } from './member-paid-membership.service';
import { PaidMembershipEarningHook } from './paid-membership-earning.hook';
import { PaidMembershipPaymentsService } from './paid-membership-payments.service';
import {
  MemberPaidMembershipController,
  PaidMembershipPaymentsController,
  PaidPlansController,
} from './paid-membership.controller';
import { PaidMembershipJobs } from './paid-membership.jobs';
import { PaidMembershipStore } from './paid-membership.store';
import { PaidPlansService } from './paid-plans.service';
import { PaidPlan, PaidPlanSchema } from './schemas/paid-plan.schema';
import {
  PaidMembershipReceipt,
  PaidMembershipReceiptSchema,
  PaidSubscription,
  PaidSubscriptionSchema,
} from './schemas/paid-subscription.schema';

/** Paid membership (付费会员): HQ's plans, payments and refunds from the integration, the benefits and their jobs. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: PaidPlan.name, schema: PaidPlanSchema },
      { name: PaidSubscription.name, schema: PaidSubscriptionSchema },
      { name: PaidMembershipReceipt.name, schema: PaidMembershipReceiptSchema },
    ]),
    AuditModule,
    CouponsModule,
    IntegrationsModule,
    JobRegistryModule,
    MembersModule,
    NotificationsModule,
    PurchaseHooksModule,
  ],
  controllers: [PaidPlansController, MemberPaidMembershipController, PaidMembershipPaymentsController],
  providers: [
    PaidMembershipStore,
    PaidPlansService,
    PaidMembershipPaymentsService,
    MemberPaidMembershipService,
    CouponPackIssuer,
    PaidMembershipJobs,
    PaidMembershipEarningHook,
  ],
  exports: [PaidMembershipStore],
})
export class PaidMembershipModule {}
