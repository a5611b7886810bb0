import {
  SURVEY_LIMITS,
  SurveySubmission,
  type MemberSurveyInvitation,
  type SurveyAnswerInput,
  type SurveyQuestion,
} from '@memberloop/shared';
import {
  checkContract,
  type ContractCheck,
  type ContractIssue,
  type ContractSchema,
  type FieldFaults,
} from '../../services/contract-check';
import { SURVEY_TEXT as T } from './survey-text';

export type AnswerValue = string | string[] | number;

/** What the member has tapped and typed so far: the NPS, then answers by question id. */
export interface SurveyDraft {
  nps?: number;
  answers: Record<string, AnswerValue | undefined>;
}

export const EMPTY_DRAFT: SurveyDraft = { answers: {} };

const isEmpty = (value: AnswerValue | undefined) =>
  value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

/** The body to send: the NPS and the answers given (empty ones left out), in the questions' order. */
export function submissionOf(questions: readonly SurveyQuestion[], draft: SurveyDraft): unknown {
  const answers: SurveyAnswerInput[] = [];
  for (const question of questions) {
    const value = draft.answers[question.id];
    if (value === undefined || isEmpty(value)) continue;
    answers.push({ questionId: question.id, value: typeof value === 'string' ? value.trim() : value });
  }
  return { nps: draft.nps, answers };
}

/** The fault of one question's answer as the server's checkAnswers sees it, or undefined. */
function questionFault(question: SurveyQuestion, value: AnswerValue | undefined): string | undefined {
  if (isEmpty(value)) return question.required ? 'required' : undefined;
  switch (question.kind) {
    case 'single':
      return typeof value === 'string' && question.options.includes(value) ? undefined : 'invalid';
    case 'multi':
      if (!Array.isArray(value) || value.some((v) => !question.options.includes(v))) return 'invalid';
      return value.length > question.maxChoices ? 'too-many' : undefined;
    case 'rating':
      return typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= SURVEY_LIMITS.ratingMin &&
        value <= SURVEY_LIMITS.ratingMax
        ? undefined
        : 'invalid';
    case 'text':
      if (typeof value !== 'string') return 'invalid';
      return [...value.trim()].length > question.maxLength ? 'too-long' : undefined;
  }
}

/**
 * The contract's answer schema (SurveySubmission, the body the server parses) with this survey's questions on top
 * (the same rules as the server's checkAnswers): each issue's path is `nps` or the question's id.
 */
export function answerSchema(questions: readonly SurveyQuestion[], draft: SurveyDraft): ContractSchema<SurveySubmission> {
  return {
    safeParse(value: unknown) {
      const issues: ContractIssue[] = [];
      const nps = draft.nps;
      if (nps === undefined || !Number.isInteger(nps) || nps < SURVEY_LIMITS.npsMin || nps > SURVEY_LIMITS.npsMax)
        issues.push({ path: ['nps'], message: 'nps' });
      for (const question of questions) {
        const fault = questionFault(question, draft.answers[question.id]);
        if (fault) issues.push({ path: [question.id], message: fault });
      }
      const parsed = SurveySubmission.safeParse(value);
      if (!parsed.success) issues.push(...parsed.error.issues.map((i) => ({ path: i.path, message: i.message })));
      if (issues.length > 0 || !parsed.success) return { success: false, error: { issues } };
      return { success: true, data: parsed.data };
    },
  };
}

/** Each question's words for its fault, naming it. */
export function surveyFaults(questions: readonly SurveyQuestion[]): FieldFaults {
  const faults: FieldFaults = { nps: T.npsFault };
  for (const question of questions) {
    faults[question.id] = ({ message }) =>
      message === 'required'
        ? T.requiredFault(question.title)
        : message === 'too-many' && question.kind === 'multi'
          ? T.tooManyFault(question.title, question.maxChoices)
          : message === 'too-long' && question.kind === 'text'
            ? T.tooLongFault(question.title, question.maxLength)
            : T.badFault(question.title);
  }
  return faults;
}

/** The draft checked before anything is sent: the body, or the words for each question at fault. */
export function checkSurvey(
  invitation: Pick<MemberSurveyInvitation, 'questions'>,
  draft: SurveyDraft,
): ContractCheck<SurveySubmission> {
  const body = submissionOf(invitation.questions, draft);
  return checkContract(answerSchema(invitation.questions, draft), body, surveyFaults(invitation.questions));
}

/** A multi choice tapped: on, or off; never more than the question allows (the oldest choice makes way). */
export function toggleChoice(current: readonly string[], option: string, maxChoices: number): string[] {
  if (current.includes(option)) return current.filter((o) => o !== option);
  const next = [...current, option];
  return next.length > maxChoices ? next.slice(next.length - maxChoices) : next;
}
