import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  birthdayMonthOfKey,
  brandDay,
  campaignOccurrences,
  occurrenceAt,
  quantityText,
  type MemberStage,
} from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { SegmentAudienceStore } from '../analytics';
import { MarketingContacts } from '../common/marketing-contacts/marketing-contacts';
import { Clock } from '../common/clock/clock';
import { appConfig, type AppConfig } from '../config/app-config';
import { CouponsService } from '../coupons';
import { JobRegistry } from '../jobs/job-registry';
import { MemberStore, type MemberForProfile } from '../members';
import { NotificationsService, thing } from '../notifications';
import { isTargeted, packCouponKey, packExclusion, packMessageKey, type PackExclusion } from './domain/coupon-pack-rules';
import { CalendarCouponPack, CalendarPackSend } from './schemas/calendar-coupon-pack.schema';

export type LeanPack = CalendarCouponPack & { _id: Types.ObjectId };
type LeanSend = CalendarPackSend & { _id: Types.ObjectId };

const BATCH = 200;
/** How often a birthday month's audience is read again for members who set their birthday since. */
const BIRTHDAY_RESCAN_MS = 10 * 60_000;
/** A member without an analytics profile yet (registered since the last recompute) has the prospect's policy. */
const STAGE_WITHOUT_PROFILE: MemberStage = 'prospect';

export type PackSendOutcome = {
  sent: number;
  excluded: number;
  undelivered: number;
};

/**
 * Sends the calendar's coupon packs: at each occurrence's start (the job runs every minute), every targeted active
 * member is decided once (a send record unique per pack, occurrence and member, claimed before any coupon moves):
 * left out without marketing consent or when contacted within their stage's minimum days (by win-back, an
 * experiment or another pack), else given each template's coupon under its own issue key and one message. A rerun, a
 * second server instance running it at the same moment, or a restart after a crash pays nobody twice; a pending
 * record left by a crash is finished by the next run.
 */
@Injectable()
export class CouponPackSender implements OnModuleInit {
  constructor(
    @InjectModel(CalendarCouponPack.name) private readonly packs: Model<CalendarCouponPack>,
    @InjectModel(CalendarPackSend.name) private readonly sends: Model<CalendarPackSend>,
    private readonly members: MemberStore,
    private readonly audience: SegmentAudienceStore,
    private readonly coupons: CouponsService,
    private readonly notifications: NotificationsService,
    private readonly jobs: JobRegistry,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly marketing: MarketingContacts,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: 'festival-coupon-packs', period: 'minute', leaseMs: 10 * 60_000, work: () => this.sendDue() });
  }

  /** Sends the occurrence open now of every pack not retired (the job); what this run did. */
  async sendDue(): Promise<PackSendOutcome> {
    const now = this.clock.now();
    const total: PackSendOutcome = { sent: 0, excluded: 0, undelivered: 0 };
    const open = await this.packs
      .find({ retiredAt: { $exists: false }, startsAt: { $lte: now }, endsAt: { $gt: now } })
      .sort({ startsAt: 1, _id: 1 })
      .lean<LeanPack[]>();
    for (const pack of open) {
      const occurrence = occurrenceAt(campaignOccurrences(pack, this.config.brand.timeZone), now);
      if (!occurrence || pack.sweptOccurrences.includes(occurrence.key)) continue;
      if (pack.recurrence?.kind === 'birthday-month' && !(await this.birthdayRunDue(pack, occurrence.key, now))) continue;
      const outcome = await this.sendOccurrence(pack, occurrence.key);
      total.sent += outcome.sent;
      total.excluded += outcome.excluded;
      total.undelivered += outcome.undelivered;
    }
    return total;
  }

  private async sendOccurrence(pack: LeanPack, occurrence: string): Promise<PackSendOutcome> {
    const outcome: PackSendOutcome = { sent: 0, excluded: 0, undelivered: 0 };
    const minDays = await this.audience.minDaysBetweenContacts();
    // A birthday month's audience is the members born in that month; anyone else's, every active member.
    const bornIn = birthdayMonthOfKey(occurrence);
    const audience =
      bornIn === null ? this.members.activeForProfileInIdOrder() : this.members.activeForProfileBornInMonth(bornIn);
    let batch: MemberForProfile[] = [];
    for await (const member of audience) {
      if (!isTargeted(pack, { tierCode: member.tier.code, region: member.region })) continue;
      batch.push(member);
      if (batch.length === BATCH) {
        outcome.excluded += await this.decide(pack, occurrence, batch, minDays);
        batch = [];
      }
    }
    if (batch.length > 0) outcome.excluded += await this.decide(pack, occurrence, batch, minDays);
    // A birthday month is not swept: a member who sets their birthday later in the month is decided at a later run.
    const pending = this.sends
      .find({ packId: pack._id, occurrence, status: 'pending' })
      .sort({ memberId: 1 })
      .lean<LeanSend>()
      .cursor({ batchSize: BATCH });
    for await (const send of pending) {
      // HQ stopped the pack meanwhile: what is still pending is not sent (a later run finds it retired).
      if (await this.packs.exists({ _id: pack._id, retiredAt: { $exists: true } })) return outcome;
      const result = await this.deliver(pack, occurrence, send);
      if (result === 'sent') outcome.sent += 1;
      else if (result === 'undelivered') outcome.undelivered += 1;
    }
    // Done once nothing is pending (a concurrent run still delivering leaves some: it marks the occurrence itself).
    if (bornIn === null && !(await this.sends.exists({ packId: pack._id, occurrence, status: 'pending' })))
      await this.packs.updateOne({ _id: pack._id }, { $addToSet: { sweptOccurrences: occurrence } });
    return outcome;
  }

  /**
   * Whether a birthday month's audience is read again now: its first run of the month, then at most every
   * BIRTHDAY_RESCAN_MS (the job runs every minute; a member who sets their birthday meanwhile is sent at the next scan).
   */
  private async birthdayRunDue(pack: LeanPack, occurrence: string, now: Date): Promise<boolean> {
    const claimed = await this.packs.updateOne(
      {
        _id: pack._id,
        $or: [
          { birthdayScan: { $exists: false } },
          { 'birthdayScan.occurrence': { $ne: occurrence } },
          { 'birthdayScan.at': { $lte: new Date(now.getTime() - BIRTHDAY_RESCAN_MS) } },
        ],
      },
      { $set: { birthdayScan: { occurrence, at: now } } },
    );
    if (claimed.modifiedCount === 1) return true;
    // Sends left pending (a crash, a concurrent run still delivering) are finished without waiting for the next scan.
    return (await this.sends.exists({ packId: pack._id, occurrence, status: 'pending' })) !== null;
  }

  /** Records the decision for each member new to this occurrence; how many of them were left out. */
  private async decide(
    pack: LeanPack,
    occurrence: string,
    batch: MemberForProfile[],
    minDays: Record<string, number>,
  ): Promise<number> {
    const now = this.clock.now();
    const ids = batch.map((m) => m._id);
    const known = new Set(
      (await this.sends.find({ packId: pack._id, occurrence, memberId: { $in: ids } }, { memberId: 1 }).lean()).map((s) =>
        s.memberId.toHexString(),
      ),
    );
    const fresh = batch.filter((m) => !known.has(m._id.toHexString()));
    if (fresh.length === 0) return 0;
    // A birthday gift is the member's own date once a year: consent still decides, the stage contact cap does not.
    const exclusions = await this.exclusions(fresh, pack.recurrence?.kind === 'birthday-month' ? {} : minDays, now);
    let excluded = 0;
    await Promise.all(
      fresh.map(async (member, i) => {
        const exclusion = exclusions[i];
        const result = await this.sends
          .updateOne(
            { packId: pack._id, occurrence, memberId: member._id },
            {
              $setOnInsert: {
                packId: pack._id,
                occurrence,
                memberId: member._id,
                status: exclusion ? 'excluded' : 'pending',
                ...(exclusion ? { exclusion } : {}),
                decidedAt: now,
              },
            },
            { upsert: true },
          )
          // A concurrent run decided the same member at the same moment: its decision stands.
          .catch((error: { code?: number }) => {
            if (error.code !== 11000) throw error;
            return { upsertedCount: 0 };
          });
        if (exclusion && result.upsertedCount === 1) excluded += 1;
      }),
    );
    return excluded;
  }

  /** Why each member may not be sent the pack now, or null: consent read live, every automation's last contact. */
  private async exclusions(
    members: MemberForProfile[],
    minDays: Record<string, number>,
    now: Date,
  ): Promise<Array<PackExclusion | null>> {
    const ids = members.map((m) => m._id);
    const [consents, stages, latest] = await Promise.all([
      this.members.activeMarketingConsents(ids),
      this.audience.stagesOf(ids),
      this.marketing.latest(ids),
    ]);
    const consenting = new Set(consents.filter((m) => m.consents?.marketing?.granted === true).map((m) => m._id.toHexString()));
    return members.map((member) => {
      const id = member._id.toHexString();
      return packExclusion(
        {
          marketingConsent: consenting.has(id),
          lastContactedAt: latest.get(id) ?? null,
          minDaysBetweenContacts: minDays[stages.get(id) ?? STAGE_WITHOUT_PROFILE] ?? 0,
        },
        now,
      );
    });
  }

  /**
   * Gives one member the pack's coupons (each under its own issue key: issued once, whoever runs it), then one message
   * (deduplicated), then marks the record; a crash before the mark leaves it pending for the next run, which finds the
   * coupons issued and issues nothing again.
   */
  private async deliver(pack: LeanPack, occurrence: string, send: LeanSend): Promise<'sent' | 'undelivered' | 'none'> {
    const now = this.clock.now();
    const packId = pack._id.toHexString();
    const memberId = send.memberId.toHexString();
    let given = 0;
    for (const templateId of pack.templateIds) {
      const result = await this.coupons.issueFromStock(
        send.memberId,
        templateId,
        packCouponKey(packId, occurrence, memberId, templateId.toHexString()),
      );
      if (result === 'issued' || result === 'already-issued') given += 1;
    }
    if (given > 0)
      await this.notifications.enqueue({
        memberId: send.memberId,
        kind: 'reward-issued',
        dedupeKey: packMessageKey(packId, occurrence, memberId),
        page: 'packages/coupons/index',
        data: {
          thing1: thing(pack.name),
          thing2: thing(`优惠券 ${quantityText(given, '张')}`),
          date3: { value: brandDay(now, this.config.brand.timeZone) },
        },
      });
    const status = given === pack.templateIds.length ? 'sent' : 'undelivered';
    const marked = await this.sends.updateOne(
      { _id: send._id, status: 'pending' },
      { $set: { status, ...(given > 0 ? { sentAt: now } : {}) } },
    );
    return marked.modifiedCount === 1 ? status : 'none';
  }
}
