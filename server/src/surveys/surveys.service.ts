import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  brandDateTime,
  brandDay,
  type NewSurvey,
  type SurveyList,
  type SurveyQuestion,
  type SurveyQuestionSummary,
  type SurveyResults,
  type SurveyView,
} from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { SegmentAudienceStore } from '../analytics';
import { Clock } from '../common/clock/clock';
import { toCsv } from '../common/csv/csv';
import { AppError } from '../common/errors/app-error';
import { appConfig, type AppConfig } from '../config/app-config';
import { maskPhonesIn, numberQuestions, type StoredAnswer } from './domain/answers';
import { isoWeekOf, npsBy, npsOf } from './domain/nps';
import { Survey, SurveyInvitation, SurveyResponse } from './schemas/survey.schema';
import { surveyView, type LeanSurvey } from './survey-views';

type LeanResponse = SurveyResponse & { _id: Types.ObjectId };
const INVITE_BATCH = 500;
const RESULTS_MAX = 50_000;

/**
 * HQ's surveys: build a draft, start it (a segment survey invites its members at once, one invitation per member),
 * close it, read the results and export the answers. Every change is audited by the audit interceptor (staff
 * writes), the export as a read of personal data.
 */
@Injectable()
export class SurveysService implements OnModuleInit {
  constructor(
    @InjectModel(Survey.name) private readonly surveys: Model<Survey>,
    @InjectModel(SurveyInvitation.name) private readonly invitations: Model<SurveyInvitation>,
    @InjectModel(SurveyResponse.name) private readonly responses: Model<SurveyResponse>,
    private readonly audience: SegmentAudienceStore,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await Promise.all([this.surveys.init(), this.invitations.init(), this.responses.init()]);
  }

  async create(input: NewSurvey): Promise<SurveyView> {
    const [doc] = await this.surveys.create([
      {
        title: input.title,
        npsQuestion: input.npsQuestion,
        questions: numberQuestions(input.questions) as SurveyQuestion[],
        rewardPoints: input.rewardPoints,
        targeting: input.targeting,
        status: 'draft',
      },
    ]);
    return surveyView(doc.toObject() as LeanSurvey, 0);
  }

  async list(): Promise<SurveyList> {
    const surveys = await this.surveys.find().sort({ _id: -1 }).limit(200).lean<LeanSurvey[]>();
    const counts = await this.invitations.aggregate<{ _id: Types.ObjectId; n: number }>([
      { $match: { surveyId: { $in: surveys.map((s) => s._id) } } },
      { $group: { _id: '$surveyId', n: { $sum: 1 } } },
    ]);
    const invited = new Map(counts.map((c) => [c._id.toHexString(), c.n]));
    return { surveys: surveys.map((s) => surveyView(s, invited.get(s._id.toHexString()) ?? 0)) };
  }

  async find(surveyId: string): Promise<LeanSurvey> {
    const survey = Types.ObjectId.isValid(surveyId) ? await this.surveys.findById(surveyId).lean<LeanSurvey>() : null;
    if (!survey) throw new AppError('NOT_FOUND', '没有这个问卷', { surveyId });
    return survey;
  }

  /** Draft → active, once (a concurrent second start finds it active: SURVEY_NOT_ACTIVE). */
  async activate(surveyId: string): Promise<SurveyView> {
    const survey = await this.find(surveyId);
    const now = this.clock.now();
    const started = await this.surveys
      .findOneAndUpdate(
        { _id: survey._id, status: 'draft' },
        { $set: { status: 'active', activatedAt: now, scannedUntil: now } },
        { returnDocument: 'after' },
      )
      .lean<LeanSurvey>();
    if (!started) throw new AppError('SURVEY_NOT_ACTIVE', 'only a draft survey can be started', { status: survey.status });
    if (started.targeting.kind === 'segment') await this.inviteSegment(started, now);
    return surveyView(started, await this.invitations.countDocuments({ surveyId: started._id }));
  }

  async close(surveyId: string): Promise<SurveyView> {
    const survey = await this.find(surveyId);
    const closed = await this.surveys
      .findOneAndUpdate(
        { _id: survey._id, status: { $ne: 'closed' } },
        { $set: { status: 'closed', closedAt: this.clock.now() } },
        { returnDocument: 'after' },
      )
      .lean<LeanSurvey>();
    if (!closed) throw new AppError('SURVEY_NOT_ACTIVE', 'the survey is closed already', { status: survey.status });
    return surveyView(closed, await this.invitations.countDocuments({ surveyId: closed._id }));
  }

  /** One invitation per member of the segment: upserts, so a rerun or an overlap invites nobody twice. */
  private async inviteSegment(survey: LeanSurvey, now: Date): Promise<void> {
    if (survey.targeting.kind !== 'segment') return;
    let batch: Types.ObjectId[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await this.invitations.bulkWrite(
        batch.map((memberId) => ({
          updateOne: {
            filter: { surveyId: survey._id, memberId },
            update: { $setOnInsert: { surveyId: survey._id, memberId, status: 'open', invitedAt: now } },
            upsert: true,
          },
        })),
        { ordered: false },
      );
      batch = [];
    };
    for await (const member of this.audience.membersOf(survey.targeting.audience)) {
      batch.push(member._id);
      if (batch.length >= INVITE_BATCH) await flush();
    }
    await flush();
  }

  async results(surveyId: string): Promise<SurveyResults> {
    const survey = await this.find(surveyId);
    const rows = await this.answersOf(survey);
    const zone = this.config.brand.timeZone;
    const invited = await this.invitations.countDocuments({ surveyId: survey._id });
    const trend = npsBy(
      rows,
      (r) => isoWeekOf(brandDay(r.answeredAt, zone)),
      (r) => r.nps,
    ).map(({ key, ...f }) => ({
      week: key,
      ...f,
    }));
    return {
      survey: surveyView(survey, invited),
      nps: npsOf(rows.map((r) => r.nps)),
      byTier: npsBy(
        rows,
        (r) => r.tier,
        (r) => r.nps,
      ),
      byStore: npsBy(
        rows,
        (r) => r.storeCode,
        (r) => r.nps,
      ),
      byStage: npsBy(
        rows,
        (r) => r.stage,
        (r) => r.nps,
      ),
      trend,
      questions: survey.questions.map((q) => summary(q, rows)),
      ticketsOpened: rows.filter((r) => r.ticket === 'opened').length,
    };
  }

  /** The answers as CSV: the member as a masked id, phone numbers in their words masked, times in brand time. */
  async exportCsv(surveyId: string): Promise<string> {
    const survey = await this.find(surveyId);
    const rows = await this.answersOf(survey);
    const zone = this.config.brand.timeZone;
    const header = ['回答时间', '会员', '等级', '门店', '生命周期', 'NPS', ...survey.questions.map((q) => q.title), '积分奖励'];
    return toCsv(
      header,
      rows.map((r) => [
        brandDateTime(r.answeredAt, zone),
        maskId(r.memberId.toHexString()),
        r.tier,
        r.storeCode,
        r.stage,
        r.nps,
        ...survey.questions.map((q) => cellOf(r.answers.find((a) => a.questionId === q.id))),
        r.pointsEarned,
      ]),
    );
  }

  private answersOf(survey: LeanSurvey): Promise<LeanResponse[]> {
    return this.responses.find({ surveyId: survey._id }).sort({ answeredAt: 1 }).limit(RESULTS_MAX).lean<LeanResponse[]>();
  }
}

function maskId(id: string): string {
  return `${id.slice(0, 4)}****${id.slice(-4)}`;
}

function cellOf(answer: StoredAnswer | undefined): string {
  if (!answer) return '';
  switch (answer.kind) {
    case 'single':
      return answer.choice;
    case 'multi':
      return answer.choices.join('；');
    case 'rating':
      return String(answer.rating);
    case 'text':
      return maskPhonesIn(answer.text);
  }
}

function summary(question: SurveyQuestion, rows: readonly LeanResponse[]): SurveyQuestionSummary {
  const answers = rows.flatMap((r) => r.answers.filter((a) => a.questionId === question.id));
  const base = { questionId: question.id, kind: question.kind, title: question.title, answered: answers.length };
  switch (question.kind) {
    case 'single':
    case 'multi':
      return {
        ...base,
        options: question.options.map((option) => ({
          option,
          count: answers.filter((a) =>
            a.kind === 'single' ? a.choice === option : a.kind === 'multi' && a.choices.includes(option),
          ).length,
        })),
      };
    case 'rating': {
      const ratings = answers.flatMap((a) => (a.kind === 'rating' ? [a.rating] : []));
      const average = ratings.length ? Math.round((ratings.reduce((s, r) => s + r, 0) * 10) / ratings.length) / 10 : null;
      return { ...base, averageRating: average, ratingCounts: [1, 2, 3, 4, 5].map((n) => ratings.filter((r) => r === n).length) };
    }
    case 'text':
      return base;
  }
}
