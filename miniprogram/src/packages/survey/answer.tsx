import { useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  answerMySurvey,
  getMySurvey,
  SURVEY_LIMITS,
  type MemberSurveyInvitation,
  type SurveyQuestion,
  type SurveySubmissionResult,
} from '@memberloop/shared';
import { Screen } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError } from '../../services/api-client';
import { callAsMember } from '../../services/session';
import { checkSurvey, EMPTY_DRAFT, toggleChoice, type AnswerValue, type SurveyDraft } from './survey-form';
import { questionHint, SURVEY_REFUSALS, SURVEY_TEXT as T } from './survey-text';
import './survey.css';

type Loaded = { kind: 'open'; invitation: MemberSurveyInvitation } | { kind: 'done'; words: string };

const NPS_SCORES = Array.from({ length: SURVEY_LIMITS.npsMax - SURVEY_LIMITS.npsMin + 1 }, (_, i) => SURVEY_LIMITS.npsMin + i);
const STARS = Array.from({ length: SURVEY_LIMITS.ratingMax }, (_, i) => i + 1);

/** An invitation already answered or a survey closed reads as such, not as a failure. */
async function load(invitationId: string | undefined): Promise<Loaded> {
  if (!invitationId) return { kind: 'done', words: T.linkBroken };
  try {
    return { kind: 'open', invitation: await callAsMember(getMySurvey, { params: { invitationId } }) };
  } catch (error) {
    const code = error instanceof ApiCallError ? error.code : undefined;
    if (code === 'SURVEY_ALREADY_ANSWERED' || code === 'SURVEY_NOT_ACTIVE' || code === 'NOT_FOUND')
      return { kind: 'done', words: SURVEY_REFUSALS[code] };
    throw error;
  }
}

function Question(props: {
  question: SurveyQuestion;
  index: number;
  value: AnswerValue | undefined;
  problem?: string;
  onChange: (value: AnswerValue) => void;
}) {
  const { question, value, onChange } = props;
  return (
    <View className='survey-question' data-testid='survey-question' data-question={question.id}>
      <Text className='survey-question__title'>
        {props.index}. {question.title}
      </Text>
      <Text className='survey-question__hint'>{questionHint(question)}</Text>
      {(question.kind === 'single' || question.kind === 'multi') && (
        <View className='survey-options'>
          {question.options.map((option) => {
            const on = question.kind === 'single' ? value === option : Array.isArray(value) && value.includes(option);
            return (
              <Text
                key={option}
                className={`survey-option${on ? ' survey-option--on' : ''}`}
                data-testid='survey-option'
                onClick={() =>
                  onChange(
                    question.kind === 'single'
                      ? option
                      : toggleChoice(Array.isArray(value) ? value : [], option, question.maxChoices),
                  )
                }
              >
                {option}
              </Text>
            );
          })}
        </View>
      )}
      {question.kind === 'rating' && (
        <View className='survey-stars'>
          {STARS.map((star) => (
            <Text
              key={star}
              className={`survey-star${typeof value === 'number' && star <= value ? ' survey-star--on' : ''}`}
              data-testid='survey-star'
              onClick={() => onChange(star)}
            >
              ★
            </Text>
          ))}
          {typeof value === 'number' && <Text className='survey-stars__words'>{T.ratingWords[value]}</Text>}
        </View>
      )}
      {question.kind === 'text' && (
        <>
          <Textarea
            className='survey-textarea'
            data-testid='survey-text'
            placeholder={T.textPlaceholder(question.maxLength)}
            maxlength={question.maxLength}
            value={typeof value === 'string' ? value : ''}
            onInput={(event) => onChange(event.detail.value)}
          />
          <Text className='survey-count'>
            {T.count([...(typeof value === 'string' ? value : '')].length, question.maxLength)}
          </Text>
        </>
      )}
      {props.problem && (
        <Text className='survey-problem' data-testid='survey-problem'>
          {props.problem}
        </Text>
      )}
    </View>
  );
}

/** One survey: the NPS as eleven chips, the questions, checked before sending; a thank-you with the points after. */
export default function AnswerSurveyPage() {
  const { params } = useRouter();
  const { state, reload } = useRemote(() => load(params.id));
  const [draft, setDraft] = useState<SurveyDraft>(EMPTY_DRAFT);
  const [touched, setTouched] = useState(false);
  const [result, setResult] = useState<SurveySubmissionResult | undefined>();
  const { busy, run } = useAction();

  const answer = (questionId: string, value: AnswerValue) =>
    setDraft((d) => ({ ...d, answers: { ...d.answers, [questionId]: value } }));

  const submit = async (invitation: MemberSurveyInvitation) => {
    setTouched(true);
    // Checked against the contract's answer schema and the questions before anything is sent.
    const checked = checkSurvey(invitation, draft);
    if (!checked.ok) {
      void Taro.showToast({ title: checked.first, icon: 'none' });
      return;
    }
    const done = await run(
      (key) =>
        callAsMember(answerMySurvey, {
          params: { invitationId: invitation.invitationId },
          body: checked.value,
          headers: { 'idempotency-key': key },
        }),
      invitation.invitationId,
      { refusals: SURVEY_REFUSALS },
    );
    if (!done) return;
    setResult(done);
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
  };

  if (result)
    return (
      <View className='page survey'>
        <View className='survey-thanks' data-testid='survey-thanks'>
          <Text className='survey-thanks__mark'>✓</Text>
          <Text className='survey-thanks__title'>{T.thanksTitle}</Text>
          <Text className='survey-thanks__points' data-testid='survey-points'>
            {result.pointsEarned > 0 ? T.thanksPoints(result.pointsEarned) : T.thanksNoPoints}
          </Text>
          {result.pointsEarned > 0 && (
            <Button className='primary-button' onClick={() => void Taro.switchTab({ url: '/pages/points/index' })}>
              {T.myPoints}
            </Button>
          )}
          <Text className='survey-thanks__back' onClick={() => void Taro.navigateBack()}>
            {T.back}
          </Text>
        </View>
      </View>
    );

  return (
    <View className='page survey'>
      <Screen state={state} onRetry={reload}>
        {(loaded) => {
          if (loaded.kind === 'done')
            return (
              <View className='survey-thanks' data-testid='survey-closed'>
                <Text className='survey-thanks__title'>{loaded.words}</Text>
              </View>
            );
          const { invitation } = loaded;
          const checked = touched ? checkSurvey(invitation, draft) : undefined;
          const problems = checked?.problems ?? {};
          return (
            <>
              <View className='survey-head'>
                <Text className='survey-head__title'>{invitation.title}</Text>
                <Text className='survey-reward' data-testid='survey-reward'>
                  {T.reward(invitation.rewardPoints)}
                </Text>
              </View>
              <View className='survey-question'>
                <Text className='survey-question__title'>{invitation.npsQuestion}</Text>
                <View className='survey-nps'>
                  {NPS_SCORES.map((score) => (
                    <Text
                      key={score}
                      className={`survey-nps__chip${draft.nps === score ? ' survey-nps__chip--on' : ''}`}
                      data-testid='survey-nps'
                      onClick={() => setDraft((d) => ({ ...d, nps: score }))}
                    >
                      {score}
                    </Text>
                  ))}
                </View>
                <View className='survey-nps__ends'>
                  <Text>{`${SURVEY_LIMITS.npsMin} ${T.npsLow}`}</Text>
                  <Text>{`${T.npsHigh} ${SURVEY_LIMITS.npsMax}`}</Text>
                </View>
                {problems.nps && (
                  <Text className='survey-problem' data-testid='survey-problem'>
                    {problems.nps}
                  </Text>
                )}
              </View>
              {invitation.questions.map((question, i) => (
                <Question
                  key={question.id}
                  question={question}
                  index={i + 1}
                  value={draft.answers[question.id]}
                  problem={problems[question.id]}
                  onChange={(value) => answer(question.id, value)}
                />
              ))}
              <Button
                className='primary-button survey-submit'
                data-testid='survey-submit'
                disabled={busy || undefined}
                loading={busy || undefined}
                onClick={() => void submit(invitation)}
              >
                {busy ? T.submitting : T.submit}
              </Button>
            </>
          );
        }}
      </Screen>
    </View>
  );
}
