import { Controller, UseGuards } from '@nestjs/common';
import {
  confirmPaidMembershipPayment,
  createPaidPlan,
  getMyPaidMembership,
  getMySubscription,
  listPaidPlans,
  refundPaidMembershipPayment,
  retirePaidPlan,
  updatePaidPlan,
  type MemberPaidMembership,
  type NewPaidPlan,
  type PaidMembershipPayment,
  type PaidMembershipPaymentResult,
  type PaidMembershipRefund,
  type PaidMembershipRefundResult,
  type PaidPlanChanges,
  type PaidPlanList,
  type PaidPlanView,
  type PaidSubscriptionView,
} from '@memberloop/shared';
import type { AuditActor } from '../audit';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, Endpoint } from '../common/contract';
import { CallingIntegration, IntegrationSignatureGuard } from '../integrations';
import { MemberPaidMembershipService } from './member-paid-membership.service';
import { PaidMembershipPaymentsService } from './paid-membership-payments.service';
import { PaidPlansService } from './paid-plans.service';

function actorOf(principal: Principal): AuditActor {
  if (principal.kind !== 'staff') throw new Error('unreachable: HQ endpoints admit staff only');
  return { id: principal.memberId, role: principal.role };
}

/** HQ's paid membership plans. */
@Controller()
export class PaidPlansController {
  constructor(private readonly plans: PaidPlansService) {}

  @Endpoint(listPaidPlans)
  list(): Promise<PaidPlanList> {
    return this.plans.list();
  }

  @Endpoint(createPaidPlan)
  create(@CurrentPrincipal() principal: Principal, @ContractBody() body: NewPaidPlan): Promise<PaidPlanView> {
    return this.plans.create(actorOf(principal), body);
  }

  @Endpoint(updatePaidPlan)
  update(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { planId: string },
    @ContractBody() body: PaidPlanChanges,
  ): Promise<PaidPlanView> {
    return this.plans.update(actorOf(principal), params.planId, body);
  }

  @Endpoint(retirePaidPlan)
  retire(@CurrentPrincipal() principal: Principal, @ContractParams() params: { planId: string }): Promise<PaidPlanView> {
    return this.plans.retire(actorOf(principal), params.planId);
  }
}

/** The member's own paid membership. */
@Controller()
export class MemberPaidMembershipController {
  constructor(private readonly membership: MemberPaidMembershipService) {}

  @Endpoint(getMyPaidMembership)
  mine(@CurrentPrincipal() principal: Principal): Promise<MemberPaidMembership> {
    return this.membership.mine(memberIdOf(principal));
  }

  @Endpoint(getMySubscription)
  one(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { subscriptionId: string },
  ): Promise<PaidSubscriptionView> {
    return this.membership.one(memberIdOf(principal), params.subscriptionId);
  }
}

/** The brand's integration confirms membership payments and refunds, signed like purchases. */
@Controller()
@UseGuards(IntegrationSignatureGuard)
export class PaidMembershipPaymentsController {
  constructor(private readonly payments: PaidMembershipPaymentsService) {}

  @Endpoint(confirmPaidMembershipPayment)
  confirm(
    @CallingIntegration() integrationId: string,
    @ContractBody() body: PaidMembershipPayment,
  ): Promise<PaidMembershipPaymentResult> {
    return this.payments.confirm(integrationId, body);
  }

  @Endpoint(refundPaidMembershipPayment)
  refund(
    @CallingIntegration() integrationId: string,
    @ContractBody() body: PaidMembershipRefund,
  ): Promise<PaidMembershipRefundResult> {
    return this.payments.refund(integrationId, body);
  }
}
