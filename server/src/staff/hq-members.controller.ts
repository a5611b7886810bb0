import { Controller, Headers } from '@nestjs/common';
import {
  adjustMemberPoints,
  findMembersForHq,
  getMemberLedgerForHq,
  type PointsAdjustmentRequest,
  type PointsAdjustmentResult,
  type StaffMemberView,
  type StaffPointsLedger,
} from '@memberloop/shared';
import { CurrentPrincipal } from '../common/auth/access.guard';
import type { Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, ContractQuery, Endpoint } from '../common/contract';
import { Idempotent } from '../common/idempotency';
import { requireIdempotencyKey } from '../common/idempotency-key';
import { MemberPointsAdmin } from './member-points-admin.service';

/** HQ's member desk: look-up, the points ledger with staff notes, audited points adjustments. */
@Controller()
export class HqMembersController {
  constructor(private readonly admin: MemberPointsAdmin) {}

  @Endpoint(findMembersForHq)
  async find(@ContractQuery() query: { q: string }): Promise<{ members: StaffMemberView[] }> {
    return { members: await this.admin.lookup(query.q) };
  }

  @Endpoint(getMemberLedgerForHq)
  ledger(
    @ContractParams() params: { memberNo: string },
    @ContractQuery() query: { limit: number; cursor?: string },
  ): Promise<StaffPointsLedger> {
    return this.admin.ledgerOf(params.memberNo, query.limit, query.cursor);
  }

  @Endpoint(adjustMemberPoints)
  @Idempotent('adjusts')
  adjust(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { memberNo: string },
    @ContractBody() body: PointsAdjustmentRequest,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<PointsAdjustmentResult> {
    if (principal.kind !== 'staff') throw new Error('unreachable: HQ endpoints admit staff only');
    return this.admin.adjust(principal, params.memberNo, body, requireIdempotencyKey(key, 'adjusts'));
  }
}
