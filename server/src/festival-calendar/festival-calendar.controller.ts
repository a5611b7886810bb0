import { Controller } from '@nestjs/common';
import {
  createCouponPack,
  listCouponPacks,
  previewCampaignReach,
  readFestivalCalendar,
  retireCouponPack,
  setOverlapPolicy,
  type CalendarMonth,
  type CampaignReach,
  type CouponPackInput,
  type CouponPackList,
  type CouponPackView,
  type OverlapPolicy,
  type ReachQuery,
} from '@memberloop/shared';
import { Types } from 'mongoose';
import { CurrentPrincipal } from '../common/auth/access.guard';
import type { Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, ContractQuery, Endpoint } from '../common/contract';
import { FestivalCalendarService } from './calendar.service';
import { CouponPacksService } from './coupon-packs.service';

const byOf = (principal: Principal) => (principal.kind === 'staff' ? `hq:${principal.memberId}` : 'hq');

/** HQ's festival calendar (HQ only: the contract's auth; every write audited by the staff audit interceptor). */
@Controller()
export class FestivalCalendarController {
  constructor(
    private readonly calendar: FestivalCalendarService,
    private readonly packs: CouponPacksService,
  ) {}

  @Endpoint(readFestivalCalendar)
  month(@ContractQuery() query: { month: string }): Promise<CalendarMonth> {
    return this.calendar.month(query.month);
  }

  @Endpoint(previewCampaignReach)
  reach(@ContractQuery() query: ReachQuery): Promise<CampaignReach> {
    return this.calendar.reach(query);
  }

  @Endpoint(setOverlapPolicy)
  overlap(@CurrentPrincipal() principal: Principal, @ContractBody() body: OverlapPolicy): Promise<OverlapPolicy> {
    return this.calendar.setOverlapPolicy(body, byOf(principal));
  }

  @Endpoint(listCouponPacks)
  list(): Promise<CouponPackList> {
    return this.packs.list();
  }

  @Endpoint(createCouponPack)
  create(@CurrentPrincipal() principal: Principal, @ContractBody() body: CouponPackInput): Promise<CouponPackView> {
    return this.packs.create(body, byOf(principal));
  }

  @Endpoint(retireCouponPack)
  retire(@ContractParams() params: { packId: string }): Promise<CouponPackView> {
    return this.packs.retire(new Types.ObjectId(params.packId));
  }
}
