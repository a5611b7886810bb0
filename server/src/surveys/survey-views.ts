import type { SurveyView } from '@memberloop/shared';
import type { Types } from 'mongoose';
import type { Survey } from './schemas/survey.schema';

export type LeanSurvey = Survey & { _id: Types.ObjectId };

export function surveyView(survey: LeanSurvey, invited: number): SurveyView {
  return {
    id: survey._id.toHexString(),
    title: survey.title,
    npsQuestion: survey.npsQuestion,
    questions: survey.questions,
    rewardPoints: survey.rewardPoints,
    targeting: survey.targeting,
    status: survey.status,
    invited,
    createdAt: survey.createdAt.toISOString(),
    activatedAt: survey.activatedAt?.toISOString() ?? null,
    closedAt: survey.closedAt?.toISOString() ?? null,
  };
}
