import type { SurveyQuestion } from '@memberloop/shared';
import { checkSurvey, submissionOf, toggleChoice } from './survey-form';

const questions: SurveyQuestion[] = [
  { id: 'q1', kind: 'single', title: '本次到店是否顺利', required: true, options: ['顺利', '一般'] },
  { id: 'q2', kind: 'multi', title: '您喜欢哪些方面', required: false, options: ['产品', '服务', '环境'], maxChoices: 2 },
  { id: 'q3', kind: 'rating', title: '店员服务打分', required: false },
  { id: 'q4', kind: 'text', title: '还有什么建议', required: false, maxLength: 5 },
];

describe('the survey form', () => {
  it('sends the NPS and the answers given, trimmed, empty ones left out', () => {
    const checked = checkSurvey({ questions }, { nps: 9, answers: { q1: '顺利', q2: [], q3: 4, q4: ' 很好 ' } });
    expect(checked.ok).toBe(true);
    expect(checked.value).toEqual({
      nps: 9,
      answers: [
        { questionId: 'q1', value: '顺利' },
        { questionId: 'q3', value: 4 },
        { questionId: 'q4', value: '很好' },
      ],
    });
  });

  it('names the missing NPS and the empty required question in Chinese, under each', () => {
    const checked = checkSurvey({ questions }, { answers: {} });
    expect(checked.ok).toBe(false);
    expect(checked.problems).toEqual({ nps: '请先为上面的问题选择 0–10 分', q1: '「本次到店是否顺利」是必答题，请作答' });
    expect(checked.first).toBe('请先为上面的问题选择 0–10 分');
  });

  it('refuses too many choices, words over the limit and a score out of the scale', () => {
    const checked = checkSurvey(
      { questions },
      { nps: 11, answers: { q1: '顺利', q2: ['产品', '服务', '环境'], q4: '一二三四五六' } },
    );
    expect(checked.problems).toEqual({
      nps: '请先为上面的问题选择 0–10 分',
      q2: '「您喜欢哪些方面」最多选 2 项',
      q4: '「还有什么建议」最多 5 个字',
    });
    expect(checkSurvey({ questions }, { nps: 5, answers: { q1: '不在选项里' } }).problems).toEqual({
      q1: '「本次到店是否顺利」的回答有误，请重新选择',
    });
  });

  it('keeps a multi choice within its maximum', () => {
    expect(toggleChoice(['产品', '服务'], '环境', 2)).toEqual(['服务', '环境']);
    expect(toggleChoice(['产品'], '产品', 2)).toEqual([]);
    expect(submissionOf(questions, { nps: 0, answers: {} })).toEqual({ nps: 0, answers: [] });
  });
});
