import { EMPTY_QUESTION, EMPTY_SURVEY, newSurveyOf } from './surveys-form';
import { npsShares, npsText, SURVEYS_TEXT } from './surveys-text';

describe("HQ's survey form", () => {
  it('builds the contract body: options split on Chinese or Latin commas, numbers typed as text', () => {
    const checked = newSurveyOf({
      ...EMPTY_SURVEY,
      title: ' 门店服务满意度 ',
      rewardPoints: '30',
      questions: [
        { ...EMPTY_QUESTION, title: '本次到店是否顺利', required: true, options: '顺利，一般, 不顺利' },
        { ...EMPTY_QUESTION, kind: 'text', title: '建议', maxLength: '50' },
      ],
    });
    expect(checked.ok).toBe(true);
    expect(checked.value).toEqual({
      title: '门店服务满意度',
      npsQuestion: SURVEYS_TEXT.npsDefault,
      questions: [
        { kind: 'single', title: '本次到店是否顺利', required: true, options: ['顺利', '一般', '不顺利'] },
        { kind: 'text', title: '建议', required: false, maxLength: 50 },
      ],
      rewardPoints: 30,
      targeting: { kind: 'after-purchase', delayHours: 24 },
    });
  });

  it('names each field at fault in Chinese: no title, a reward out of bounds, a segment without stages, a multi allowing too many', () => {
    const checked = newSurveyOf({
      ...EMPTY_SURVEY,
      rewardPoints: '5000',
      targeting: 'segment',
      questions: [{ ...EMPTY_QUESTION, kind: 'multi', title: '多选', options: 'a,b', maxChoices: '3' }],
    });
    expect(Object.keys(checked.problems).sort()).toEqual(['questions', 'rewardPoints', 'targeting', 'title']);
    expect(checked.first).toBe(SURVEYS_TEXT.faults.title);
    expect(
      newSurveyOf({ ...EMPTY_SURVEY, title: 't', questions: Array(6).fill({ ...EMPTY_QUESTION, kind: 'rating', title: 'x' }) })
        .problems,
    ).toEqual({
      questions: SURVEYS_TEXT.faults.questions,
    });
  });

  it('reads an NPS and its split', () => {
    expect([npsText(42.5), npsText(-10), npsText(0), npsText(null)]).toEqual(['+42.5', '−10', '0', '—']);
    expect(npsShares({ promoters: 1, passives: 1, detractors: 1, total: 3 })).toEqual([33.3, 33.3, 33.3]);
    expect(npsShares({ promoters: 0, passives: 0, detractors: 0, total: 0 })).toEqual([0, 0, 0]);
    expect(SURVEYS_TEXT.week('2026-W09')).toBe('2026 年第 9 周');
  });
});
