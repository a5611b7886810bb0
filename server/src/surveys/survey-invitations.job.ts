import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { JobRegistry } from '../jobs/job-registry';
import { PurchaseStore } from '../purchases';
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
 * Invites the buyers of after-purchase surveys once their delay has passed: every minute, each active survey looks
 * at the purchases paid since it started (and since its last look, less a day for late purchases) up to `delay`
 * hours ago. The invitation is an upsert keyed by survey and member: a rerun, an overlapping window, two instances
 * at once or a member buying twice still make one invitation per member per survey.
 */
@Injectable()
export class SurveyInvitationsJob implements OnModuleInit {
  constructor(
    @InjectModel(Survey.name) private readonly surveys: Model<Survey>,
    @InjectModel(SurveyInvitation.name) private readonly invitations: Model<SurveyInvitation>,
    private readonly purchases: PurchaseStore,
    private readonly jobs: JobRegistry,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: 'survey-invitations', period: 'minute', leaseMs: 60_000, work: () => this.invitePurchasers() });
  }

  async invitePurchasers(): Promise<{ invited: number }> {
    const now = this.clock.now();
    const surveys = await this.surveys.find({ status: 'active', 'targeting.kind': 'after-purchase' }).lean<LeanSurvey[]>();
    let invited = 0;
    for (const survey of surveys) {
      if (survey.targeting.kind !== 'after-purchase' || !survey.activatedAt) continue;
      const delayHours = survey.targeting.delayHours;
      const until = new Date(now.getTime() - delayHours * HOUR_MS);
      const lastLook = survey.scannedUntil ?? survey.activatedAt;
      const from = new Date(Math.max(survey.activatedAt.getTime(), lastLook.getTime() - LATE_PURCHASE_MS));
      if (until <= from) continue;
      for await (const purchase of this.purchases.appliedPaidBetween(from, until)) {
        const result = await this.invitations.updateOne(
          { surveyId: survey._id, memberId: purchase.memberId },
          {
            $setOnInsert: {
              surveyId: survey._id,
              memberId: purchase.memberId,
              status: 'open',
              invitedAt: invitationDueAt(purchase.paidAt, delayHours),
              ...(purchase.storeCode ? { storeCode: purchase.storeCode } : {}),
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
}
