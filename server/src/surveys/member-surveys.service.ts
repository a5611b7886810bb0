import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type {
  MemberSurveyInvitation,
  MemberSurveyInvitations,
  SurveySubmission,
  SurveySubmissionResult,
} from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { SegmentAudienceStore } from '../analytics';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { MembersService } from '../members';
import { PointsLedgerService } from '../points';
import { ProgrammePolicy } from '../programme';
import { ServiceTicketsService } from '../service-tickets';
import { checkAnswers, detractorTicketText } from './domain/answers';
import { isDetractor } from './domain/nps';
import { Survey, SurveyInvitation, SurveyResponse } from './schemas/survey.schema';
import type { LeanSurvey } from './survey-views';

type LeanInvitation = SurveyInvitation & { _id: Types.ObjectId };
type LeanResponse = SurveyResponse & { _id: Types.ObjectId };

/** Where a member with no store on file is counted in the results. */
export const NO_STORE = '未指定门店';
/** A member whose lifecycle stage analytics has not computed yet. */
export const NO_STAGE = '未计算';

/**
 * The member's side of surveys: their open invitations, and answering once. The answer is one document per member
 * and survey (a unique index): a concurrent second submit is refused as SURVEY_ALREADY_ANSWERED, and the reward is
 * paid through the ledger with a key per member and survey, so it lands once whatever retries or races. A reward or
 * a detractor's ticket left pending by a crash is finished by the member's next attempt.
 */
@Injectable()
export class MemberSurveysService {
  constructor(
    @InjectModel(Survey.name) private readonly surveys: Model<Survey>,
    @InjectModel(SurveyInvitation.name) private readonly invitations: Model<SurveyInvitation>,
    @InjectModel(SurveyResponse.name) private readonly responses: Model<SurveyResponse>,
    private readonly members: MembersService,
    private readonly ledger: PointsLedgerService,
    private readonly programme: ProgrammePolicy,
    private readonly tickets: ServiceTicketsService,
    private readonly audience: SegmentAudienceStore,
    private readonly clock: Clock,
  ) {}

  async mine(memberId: Types.ObjectId): Promise<MemberSurveyInvitations> {
    const invitations = await this.invitations
      .find({ memberId, status: 'open', invitedAt: { $lte: this.clock.now() } })
      .sort({ invitedAt: -1 })
      .limit(50)
      .lean<LeanInvitation[]>();
    const surveys = await this.surveys
      .find({ _id: { $in: invitations.map((i) => i.surveyId) }, status: 'active' })
      .lean<LeanSurvey[]>();
    const byId = new Map(surveys.map((s) => [s._id.toHexString(), s]));
    return {
      invitations: invitations.flatMap((i) => {
        const survey = byId.get(i.surveyId.toHexString());
        return survey ? [view(i, survey)] : [];
      }),
    };
  }

  async one(memberId: Types.ObjectId, invitationId: string): Promise<MemberSurveyInvitation> {
    const invitation = await this.invitationOf(memberId, invitationId);
    if (invitation.status === 'answered') throw alreadyAnswered();
    return view(invitation, await this.activeSurvey(invitation));
  }

  async answer(memberId: Types.ObjectId, invitationId: string, submission: SurveySubmission): Promise<SurveySubmissionResult> {
    const invitation = await this.invitationOf(memberId, invitationId);
    if (invitation.status === 'answered') {
      await this.finishExisting(invitation);
      throw alreadyAnswered();
    }
    const survey = await this.activeSurvey(invitation);
    const check = checkAnswers(survey.questions, submission.nps, submission.answers);
    if (!check.ok)
      throw new AppError('VALIDATION_FAILED', `question ${check.questionId}: ${check.problem}`, { questionId: check.questionId });
    const member = await this.members.findById(memberId);
    if (!member) throw new AppError('NOT_FOUND', '没有这份问卷', { invitationId });
    const stages = await this.audience.stagesOf([memberId]);
    const ticketText = isDetractor(check.nps) ? detractorTicketText(check.nps, check.answers) : null;
    let response: LeanResponse;
    try {
      const [doc] = await this.responses.create([
        {
          surveyId: survey._id,
          memberId,
          invitationId: invitation._id,
          nps: check.nps,
          answers: check.answers,
          tier: member.tier.code,
          storeCode: invitation.storeCode ?? member.storeCodes[0] ?? NO_STORE,
          stage: stages.get(memberId.toHexString()) ?? NO_STAGE,
          answeredAt: this.clock.now(),
          reward: survey.rewardPoints > 0 ? 'pending' : 'none',
          pointsEarned: 0,
          ticket: ticketText ? 'pending' : 'none',
        },
      ]);
      response = doc.toObject() as LeanResponse;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      await this.finishExisting(invitation);
      throw alreadyAnswered();
    }
    await this.invitations.updateOne({ _id: invitation._id }, { $set: { status: 'answered' } });
    const done = await this.finish(response, survey, ticketText);
    return { pointsEarned: done.pointsEarned, ticketOpened: done.ticket === 'opened' };
  }

  /** The member's invitation, or NOT_FOUND: another member's invitation is as unknown as a made-up id. */
  private async invitationOf(memberId: Types.ObjectId, invitationId: string): Promise<LeanInvitation> {
    const invitation = Types.ObjectId.isValid(invitationId)
      ? await this.invitations.findOne({ _id: new Types.ObjectId(invitationId), memberId }).lean<LeanInvitation>()
      : null;
    if (!invitation || invitation.invitedAt > this.clock.now()) throw new AppError('NOT_FOUND', '没有这份问卷', { invitationId });
    return invitation;
  }

  private async activeSurvey(invitation: LeanInvitation): Promise<LeanSurvey> {
    const survey = await this.surveys.findById(invitation.surveyId).lean<LeanSurvey>();
    if (!survey) throw new AppError('NOT_FOUND', '没有这份问卷', { invitationId: invitation._id.toHexString() });
    if (survey.status !== 'active')
      throw new AppError('SURVEY_NOT_ACTIVE', 'the survey is not open for answers', { status: survey.status });
    return survey;
  }

  /** A crash after the answer was stored left its reward or ticket pending: the member's retry finishes it. */
  private async finishExisting(invitation: LeanInvitation): Promise<void> {
    const response = await this.responses
      .findOne({ surveyId: invitation.surveyId, memberId: invitation.memberId })
      .lean<LeanResponse>();
    if (!response) return;
    // A crash between storing the answer and marking the invitation left it listed as open.
    if (invitation.status === 'open') await this.invitations.updateOne({ _id: invitation._id }, { $set: { status: 'answered' } });
    if (response.reward !== 'pending' && response.ticket !== 'pending') return;
    const survey = await this.surveys.findById(response.surveyId).lean<LeanSurvey>();
    if (survey) await this.finish(response, survey, detractorTicketText(response.nps, response.answers));
  }

  private async finish(response: LeanResponse, survey: LeanSurvey, ticketText: string | null): Promise<LeanResponse> {
    let current = response;
    if (current.reward === 'pending') {
      const now = this.clock.now();
      await this.ledger.earn({
        memberId: current.memberId,
        points: survey.rewardPoints,
        reason: '问卷奖励',
        source: { type: 'survey', id: survey._id.toHexString() },
        idempotencyKey: `survey:${survey._id.toHexString()}:${current.memberId.toHexString()}`,
        occurredAt: now,
        availableAt: now,
        expiresAt: this.programme.pointsExpiry(now),
      });
      current = await this.mark(current, { reward: 'paid', pointsEarned: survey.rewardPoints });
    }
    if (current.ticket === 'pending' && ticketText) {
      const ticket = await this.tickets.openForDetractor({
        memberId: current.memberId,
        surveyResponseId: current._id.toHexString(),
        text: ticketText,
        ...(current.storeCode !== NO_STORE ? { storeCode: current.storeCode } : {}),
      });
      current = await this.mark(current, { ticket: 'opened', ticketId: ticket.ticketId });
    }
    return current;
  }

  private async mark(response: LeanResponse, changes: Partial<SurveyResponse>): Promise<LeanResponse> {
    const updated = await this.responses
      .findOneAndUpdate({ _id: response._id }, { $set: changes }, { returnDocument: 'after' })
      .lean<LeanResponse>();
    return updated ?? response;
  }
}

function alreadyAnswered(): AppError {
  return new AppError('SURVEY_ALREADY_ANSWERED', 'the member answered this survey already');
}

function view(invitation: LeanInvitation, survey: LeanSurvey): MemberSurveyInvitation {
  return {
    invitationId: invitation._id.toHexString(),
    surveyId: survey._id.toHexString(),
    title: survey.title,
    npsQuestion: survey.npsQuestion,
    questions: survey.questions,
    rewardPoints: survey.rewardPoints,
    invitedAt: invitation.invitedAt.toISOString(),
  };
}
