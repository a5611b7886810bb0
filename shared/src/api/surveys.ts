import { z } from 'zod';
import { SegmentAudience } from './analytics';
import { defineEndpoint } from './endpoint';

/**
 * Satisfaction surveys and NPS (issue 25, item 3): HQ builds a short survey (the NPS question 0–10 plus up to 5
 * questions), sends it to a segment of members or after a purchase with a delay, rewards a completion with points
 * once per member per survey, and reads the results (NPS split by tier, store and lifecycle stage, trend by ISO
 * week in Beijing time, CSV export with personal data masked). A detractor's answer with words opens a service
 * ticket, once.
 */

export const SURVEY_QUESTION_KINDS = ['single', 'multi', 'rating', 'text'] as const;
export type SurveyQuestionKind = (typeof SURVEY_QUESTION_KINDS)[number];
export const SURVEY_STATUSES = ['draft', 'active', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export const SURVEY_LIMITS = {
  titleMax: 30,
  questionTitleMax: 60,
  questionsMax: 5,
  optionsMin: 2,
  optionsMax: 8,
  optionMax: 20,
  textMax: 500,
  rewardPointsMax: 1000,
  delayHoursMax: 720,
  ratingMin: 1,
  ratingMax: 5,
  npsMin: 0,
  npsMax: 10,
} as const;

const title = (max: number) => z.string().trim().min(1, '标题不能为空').max(max, `最多 ${max} 个字`);
const options = z
  .array(z.string().trim().min(1).max(SURVEY_LIMITS.optionMax))
  .min(SURVEY_LIMITS.optionsMin)
  .max(SURVEY_LIMITS.optionsMax)
  .refine((o) => new Set(o).size === o.length, { message: 'options must differ' });

export const SurveyQuestionInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('single'), title: title(SURVEY_LIMITS.questionTitleMax), required: z.boolean(), options }).strict(),
  z
    .object({
      kind: z.literal('multi'),
      title: title(SURVEY_LIMITS.questionTitleMax),
      required: z.boolean(),
      options,
      maxChoices: z.number().int().min(1).max(SURVEY_LIMITS.optionsMax),
    })
    .strict()
    .refine((q) => q.maxChoices <= q.options.length, {
      message: 'maxChoices is at most the number of options',
      path: ['maxChoices'],
    }),
  z.object({ kind: z.literal('rating'), title: title(SURVEY_LIMITS.questionTitleMax), required: z.boolean() }).strict(),
  z
    .object({
      kind: z.literal('text'),
      title: title(SURVEY_LIMITS.questionTitleMax),
      required: z.boolean(),
      maxLength: z.number().int().min(1).max(SURVEY_LIMITS.textMax),
    })
    .strict(),
]);
export type SurveyQuestionInput = z.infer<typeof SurveyQuestionInput>;

/** A question as stored and shown: its id (`q1`…`q5`, by position) and its definition. */
export const SurveyQuestion = z.discriminatedUnion('kind', [
  z.object({ id: z.string(), kind: z.literal('single'), title: z.string(), required: z.boolean(), options: z.array(z.string()) }),
  z.object({
    id: z.string(),
    kind: z.literal('multi'),
    title: z.string(),
    required: z.boolean(),
    options: z.array(z.string()),
    maxChoices: z.number().int(),
  }),
  z.object({ id: z.string(), kind: z.literal('rating'), title: z.string(), required: z.boolean() }),
  z.object({ id: z.string(), kind: z.literal('text'), title: z.string(), required: z.boolean(), maxLength: z.number().int() }),
]);
export type SurveyQuestion = z.infer<typeof SurveyQuestion>;

/**
 * Who gets the survey: the members of a segment when it starts, each buyer a delay after their purchase, or each
 * member a delay after staff closed their service ticket.
 */
export const SurveyTargeting = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('segment'), audience: SegmentAudience }).strict(),
  z.object({ kind: z.literal('after-purchase'), delayHours: z.number().int().min(0).max(SURVEY_LIMITS.delayHoursMax) }).strict(),
  z
    .object({ kind: z.literal('after-ticket-close'), delayHours: z.number().int().min(0).max(SURVEY_LIMITS.delayHoursMax) })
    .strict(),
]);
export type SurveyTargeting = z.infer<typeof SurveyTargeting>;

export const NewSurvey = z
  .object({
    title: title(SURVEY_LIMITS.titleMax),
    /** The NPS question's words (0–10: how likely to recommend us). */
    npsQuestion: title(SURVEY_LIMITS.questionTitleMax),
    questions: z.array(SurveyQuestionInput).max(SURVEY_LIMITS.questionsMax),
    rewardPoints: z.number().int().min(0).max(SURVEY_LIMITS.rewardPointsMax),
    targeting: SurveyTargeting,
  })
  .strict();
export type NewSurvey = z.infer<typeof NewSurvey>;

export const SurveyView = z.object({
  id: z.string(),
  title: z.string(),
  npsQuestion: z.string(),
  questions: z.array(SurveyQuestion),
  rewardPoints: z.number().int(),
  targeting: SurveyTargeting,
  status: z.enum(SURVEY_STATUSES),
  invited: z.number().int(),
  createdAt: z.iso.datetime(),
  activatedAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
});
export type SurveyView = z.infer<typeof SurveyView>;
export const SurveyList = z.object({ surveys: z.array(SurveyView) });
export type SurveyList = z.infer<typeof SurveyList>;

const surveyParams = z.object({ surveyId: z.string().regex(/^[0-9a-f]{24}$/, 'a survey id') }).strict();
const invitationParams = z.object({ invitationId: z.string().regex(/^[0-9a-f]{24}$/, 'an invitation id') }).strict();

export const createSurvey = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/surveys',
  summary: 'HQ builds a survey (a draft): the NPS question, up to 5 questions, the points reward and its targeting',
  tag: 'surveys',
  auth: 'hq',
  body: NewSurvey,
  successStatus: 201,
  response: SurveyView,
});
export const listSurveys = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/surveys',
  summary: "HQ's surveys, newest first",
  tag: 'surveys',
  auth: 'hq',
  response: SurveyList,
});
export const activateSurvey = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/surveys/:surveyId/activate',
  summary: 'A draft survey starts: a segment survey invites its members now, an after-purchase one the buyers from now on',
  tag: 'surveys',
  auth: 'hq',
  params: surveyParams,
  successStatus: 200,
  response: SurveyView,
});
export const closeSurvey = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/surveys/:surveyId/close',
  summary: 'The survey takes no more answers and invites nobody more',
  tag: 'surveys',
  auth: 'hq',
  params: surveyParams,
  successStatus: 200,
  response: SurveyView,
});

const NpsFigures = z.object({
  /** % promoters − % detractors, rounded to one decimal; null with no answer. */
  score: z.number().nullable(),
  promoters: z.number().int(),
  passives: z.number().int(),
  detractors: z.number().int(),
  total: z.number().int(),
});
export type NpsFigures = z.infer<typeof NpsFigures>;
const NpsGroup = NpsFigures.extend({ key: z.string() });

export const SurveyQuestionSummary = z.object({
  questionId: z.string(),
  kind: z.enum(SURVEY_QUESTION_KINDS),
  title: z.string(),
  answered: z.number().int(),
  /** Choice questions: how many chose each option, in the question's order. */
  options: z.array(z.object({ option: z.string(), count: z.number().int() })).optional(),
  /** Rating questions: the mean (1 decimal; null with no answer) and the count of each rating 1–5. */
  averageRating: z.number().nullable().optional(),
  ratingCounts: z.array(z.number().int()).optional(),
});
export type SurveyQuestionSummary = z.infer<typeof SurveyQuestionSummary>;

export const SurveyResults = z.object({
  survey: SurveyView,
  nps: NpsFigures,
  byTier: z.array(NpsGroup),
  byStore: z.array(NpsGroup),
  byStage: z.array(NpsGroup),
  /** By ISO week of the answer in Beijing time (`2026-W49`), oldest first. */
  trend: z.array(NpsFigures.extend({ week: z.string() })),
  questions: z.array(SurveyQuestionSummary),
  ticketsOpened: z.number().int(),
});
export type SurveyResults = z.infer<typeof SurveyResults>;

export const getSurveyResults = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/surveys/:surveyId/results',
  summary:
    "The survey's NPS (promoters, passives, detractors) by tier, store, lifecycle stage and week, and each question's summary",
  tag: 'surveys',
  auth: 'hq',
  params: surveyParams,
  response: SurveyResults,
});
export const exportSurveyResponses = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/surveys/:surveyId/responses.csv',
  summary:
    'The answers as a CSV file (text/csv, UTF-8 with BOM), one row per answer; members masked, phone numbers in words masked',
  tag: 'surveys',
  auth: 'hq',
  params: surveyParams,
  response: z.string(),
  audit: 'read',
});

/** A member's answer to one question: a choice (single), choices (multi), 1–5 (rating) or words (text). */
export const SurveyAnswerValue = z.union([z.number(), z.string().max(2000), z.array(z.string().max(100)).max(20)]);
export const SurveyAnswerInput = z.object({ questionId: z.string().max(10), value: SurveyAnswerValue }).strict();
export type SurveyAnswerInput = z.infer<typeof SurveyAnswerInput>;
export const SurveySubmission = z
  .object({ nps: z.number(), answers: z.array(SurveyAnswerInput).max(SURVEY_LIMITS.questionsMax + 5) })
  .strict();
export type SurveySubmission = z.infer<typeof SurveySubmission>;

export const MemberSurveyInvitation = z.object({
  invitationId: z.string(),
  surveyId: z.string(),
  title: z.string(),
  npsQuestion: z.string(),
  questions: z.array(SurveyQuestion),
  rewardPoints: z.number().int(),
  invitedAt: z.iso.datetime(),
});
export type MemberSurveyInvitation = z.infer<typeof MemberSurveyInvitation>;
export const MemberSurveyInvitations = z.object({ invitations: z.array(MemberSurveyInvitation) });
export type MemberSurveyInvitations = z.infer<typeof MemberSurveyInvitations>;

export const SurveySubmissionResult = z.object({ pointsEarned: z.number().int(), ticketOpened: z.boolean() });
export type SurveySubmissionResult = z.infer<typeof SurveySubmissionResult>;

export const listMySurveys = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/surveys',
  summary: "The member's open survey invitations (active surveys they have not answered)",
  tag: 'surveys',
  auth: 'member',
  response: MemberSurveyInvitations,
});
export const getMySurvey = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/surveys/:invitationId',
  summary: 'One open invitation of the member with its questions',
  tag: 'surveys',
  auth: 'member',
  params: invitationParams,
  response: MemberSurveyInvitation,
});
export const answerMySurvey = defineEndpoint({
  method: 'POST',
  path: '/api/v1/me/surveys/:invitationId/answers',
  summary: 'The member answers once; the reward is paid once; a detractor with words gets a service ticket',
  tag: 'surveys',
  auth: 'member',
  params: invitationParams,
  body: SurveySubmission,
  successStatus: 200,
  response: SurveySubmissionResult,
  rateLimit: { limit: 20, windowSeconds: 60 },
});
