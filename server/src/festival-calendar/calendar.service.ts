import { Inject, Injectable } from '@nestjs/common';
import {
  addMonthsToMonth,
  brandDay,
  brandMonthWindow,
  campaignOccurrences,
  campaignStatus,
  type CalendarEntry,
  type CalendarMonth,
  type CampaignReach,
  type OverlapPolicy,
  type ReachQuery,
} from '@memberloop/shared';
import { Clock } from '../common/clock/clock';
import { appConfig, type AppConfig } from '../config/app-config';
import { MemberStore } from '../members';
import { ProgrammePolicy } from '../programme';
import { CouponPacksService } from './coupon-packs.service';
import { isTargeted, packStatus } from './domain/coupon-pack-rules';

/**
 * The calendar as HQ reads it: a Beijing month of multiplier campaigns (the programme's earning campaigns, read from
 * the rules) and coupon-pack occurrences, with the overlap policy and the birthday months; the reach preview of a
 * targeting; and the overlap policy's change, applied to the rules as they are saved now (a concurrent edit of a
 * campaign is kept).
 */
@Injectable()
export class FestivalCalendarService {
  constructor(
    private readonly policy: ProgrammePolicy,
    private readonly packs: CouponPacksService,
    private readonly members: MemberStore,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async month(month: string): Promise<CalendarMonth> {
    const timeZone = this.config.brand.timeZone;
    const now = this.clock.now();
    const { startsAt: from, endsAt: to } = brandMonthWindow(month, timeZone);
    await this.policy.refresh();
    const rules = this.policy.rules();
    const overlaps = (startsAt: Date, endsAt: Date) => startsAt < to && endsAt > from;
    // A member day of double points is one campaign: each of its days in the month is an entry.
    const multipliers: CalendarEntry[] = rules.earning.campaigns.flatMap((c) =>
      campaignOccurrences(c, timeZone)
        .filter((o) => overlaps(o.startsAt, o.endsAt))
        .map((o) => ({
          kind: 'multiplier' as const,
          id: c.id,
          name: c.name,
          multiplier: c.multiplier,
          startsAt: o.startsAt.toISOString(),
          endsAt: o.endsAt.toISOString(),
          status: campaignStatus(c, now),
        })),
    );
    const packs: CalendarEntry[] = (await this.packs.overlapping(from, to)).flatMap((pack) =>
      campaignOccurrences(pack, timeZone)
        .filter((o) => overlaps(o.startsAt, o.endsAt))
        .map((o) => ({
          kind: 'coupon-pack' as const,
          id: pack._id.toHexString(),
          name: pack.name,
          occurrence: o.key,
          ...(pack.recurrence?.kind === 'birthday-month' ? { birthdayMonth: true as const } : {}),
          templateCount: pack.templateIds.length,
          startsAt: o.startsAt.toISOString(),
          endsAt: o.endsAt.toISOString(),
          status: packStatus(pack, now),
        })),
    );
    return {
      month,
      timeZone,
      promotionStacking: rules.earning.promotionStacking,
      birthdayMultipliers: this.policy
        .tierLadder()
        .filter((t) => t.benefits.birthdayMultiplier > 1)
        .map((t) => ({ tierCode: t.code, tierName: t.name, multiplier: t.benefits.birthdayMultiplier })),
      entries: [...multipliers, ...packs].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt)),
    };
  }

  /**
   * How many active members the targeting takes in, and how many of them agreed to marketing; for a birthday month,
   * of the members whose birthday is in the next brand month to come.
   */
  async reach(query: ReachQuery): Promise<CampaignReach> {
    const targeting = {
      ...(query.tierCodes?.length ? { tierCodes: query.tierCodes } : {}),
      ...(query.regions?.length ? { regions: query.regions } : {}),
    };
    const birthdayMonth =
      query.recurrence === 'birthday-month'
        ? addMonthsToMonth(brandDay(this.clock.now(), this.config.brand.timeZone).slice(0, 7), 1)
        : undefined;
    const audience = birthdayMonth
      ? this.members.activeForProfileBornInMonth(Number(birthdayMonth.slice(5)))
      : this.members.activeForProfileInIdOrder();
    let targeted = 0;
    let withConsent = 0;
    for await (const member of audience) {
      if (!isTargeted(targeting, { tierCode: member.tier.code, region: member.region })) continue;
      targeted += 1;
      if (member.consents?.marketing?.granted === true) withConsent += 1;
    }
    return {
      targeted,
      withConsent,
      reach: query.kind === 'coupon-pack' ? withConsent : targeted,
      ...(birthdayMonth ? { birthdayMonth } : {}),
    };
  }

  async setOverlapPolicy(input: OverlapPolicy, by: string): Promise<OverlapPolicy> {
    const { rules } = await this.policy.changeRules(by, (current) => ({
      ...current,
      earning: { ...current.earning, promotionStacking: input.promotionStacking },
    }));
    return { promotionStacking: rules.earning.promotionStacking };
  }
}
