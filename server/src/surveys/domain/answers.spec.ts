import type { SurveyQuestion } from '@memberloop/shared';
import { checkAnswers, detractorTicketText, maskPhonesIn } from './answers';

const questions: SurveyQuestion[] = [
  { id: 'q1', kind: 'single', title: '门店', required: true, options: ['好', '一般'] },
  { id: 'q2', kind: 'multi', title: '喜欢', required: false, options: ['a', 'b', 'c'], maxChoices: 2 },
  { id: 'q3', kind: 'rating', title: '服务', required: false },
  { id: 'q4', kind: 'text', title: '建议', required: false, maxLength: 10 },
];

describe('survey answers', () => {
  it('takes answers that fit, in question order', () => {
    const check = checkAnswers(questions, 9, [
      { questionId: 'q3', value: 5 },
      { questionId: 'q1', value: '好' },
      { questionId: 'q2', value: ['a', 'c'] },
      { questionId: 'q4', value: ' 很好 ' },
    ]);
    expect(check).toEqual({
      ok: true,
      nps: 9,
      answers: [
        { questionId: 'q1', kind: 'single', choice: '好' },
        { questionId: 'q2', kind: 'multi', choices: ['a', 'c'] },
        { questionId: 'q3', kind: 'rating', rating: 5 },
        { questionId: 'q4', kind: 'text', text: '很好' },
      ],
    });
  });
  it.each([
    [11, 'nps'],
    [-1, 'nps'],
    [7.5, 'nps'],
  ])('refuses an NPS of %p', (nps, questionId) => {
    expect(checkAnswers(questions, nps, [{ questionId: 'q1', value: '好' }])).toMatchObject({ ok: false, questionId });
  });
  it.each([
    [{ questionId: 'q1', value: '差' }, 'q1'],
    [{ questionId: 'q1', value: 1 }, 'q1'],
    [{ questionId: 'q2', value: ['a', 'b', 'c'] }, 'q2'],
    [{ questionId: 'q2', value: ['a', 'z'] }, 'q2'],
    [{ questionId: 'q2', value: ['a', 'a'] }, 'q2'],
    [{ questionId: 'q3', value: 6 }, 'q3'],
    [{ questionId: 'q3', value: 0 }, 'q3'],
    [{ questionId: 'q3', value: 4.5 }, 'q3'],
    [{ questionId: 'q4', value: '一二三四五六七八九十十' }, 'q4'],
    [{ questionId: 'q9', value: 'x' }, 'q9'],
  ])('refuses %p naming the question', (answer, questionId) => {
    const given = answer.questionId === 'q1' ? [answer] : [{ questionId: 'q1', value: '好' }, answer];
    expect(checkAnswers(questions, 5, given)).toMatchObject({ ok: false, questionId });
  });
  it('refuses a required question left out, and a question answered twice', () => {
    expect(checkAnswers(questions, 5, [])).toMatchObject({ ok: false, questionId: 'q1', problem: 'required' });
    expect(
      checkAnswers(questions, 5, [
        { questionId: 'q1', value: '好' },
        { questionId: 'q1', value: '一般' },
      ]),
    ).toMatchObject({ ok: false, questionId: 'q1' });
  });
  it('writes a detractor ticket only when they wrote something', () => {
    expect(detractorTicketText(3, [{ questionId: 'q1', kind: 'single', choice: '好' }])).toBeNull();
    expect(detractorTicketText(3, [{ questionId: 'q4', kind: 'text', text: '太慢' }])).toBe('满意度调查 NPS 3 分：太慢');
  });
  it('masks phone numbers in words', () => {
    expect(maskPhonesIn('打我13800001234谢谢')).toBe('打我138****1234谢谢');
  });
});
