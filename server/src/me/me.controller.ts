import { Controller } from '@nestjs/common';
import { getMemberHome, type MemberHome } from '@memberloop/shared';
import { CurrentPrincipal } from '../auth/access.guard';
import type { Principal } from '../auth/principal';
import { Endpoint } from '../common/contract';
import { MemberHomeService } from './member-home.service';

/** The signed-in member's own data: a member only ever reaches their own through these routes. */
@Controller()
export class MeController {
  constructor(private readonly home: MemberHomeService) {}

  @Endpoint(getMemberHome)
  getHome(@CurrentPrincipal() principal: Principal): Promise<MemberHome> {
    if (principal.kind === 'integration') throw new Error('unreachable: member endpoints admit no integrations');
    return this.home.homeOf(principal.memberId);
  }
}
