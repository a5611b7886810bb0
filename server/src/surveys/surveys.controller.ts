import { Controller, Res } from '@nestjs/common';
import {
  activateSurvey,
  answerMySurvey,
  closeSurvey,
  createSurvey,
  exportSurveyResponses,
  getMySurvey,
  getSurveyResults,
  listMySurveys,
  listSurveys,
  type MemberSurveyInvitation,
  type MemberSurveyInvitations,
  type NewSurvey,
  type SurveyList,
  type SurveyResults,
  type SurveySubmission,
  type SurveySubmissionResult,
  type SurveyView,
} from '@memberloop/shared';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, Endpoint } from '../common/contract';
import { MemberSurveysService } from './member-surveys.service';
import { SurveysService } from './surveys.service';

/** HQ's surveys and their results (HQ only: the access guard refuses managers and members). */
@Controller()
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Endpoint(createSurvey)
  create(@ContractBody() body: NewSurvey): Promise<SurveyView> {
    return this.surveys.create(body);
  }

  @Endpoint(listSurveys)
  list(): Promise<SurveyList> {
    return this.surveys.list();
  }

  @Endpoint(activateSurvey)
  activate(@ContractParams() params: { surveyId: string }): Promise<SurveyView> {
    return this.surveys.activate(params.surveyId);
  }

  @Endpoint(closeSurvey)
  close(@ContractParams() params: { surveyId: string }): Promise<SurveyView> {
    return this.surveys.close(params.surveyId);
  }

  @Endpoint(getSurveyResults)
  results(@ContractParams() params: { surveyId: string }): Promise<SurveyResults> {
    return this.surveys.results(params.surveyId);
  }

  /** A file, not JSON: the contract's response is the CSV text, sent as text/csv for download. */
  @Endpoint(exportSurveyResponses)
  async exportCsv(
    @ContractParams() params: { surveyId: string },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const csv = await this.surveys.exportCsv(params.surveyId);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="survey-${params.surveyId}.csv"`);
    return csv;
  }
}

/** The member's survey invitations and answers. */
@Controller()
export class MemberSurveysController {
  constructor(private readonly surveys: MemberSurveysService) {}

  @Endpoint(listMySurveys)
  mine(@CurrentPrincipal() principal: Principal): Promise<MemberSurveyInvitations> {
    return this.surveys.mine(memberIdOf(principal));
  }

  @Endpoint(getMySurvey)
  one(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { invitationId: string },
  ): Promise<MemberSurveyInvitation> {
    return this.surveys.one(memberIdOf(principal), params.invitationId);
  }

  @Endpoint(answerMySurvey)
  answer(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { invitationId: string },
    @ContractBody() body: SurveySubmission,
  ): Promise<SurveySubmissionResult> {
    return this.surveys.answer(memberIdOf(principal), params.invitationId, body);
  }
}
