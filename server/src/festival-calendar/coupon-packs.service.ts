import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  campaignOccurrences,
  type CouponPackInput,
  type CouponPackList,
  type CouponPackView,
  type PackSendCounts,
} from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { appConfig, type AppConfig } from '../config/app-config';
import { CouponStore } from '../coupons';
import { ProgrammePolicy } from '../programme';
import type { LeanPack } from './coupon-pack-sender';
import { checkPackInput, packStatus } from './domain/coupon-pack-rules';
import { CalendarCouponPack, CalendarPackSend } from './schemas/calendar-coupon-pack.schema';

/** Occurrences a pack's view lists (two years of member days). */
const MAX_LISTED_OCCURRENCES = 24;
const LIST_LIMIT = 100;

/**
 * HQ's coupon packs on the festival calendar: scheduling one (its templates active, its tiers on the ladder, its
 * window not over), listing them with what each occurrence's send did, and stopping one. Every HQ write is in the
 * staff audit log (the audit interceptor), refusals too.
 */
@Injectable()
export class CouponPacksService {
  constructor(
    @InjectModel(CalendarCouponPack.name) private readonly packs: Model<CalendarCouponPack>,
    @InjectModel(CalendarPackSend.name) private readonly sends: Model<CalendarPackSend>,
    private readonly couponStore: CouponStore,
    private readonly policy: ProgrammePolicy,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async create(input: CouponPackInput, createdBy: string): Promise<CouponPackView> {
    const now = this.clock.now();
    await this.policy.refresh();
    checkPackInput(
      input,
      now,
      this.policy.tierLadder().map((t) => t.code),
    );
    for (const [index, templateId] of input.templateIds.entries())
      if (!(await this.couponStore.isTemplateActive(templateId)))
        throw new AppError('COUPON_TEMPLATE_RETIRED', `第 ${index + 1} 张券的模板不存在或已停发：请重新选择`, {
          templateId,
          index,
        });
    const [created] = await this.packs.create([
      {
        name: input.name,
        ...(input.preset ? { preset: input.preset } : {}),
        templateIds: input.templateIds.map((id) => new Types.ObjectId(id)),
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        ...(input.recurrence ? { recurrence: input.recurrence } : {}),
        ...(input.tierCodes ? { tierCodes: [...new Set(input.tierCodes)] } : {}),
        ...(input.regions ? { regions: [...new Set(input.regions)] } : {}),
        createdBy,
        sweptOccurrences: [],
      },
    ]);
    return this.view(created.toObject() as LeanPack);
  }

  async list(): Promise<CouponPackList> {
    const packs = await this.packs.find().sort({ startsAt: -1, _id: -1 }).limit(LIST_LIMIT).lean<LeanPack[]>();
    return { packs: await Promise.all(packs.map((p) => this.view(p))) };
  }

  /** Stops a pack now: no occurrence is sent from now on. CAMPAIGN_ENDED for one already over. */
  async retire(id: Types.ObjectId): Promise<CouponPackView> {
    const now = this.clock.now();
    const pack = await this.pack(id);
    const status = packStatus(pack, now);
    if (status === 'ended' || status === 'retired')
      throw new AppError('CAMPAIGN_ENDED', `券包「${pack.name}」已${status === 'retired' ? '停止' : '结束'}，不能再停止`, {
        status,
      });
    // Guarded: of two racing stops, one sets the instant.
    await this.packs.updateOne({ _id: id, retiredAt: { $exists: false } }, { $set: { retiredAt: now } });
    return this.view(await this.pack(id));
  }

  /** The packs whose window overlaps [from, to), for the calendar grid. */
  overlapping(from: Date, to: Date): Promise<LeanPack[]> {
    return this.packs
      .find({ startsAt: { $lt: to }, endsAt: { $gt: from } })
      .sort({ startsAt: 1, _id: 1 })
      .limit(500)
      .lean<LeanPack[]>();
  }

  private async pack(id: Types.ObjectId): Promise<LeanPack> {
    const found = await this.packs.findById(id).lean<LeanPack>();
    if (!found) throw new AppError('NOT_FOUND', '没有这个券包活动');
    return found;
  }

  private async view(pack: LeanPack): Promise<CouponPackView> {
    const now = this.clock.now();
    const [names, rows] = await Promise.all([
      this.couponStore.templateNames(pack.templateIds),
      this.sends.aggregate<{ _id: { occurrence: string; status: string; exclusion?: string }; n: number }>([
        { $match: { packId: pack._id } },
        { $group: { _id: { occurrence: '$occurrence', status: '$status', exclusion: '$exclusion' }, n: { $sum: 1 } } },
      ]),
    ]);
    const countsOf = (key: string): PackSendCounts => {
      const mine = rows.filter((r) => r._id.occurrence === key);
      const n = (status: string, exclusion?: string) =>
        mine
          .filter((r) => r._id.status === status && (exclusion === undefined || r._id.exclusion === exclusion))
          .reduce((s, r) => s + r.n, 0);
      return {
        sent: n('sent'),
        noConsent: n('excluded', 'no-consent'),
        contactedRecently: n('excluded', 'contacted-recently'),
        undelivered: n('undelivered'),
      };
    };
    return {
      id: pack._id.toHexString(),
      name: pack.name,
      ...(pack.preset ? { preset: pack.preset } : {}),
      templates: pack.templateIds.map((t) => ({ id: t.toHexString(), name: names.get(t.toHexString()) ?? '' })),
      startsAt: pack.startsAt.toISOString(),
      endsAt: pack.endsAt.toISOString(),
      ...(pack.recurrence
        ? {
            recurrence:
              pack.recurrence.kind === 'birthday-month'
                ? { kind: 'birthday-month' as const }
                : { kind: 'monthly' as const, dayOfMonth: pack.recurrence.dayOfMonth ?? 1 },
          }
        : {}),
      ...(pack.tierCodes?.length ? { tierCodes: pack.tierCodes } : {}),
      ...(pack.regions?.length ? { regions: pack.regions } : {}),
      ...(pack.retiredAt ? { retiredAt: pack.retiredAt.toISOString() } : {}),
      status: packStatus(pack, now),
      occurrences: campaignOccurrences(pack, this.config.brand.timeZone)
        .slice(0, MAX_LISTED_OCCURRENCES)
        .map((o) => ({
          key: o.key,
          startsAt: o.startsAt.toISOString(),
          endsAt: o.endsAt.toISOString(),
          counts: countsOf(o.key),
        })),
    };
  }
}
