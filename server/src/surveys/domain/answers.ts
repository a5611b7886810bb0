import { SURVEY_LIMITS, type SurveyAnswerInput, type SurveyQuestion } from '@memberloop/shared';

/** An answer as stored: the question's id and kind with the value checked against it. */
export type StoredAnswer =
  | { questionId: string; kind: 'single'; choice: string }
  | { questionId: string; kind: 'multi'; choices: string[] }
  | { questionId: string; kind: 'rating'; rating: number }
  | { questionId: string; kind: 'text'; text: string };

export type AnswerCheck = { ok: true; nps: number; answers: StoredAnswer[] } | { ok: false; questionId: string; problem: string };

const fail = (questionId: string, problem: string): AnswerCheck => ({ ok: false, questionId, problem });

/**
 * Checks a member's answers against the survey's questions: the NPS an integer 0–10; each answer to a question of
 * the survey, at most once; a choice among the options, no more choices than allowed, a rating 1–5, words within
 * the length; every required question answered. The first problem names its question (`nps` for the NPS).
 */
export function checkAnswers(
  questions: readonly SurveyQuestion[],
  nps: number,
  given: readonly SurveyAnswerInput[],
): AnswerCheck {
  if (!Number.isInteger(nps) || nps < SURVEY_LIMITS.npsMin || nps > SURVEY_LIMITS.npsMax)
    return fail('nps', `the NPS is an integer from ${SURVEY_LIMITS.npsMin} to ${SURVEY_LIMITS.npsMax}`);
  const byId = new Map(questions.map((q) => [q.id, q]));
  const seen = new Set<string>();
  const answers: StoredAnswer[] = [];
  for (const answer of given) {
    const question = byId.get(answer.questionId);
    if (!question) return fail(answer.questionId, 'no such question in this survey');
    if (seen.has(answer.questionId)) return fail(answer.questionId, 'answered twice');
    seen.add(answer.questionId);
    const value = answer.value;
    switch (question.kind) {
      case 'single':
        if (typeof value !== 'string' || !question.options.includes(value)) return fail(question.id, 'not one of the options');
        answers.push({ questionId: question.id, kind: 'single', choice: value });
        break;
      case 'multi': {
        if (!Array.isArray(value)) return fail(question.id, 'a list of options');
        if (value.some((v) => !question.options.includes(v))) return fail(question.id, 'not one of the options');
        if (new Set(value).size !== value.length) return fail(question.id, 'an option chosen twice');
        if (value.length > question.maxChoices) return fail(question.id, `at most ${question.maxChoices} choices`);
        if (value.length === 0) {
          if (question.required) return fail(question.id, 'required');
          continue;
        }
        answers.push({ questionId: question.id, kind: 'multi', choices: [...value] });
        break;
      }
      case 'rating':
        if (
          typeof value !== 'number' ||
          !Number.isInteger(value) ||
          value < SURVEY_LIMITS.ratingMin ||
          value > SURVEY_LIMITS.ratingMax
        )
          return fail(question.id, `a rating from ${SURVEY_LIMITS.ratingMin} to ${SURVEY_LIMITS.ratingMax}`);
        answers.push({ questionId: question.id, kind: 'rating', rating: value });
        break;
      case 'text': {
        if (typeof value !== 'string') return fail(question.id, 'words');
        const text = value.trim();
        if ([...text].length > question.maxLength) return fail(question.id, `at most ${question.maxLength} characters`);
        if (text.length === 0) {
          if (question.required) return fail(question.id, 'required');
          continue;
        }
        answers.push({ questionId: question.id, kind: 'text', text });
        break;
      }
    }
  }
  const missing = questions.find((q) => q.required && !answers.some((a) => a.questionId === q.id));
  if (missing) return fail(missing.id, 'required');
  return { ok: true, nps, answers: questions.flatMap((q) => answers.filter((a) => a.questionId === q.id)) };
}

/** Questions as HQ wrote them, with their ids by position (`q1`…). */
export function numberQuestions<T extends object>(questions: readonly T[]): Array<T & { id: string }> {
  return questions.map((q, i) => ({ ...q, id: `q${i + 1}` }));
}

/**
 * The service ticket's words for a detractor who wrote something (null when they wrote nothing): the score, then
 * their words, within the ticket's 500 characters.
 */
export function detractorTicketText(nps: number, answers: readonly StoredAnswer[]): string | null {
  const words = answers.flatMap((a) => (a.kind === 'text' ? [a.text] : [])).join('\n');
  if (!words) return null;
  return [...`满意度调查 NPS ${nps} 分：${words}`].slice(0, 500).join('');
}

/** Phone numbers in members' words, masked for an export: 138****0000. */
export function maskPhonesIn(text: string): string {
  return text.replace(/(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)/g, '$1****$2');
}
