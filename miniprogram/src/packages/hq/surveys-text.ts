import {
  quantityText,
  SURVEY_LIMITS,
  type MemberStage,
  type NpsFigures,
  type SurveyQuestionKind,
  type SurveyStatus,
  type SurveyTargeting,
} from '@memberloop/shared';

/** Every word of HQ's survey screens (满意度问卷与 NPS). */
export const SURVEYS_TEXT = {
  newSurvey: '新建问卷',
  title: '问卷标题',
  titlePlaceholder: `如：门店服务满意度（${SURVEY_LIMITS.titleMax} 字以内）`,
  npsQuestion: 'NPS 问题',
  npsDefault: '您有多大可能把我们推荐给朋友？',
  npsHint: '会员在 0（不可能）到 10（极有可能）之间打分',
  reward: '奖励积分',
  rewardPlaceholder: `0–${SURVEY_LIMITS.rewardPointsMax}，每位会员每份问卷只发一次`,
  targeting: '发送对象：会员在什么时候收到问卷',
  delayHours: '延迟小时',
  delayPlaceholder: `0–${SURVEY_LIMITS.delayHoursMax}`,
  stages: '会员阶段（可多选）',
  questions: (n: number) => `其他问题 ${n}/${SURVEY_LIMITS.questionsMax}`,
  addQuestion: '添加问题',
  removeQuestion: '删除',
  questionTitle: (i: number) => `问题 ${i}`,
  questionPlaceholder: `问题内容（${SURVEY_LIMITS.questionTitleMax} 字以内）`,
  options: '选项',
  optionsPlaceholder: `用逗号分隔，${SURVEY_LIMITS.optionsMin}–${SURVEY_LIMITS.optionsMax} 个，如：顺利，一般，不顺利`,
  maxChoices: '最多选几项',
  maxLength: '字数上限',
  required: '必答',
  yes: '是',
  no: '否',
  save: '保存为草稿',
  created: '问卷已保存为草稿',
  list: '全部问卷',
  empty: '还没有问卷，先在左侧新建一份',
  invited: (n: number) => `已邀请 ${quantityText(n, '人')}`,
  createdAt: (day: string) => `${day} 创建`,
  activate: '开始发送',
  activateQuestion: '开始后将按发送对象邀请会员，问题不能再修改。确定开始吗？',
  activated: '问卷已开始',
  close: '结束',
  closeQuestion: '结束后会员不能再作答。确定结束吗？',
  closed: '问卷已结束',
  results: '查看结果',
  back: '返回问卷列表',
  exportCsv: '导出答卷 CSV',
  exporting: '导出中…',
  nps: 'NPS',
  npsNone: '—',
  answers: (n: number) => `${quantityText(n, '份')}答卷`,
  tickets: (n: number) => `自动创建售后工单 ${quantityText(n, '张')}`,
  promoters: '推荐者 9–10',
  passives: '被动者 7–8',
  detractors: '贬损者 0–6',
  byTier: '按会员等级',
  byStore: '按门店',
  byStage: '按生命周期',
  trend: '每周趋势',
  questionSummaries: '问题统计',
  groupColumn: '分组',
  npsColumn: 'NPS',
  totalColumn: '答卷',
  splitColumn: '推荐/被动/贬损',
  online: '线上商城',
  unknown: '未知',
  none: '暂无答卷',
  average: (avg: number | null | undefined) => (avg === null || avg === undefined ? '暂无评分' : `平均 ${avg} 星`),
  answered: (n: number) => `${quantityText(n, '人')}作答`,
  week: (isoWeek: string) => {
    const [year, week] = isoWeek.split('-W');
    return `${year} 年第 ${Number(week)} 周`;
  },
  faults: {
    title: `请填写问卷标题，${SURVEY_LIMITS.titleMax} 字以内`,
    npsQuestion: `请填写 NPS 问题，${SURVEY_LIMITS.questionTitleMax} 字以内`,
    rewardPoints: `奖励积分为 0–${SURVEY_LIMITS.rewardPointsMax} 的整数`,
    targeting: '请选择发送对象：会员阶段至少选一个，延迟为 0–720 小时的整数',
    questions: `请检查问题：每题要有内容（${SURVEY_LIMITS.questionTitleMax} 字以内），选择题 ${SURVEY_LIMITS.optionsMin}–${SURVEY_LIMITS.optionsMax} 个不重复的选项，最多选几项不超过选项数，字数上限 1–${SURVEY_LIMITS.textMax}`,
  },
  refusals: {
    SURVEY_NOT_ACTIVE: '问卷状态已变化，请刷新后再试',
    NOT_FOUND: '问卷不存在或已被删除',
  },
} as const;

export const SURVEY_STATUS_LABEL: Record<SurveyStatus, string> = { draft: '草稿', active: '进行中', closed: '已结束' };

export const QUESTION_KIND_OPTIONS: ReadonlyArray<{ value: SurveyQuestionKind; label: string }> = [
  { value: 'single', label: '单选' },
  { value: 'multi', label: '多选' },
  { value: 'rating', label: '1–5 星' },
  { value: 'text', label: '文字' },
];

export const TARGETING_OPTIONS: ReadonlyArray<{ value: SurveyTargeting['kind']; label: string }> = [
  { value: 'after-purchase', label: '消费后' },
  { value: 'after-ticket-close', label: '售后工单关闭后' },
  { value: 'segment', label: '按会员阶段' },
];

/** Lifecycle stages in HQ's words (the same words as the dashboard's). */
export const STAGE_LABEL: Record<MemberStage, string> = {
  'new-one-time': '新客首购',
  'new-repeat': '新客复购',
  'old-one-time': '老客单次',
  'old-repeat': '老客复购',
  silent: '沉默',
  sleeping: '睡眠',
  lost: '流失',
  prospect: '未购潜客',
};

/** Whom a survey goes to, in words. */
export function targetingText(targeting: SurveyTargeting, tierNames: Record<string, string> = {}): string {
  if (targeting.kind === 'after-purchase') return `消费后 ${quantityText(targeting.delayHours, '小时')}邀请`;
  if (targeting.kind === 'after-ticket-close') return `售后工单关闭后 ${quantityText(targeting.delayHours, '小时')}邀请`;
  const parts = [
    ...(targeting.audience.stages ?? []).map((s) => STAGE_LABEL[s]),
    ...(targeting.audience.tiers ?? []).map((t) => tierNames[t] ?? t),
    ...(targeting.audience.segments ?? []),
  ];
  return `会员：${parts.join('、')}`;
}

/** An NPS as HQ reads it: +42.5, −10, 0 or — with no answer. */
export function npsText(score: number | null): string {
  if (score === null) return SURVEYS_TEXT.npsNone;
  return score > 0 ? `+${score}` : score < 0 ? `−${-score}` : '0';
}

/** Promoters, passives and detractors as shares of 100 (for the bar), 0 each with no answer. */
export function npsShares(
  figures: Pick<NpsFigures, 'promoters' | 'passives' | 'detractors' | 'total'>,
): [number, number, number] {
  if (figures.total === 0) return [0, 0, 0];
  const pct = (n: number) => Math.round((n / figures.total) * 1000) / 10;
  return [pct(figures.promoters), pct(figures.passives), pct(figures.detractors)];
}
