import { Controller } from '@nestjs/common';
import { mergeMembers, type MemberMergeRequest, type MemberMergeView } from '@memberloop/shared';
import { CurrentPrincipal } from '../common/auth/access.guard';
import type { Principal } from '../common/auth/principal';
import { ContractBody, Endpoint } from '../common/contract';
import { Idempotent } from '../common/idempotency';
import { MemberMergesService } from './member-merges.service';

/** HQ merges two accounts of one person from its member desk. */
@Controller()
export class MemberMergesController {
  constructor(private readonly merges: MemberMergesService) {}

  @Endpoint(mergeMembers)
  @Idempotent('merges')
  merge(@CurrentPrincipal() principal: Principal, @ContractBody() body: MemberMergeRequest): Promise<MemberMergeView> {
    if (principal.kind !== 'staff') throw new Error('unreachable: HQ endpoints admit staff only');
    return this.merges.merge(principal, body);
  }
}
