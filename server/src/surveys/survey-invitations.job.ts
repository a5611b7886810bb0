import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, type Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { JobRegistry } from '../jobs/job-registry';
import { PurchaseStore } from '../purchases';
import { ServiceTicketsService } from '../service-tickets';
import { Survey, SurveyInvitation } from './schemas/survey.schema';
import type { LeanSurvey } from './survey-views';

const HOUR_MS = 3_600_000;
/** Purchases recorded late (paid up to a day before they reach us) are looked at again: invitations are upserts. */
const LATE_PURCHASE_MS = 24 * HOUR_MS;

/** When a purchase paid at `paidAt` makes its buyer due for an after-purchase survey. */
export function invitationDueAt(paidAt: Date, delayHours: number): Date {
  return new Date(paidAt.getTime() + delayHours * HOUR_MS);
}

/**
 * Invites the buyers of after-purchase surveys, and the members whose service ticket staff closed for
 * after-ticket-close surveys, once the delay has passed: every minute, each active survey looks at what happened
 * since it started (and since its last look, less a day for late purchases) up to `delay` hours ago. The invitation is an upsert keyed by survey and member: a rerun, an overlapping window, two instances
 * at once or a member buying twice still make one invitation per member per survey.
 */
@Injectable()
export class SurveyInvitationsJob implements OnModuleInit {
  constructor(
    @InjectModel(Survey.name) private readonly surveys: Model<Survey>,
    @InjectModel(SurveyInvitation.name) private readonly invitations: Model<SurveyInvitation>,
    private readonly purchases: PurchaseStore,
    private readonly tickets: ServiceTicketsService,
    private readonly jobs: JobRegistry,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: 'survey-invitations', period: 'minute', leaseMs: 60_000, work: () => this.invitePurchasers() });
  }

  async invitePurchasers(): Promise<{ invited: number }> {
    const now = this.clock.now();
    const surveys = await this.surveys
      .find({ status: 'active', 'targeting.kind': { $in: ['after-purchase', 'after-ticket-close'] } })
      .lean<LeanSurvey[]>();
    let invited = 0;
    for (const survey of surveys) {
      const targeting = survey.targeting;
      if (targeting.kind === 'segment' || !survey.activatedAt) continue;
      const delayHours = targeting.delayHours;
      const until = new Date(now.getTime() - delayHours * HOUR_MS);
      const lastLook = survey.scannedUntil ?? survey.activatedAt;
      const from = new Date(Math.max(survey.activatedAt.getTime(), lastLook.getTime() - LATE_PURCHASE_MS));
      if (until <= from) continue;
      const events =
        targeting.kind === 'after-purchase'
          ? this.purchasesBetween(from, until)
          : (await this.tickets.closedBetween(from, until)).map((t) => ({
              memberId: t.memberId,
              at: t.closedAt,
              storeCode: t.storeCode,
            }));
      for await (const event of events) {
        const result = await this.invitations.updateOne(
          { surveyId: survey._id, memberId: event.memberId },
          {
            $setOnInsert: {
              surveyId: survey._id,
              memberId: event.memberId,
              status: 'open',
              invitedAt: invitationDueAt(event.at, delayHours),
              ...(event.storeCode ? { storeCode: event.storeCode } : {}),
            },
          },
          { upsert: true },
        );
        invited += result.upsertedCount;
      }
      await this.surveys.updateOne({ _id: survey._id, status: 'active' }, { $max: { scannedUntil: until } });
    }
    return { invited };
  }

  private async *purchasesBetween(from: Date, until: Date): AsyncIterable<SurveyEvent> {
    for await (const p of this.purchases.appliedPaidBetween(from, until))
      yield { memberId: p.memberId, at: p.paidAt, storeCode: p.storeCode };
  }
}

/** What calls for an invitation: whose, when, at which store. */
interface SurveyEvent {
  memberId: Types.ObjectId;
  at: Date;
  storeCode?: string;
}
