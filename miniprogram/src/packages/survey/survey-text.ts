import { quantityText, SURVEY_LIMITS, type SurveyQuestion } from '@memberloop/shared';
import { dateTimeText } from '../../services/date-text';

/** Every word of the member's survey screens. */
export const SURVEY_TEXT = {
  listTitle: '待完成的问卷',
  none: '暂时没有需要填写的问卷',
  reward: (points: number) => (points > 0 ? `完成可得 ${quantityText(points, '积分')}` : '感谢您抽空填写'),
  invitedAt: (iso: string) => `${dateTimeText(iso)} 收到`,
  questionCount: (n: number) => `${quantityText(n + 1, '道题')}`,
  open: '去填写',
  npsLow: '不可能',
  npsHigh: '极有可能',
  required: '必答',
  optional: '选填',
  single: '单选',
  multi: (max: number) => `多选，最多选 ${max} 项`,
  rating: `${SURVEY_LIMITS.ratingMin}–${SURVEY_LIMITS.ratingMax} 星`,
  ratingWords: ['', '很不满意', '不满意', '一般', '满意', '非常满意'],
  textPlaceholder: (max: number) => `请写下您的想法（${max} 字以内）`,
  count: (n: number, max: number) => `${n}/${max}`,
  submit: '提交问卷',
  submitting: '提交中…',
  npsFault: '请先为上面的问题选择 0–10 分',
  requiredFault: (title: string) => `「${title}」是必答题，请作答`,
  tooManyFault: (title: string, max: number) => `「${title}」最多选 ${max} 项`,
  tooLongFault: (title: string, max: number) => `「${title}」最多 ${max} 个字`,
  badFault: (title: string) => `「${title}」的回答有误，请重新选择`,
  thanksTitle: '感谢您的反馈！',
  thanksPoints: (points: number) => `${quantityText(points, '积分')}已发放到您的账户`,
  thanksNoPoints: '您的意见会帮助我们做得更好',
  myPoints: '查看我的积分',
  back: '返回我的',
  alreadyAnswered: '这份问卷您已经填写过了，感谢参与',
  notActive: '这份问卷已结束，感谢关注',
  linkBroken: '链接不完整，请从「我的」进入问卷',
} as const;

/** The server's refusals of an answer, in the member's words. */
export const SURVEY_REFUSALS = {
  SURVEY_ALREADY_ANSWERED: SURVEY_TEXT.alreadyAnswered,
  SURVEY_NOT_ACTIVE: SURVEY_TEXT.notActive,
  NOT_FOUND: SURVEY_TEXT.notActive,
} as const;

/** The kind line under a question's title: 单选 / 多选，最多选 2 项 / 1–5 星 / 选填. */
export function questionHint(question: SurveyQuestion): string {
  const kind =
    question.kind === 'single'
      ? SURVEY_TEXT.single
      : question.kind === 'multi'
        ? SURVEY_TEXT.multi(question.maxChoices)
        : question.kind === 'rating'
          ? SURVEY_TEXT.rating
          : undefined;
  const need = question.required ? SURVEY_TEXT.required : SURVEY_TEXT.optional;
  return kind ? `${kind} · ${need}` : need;
}
