import { NewSurvey, SURVEY_LIMITS, type MemberStage, type SurveyQuestionKind, type SurveyTargeting } from '@memberloop/shared';
import { checkContract, type ContractCheck } from '../../services/contract-check';
import { SURVEYS_TEXT as T } from './surveys-text';

export interface QuestionDraft {
  kind: SurveyQuestionKind;
  title: string;
  required: boolean;
  /** Choice questions: the options separated by commas (，, 、). */
  options: string;
  maxChoices: string;
  maxLength: string;
}

export interface SurveyDraft {
  title: string;
  npsQuestion: string;
  rewardPoints: string;
  targeting: SurveyTargeting['kind'];
  delayHours: string;
  stages: MemberStage[];
  questions: QuestionDraft[];
}

export const EMPTY_QUESTION: QuestionDraft = {
  kind: 'single',
  title: '',
  required: false,
  options: '',
  maxChoices: '2',
  maxLength: '200',
};

export const EMPTY_SURVEY: SurveyDraft = {
  title: '',
  npsQuestion: T.npsDefault,
  rewardPoints: '0',
  targeting: 'after-purchase',
  delayHours: '24',
  stages: [],
  questions: [],
};

/** A number typed in a box: an integer or NaN (which the contract refuses). */
const integer = (text: string) => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN);

const optionsOf = (text: string) =>
  text
    .split(/[,，、\n]/)
    .map((o) => o.trim())
    .filter((o) => o.length > 0);

function questionOf(q: QuestionDraft): unknown {
  const base = { kind: q.kind, title: q.title, required: q.required };
  if (q.kind === 'single') return { ...base, options: optionsOf(q.options) };
  if (q.kind === 'multi') return { ...base, options: optionsOf(q.options), maxChoices: integer(q.maxChoices) };
  if (q.kind === 'text') return { ...base, maxLength: integer(q.maxLength) };
  return base;
}

function targetingOf(draft: SurveyDraft): unknown {
  if (draft.targeting === 'segment')
    return { kind: 'segment', audience: draft.stages.length > 0 ? { stages: draft.stages } : {} };
  return { kind: draft.targeting, delayHours: integer(draft.delayHours) };
}

/** The draft as the contract's NewSurvey, checked with the server's own schema; each field at fault in words. */
export function newSurveyOf(draft: SurveyDraft): ContractCheck<NewSurvey> {
  const body = {
    title: draft.title,
    npsQuestion: draft.npsQuestion,
    questions: draft.questions.slice(0, SURVEY_LIMITS.questionsMax + 1).map(questionOf),
    rewardPoints: integer(draft.rewardPoints),
    targeting: targetingOf(draft),
  };
  return checkContract(NewSurvey, body, T.faults);
}
