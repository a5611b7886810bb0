import { Controller } from '@nestjs/common';
import {
  getMyReferral,
  getMyReferralQrCode,
  getReferralProgramme,
  replaceReferralProgramme,
  type MyReferral,
  type ReferralProgramme,
} from '@memberloop/shared';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import { ContractBody, Endpoint } from '../common/contract';
import { ReferralProgrammeService } from './referral-programme.service';
import { ReferralsService } from './referrals.service';

/** Invite friends: the member's code, QR code and invitations; HQ's referral programme. */
@Controller()
export class ReferralsController {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly programme: ReferralProgrammeService,
  ) {}

  @Endpoint(getMyReferral)
  mine(@CurrentPrincipal() principal: Principal): Promise<MyReferral> {
    return this.referrals.mine(memberIdOf(principal));
  }

  @Endpoint(getMyReferralQrCode)
  qrCode(@CurrentPrincipal() principal: Principal) {
    return this.referrals.qrCode(memberIdOf(principal));
  }

  @Endpoint(getReferralProgramme)
  current(): Promise<ReferralProgramme> {
    return this.programme.current();
  }

  @Endpoint(replaceReferralProgramme)
  replace(@ContractBody() body: ReferralProgramme): Promise<ReferralProgramme> {
    return this.programme.replace(body);
  }
}
