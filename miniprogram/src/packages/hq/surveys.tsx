import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  activateSurvey,
  closeSurvey,
  createSurvey,
  exportSurveyResponses,
  getProgramOverview,
  getSurveyResults,
  listSurveys,
  MEMBER_STAGES,
  SURVEY_LIMITS,
  type NpsFigures,
  type SurveyResults,
  type SurveyView,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { dayText } from '../../services/date-text';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { CAN_SAVE_FILES, saveCsv } from './files';
import { HqOnly } from './hq-only';
import { EMPTY_QUESTION, EMPTY_SURVEY, newSurveyOf, type QuestionDraft, type SurveyDraft } from './surveys-form';
import {
  npsShares,
  npsText,
  QUESTION_KIND_OPTIONS,
  STAGE_LABEL,
  SURVEY_STATUS_LABEL,
  SURVEYS_TEXT as T,
  TARGETING_OPTIONS,
  targetingText,
} from './surveys-text';
import './hq.css';
import './surveys.css';

function Choice<V extends string | boolean>(props: {
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  testId: string;
  onChange: (value: V) => void;
  wrap?: boolean;
}) {
  return (
    <View className={`hq-segments${props.wrap ? ' hq-survey-wrap' : ''}`} data-testid={props.testId}>
      {props.options.map((option) => (
        <Text
          key={String(option.value)}
          className={`hq-segment${props.value === option.value ? ' hq-segment--on' : ''}`}
          onClick={() => props.onChange(option.value)}
        >
          {option.label}
        </Text>
      ))}
    </View>
  );
}

const YES_NO = [
  { value: true, label: T.yes },
  { value: false, label: T.no },
] as const;

function Field(props: { label: string; value: string; placeholder?: string; testId: string; onInput: (v: string) => void }) {
  return (
    <View className='form-row'>
      <Text className='form-row__label'>{props.label}</Text>
      <Input
        className='form-row__input'
        data-testid={props.testId}
        placeholder={props.placeholder}
        value={props.value}
        onInput={(event) => props.onInput(event.detail.value)}
      />
    </View>
  );
}

function QuestionForm(props: { index: number; question: QuestionDraft; onChange: (q: QuestionDraft | undefined) => void }) {
  const { question: q } = props;
  const set = (change: Partial<QuestionDraft>) => props.onChange({ ...q, ...change });
  return (
    <View className='hq-survey-question' data-testid='survey-question-form'>
      <View className='hq-row__line'>
        <Text className='hq-row__title'>{T.questionTitle(props.index)}</Text>
        <Text className='hq-link hq-link--danger' onClick={() => props.onChange(undefined)}>
          {T.removeQuestion}
        </Text>
      </View>
      <Choice
        value={q.kind}
        options={QUESTION_KIND_OPTIONS}
        testId='survey-question-kind'
        onChange={(kind) => set({ kind })}
        wrap
      />
      <Field
        label=''
        value={q.title}
        placeholder={T.questionPlaceholder}
        testId='survey-question-title'
        onInput={(title) => set({ title })}
      />
      {(q.kind === 'single' || q.kind === 'multi') && (
        <Field
          label={T.options}
          value={q.options}
          placeholder={T.optionsPlaceholder}
          testId='survey-question-options'
          onInput={(options) => set({ options })}
        />
      )}
      {q.kind === 'multi' && (
        <Field
          label={T.maxChoices}
          value={q.maxChoices}
          testId='survey-question-max'
          onInput={(maxChoices) => set({ maxChoices })}
        />
      )}
      {q.kind === 'text' && (
        <Field
          label={T.maxLength}
          value={q.maxLength}
          testId='survey-question-length'
          onInput={(maxLength) => set({ maxLength })}
        />
      )}
      <View className='form-row'>
        <Text className='form-row__label'>{T.required}</Text>
        <Choice
          value={q.required}
          options={YES_NO}
          testId='survey-question-required'
          onChange={(required) => set({ required })}
        />
      </View>
    </View>
  );
}

function NpsTable(props: { title: string; groups: Array<NpsFigures & { key: string }>; label: (key: string) => string }) {
  return (
    <Section title={props.title}>
      {props.groups.length === 0 && <Empty text={T.none} />}
      {props.groups.length > 0 && (
        <View className='hq-survey-table'>
          <View className='hq-survey-table__row hq-survey-table__row--head'>
            <Text className='hq-survey-table__cell'>{T.groupColumn}</Text>
            <Text className='hq-survey-table__cell'>{T.npsColumn}</Text>
            <Text className='hq-survey-table__cell'>{T.totalColumn}</Text>
            <Text className='hq-survey-table__cell'>{T.splitColumn}</Text>
          </View>
          {props.groups.map((g) => (
            <View key={g.key} className='hq-survey-table__row' data-testid='survey-group'>
              <Text className='hq-survey-table__cell'>{props.label(g.key)}</Text>
              <Text className='hq-survey-table__cell'>{npsText(g.score)}</Text>
              <Text className='hq-survey-table__cell'>{g.total}</Text>
              <Text className='hq-survey-table__cell'>{`${g.promoters}/${g.passives}/${g.detractors}`}</Text>
            </View>
          ))}
        </View>
      )}
    </Section>
  );
}

/** One survey's results: the NPS big, its split, the tables by tier, store and stage, the weeks and the questions. */
function Results({ results, tierNames }: { results: SurveyResults; tierNames: Record<string, string> }) {
  const { nps, survey } = results;
  const shares = npsShares(nps);
  const { busy, run } = useAction();
  return (
    <>
      <Section
        title={survey.title}
        extra={
          CAN_SAVE_FILES && (
            <Text
              className='hq-link'
              data-testid='survey-export'
              onClick={() =>
                void run(
                  () => saveCsv(exportSurveyResponses, { surveyId: survey.id }, `问卷-${survey.title}.csv`).then(() => true),
                  'export',
                )
              }
            >
              {busy ? T.exporting : T.exportCsv}
            </Text>
          )
        }
      >
        <View className='hq-survey-nps'>
          <Text className='hq-survey-nps__label'>{T.nps}</Text>
          <Text className='hq-survey-nps__score' data-testid='survey-nps-score'>
            {npsText(nps.score)}
          </Text>
          <Text className='hq-row__meta'>
            {T.answers(nps.total)} · {T.tickets(results.ticketsOpened)}
          </Text>
        </View>
        <View className='hq-survey-bar'>
          <View className='hq-survey-bar__part hq-survey-bar__part--promoters' style={{ width: `${shares[0]}%` }} />
          <View className='hq-survey-bar__part hq-survey-bar__part--passives' style={{ width: `${shares[1]}%` }} />
          <View className='hq-survey-bar__part hq-survey-bar__part--detractors' style={{ width: `${shares[2]}%` }} />
        </View>
        <View className='hq-survey-legend'>
          <Text className='hq-survey-legend__item hq-survey-legend__item--promoters'>{`${T.promoters}：${nps.promoters}（${shares[0]}%）`}</Text>
          <Text className='hq-survey-legend__item hq-survey-legend__item--passives'>{`${T.passives}：${nps.passives}（${shares[1]}%）`}</Text>
          <Text className='hq-survey-legend__item hq-survey-legend__item--detractors'>{`${T.detractors}：${nps.detractors}（${shares[2]}%）`}</Text>
        </View>
      </Section>
      <NpsTable title={T.byTier} groups={results.byTier} label={(key) => tierNames[key] ?? (key || T.unknown)} />
      <NpsTable title={T.byStore} groups={results.byStore} label={(key) => key || T.online} />
      <NpsTable
        title={T.byStage}
        groups={results.byStage}
        label={(key) => STAGE_LABEL[key as keyof typeof STAGE_LABEL] ?? (key || T.unknown)}
      />
      <Section title={T.trend}>
        {results.trend.length === 0 && <Empty text={T.none} />}
        {results.trend.map((week) => (
          <View key={week.week} className='hq-survey-table__row' data-testid='survey-week'>
            <Text className='hq-survey-table__cell'>{T.week(week.week)}</Text>
            <Text className='hq-survey-table__cell'>{npsText(week.score)}</Text>
            <Text className='hq-survey-table__cell'>{T.answers(week.total)}</Text>
          </View>
        ))}
      </Section>
      <Section title={T.questionSummaries}>
        {results.questions.length === 0 && <Empty text={T.none} />}
        {results.questions.map((q) => (
          <View key={q.questionId} className='hq-survey-summary' data-testid='survey-summary'>
            <Text className='hq-row__title'>{q.title}</Text>
            <Text className='hq-row__meta'>
              {T.answered(q.answered)}
              {q.kind === 'rating' ? ` · ${T.average(q.averageRating)}` : ''}
            </Text>
            {q.options?.map((o) => (
              <View key={o.option} className='hq-survey-table__row'>
                <Text className='hq-survey-table__cell'>{o.option}</Text>
                <Text className='hq-survey-table__cell'>{o.count}</Text>
              </View>
            ))}
          </View>
        ))}
      </Section>
    </>
  );
}

/** The tiers' names by code (金卡 for gold): the results and the targeting read in names, not codes. */
async function tierNamesOf(): Promise<Record<string, string>> {
  const { tiers } = await callAsMember(getProgramOverview);
  return Object.fromEntries(tiers.map((t) => [t.code, t.name]));
}

function ResultsPage({ surveyId }: { surveyId: string }) {
  const { state, reload } = useRemote(() =>
    Promise.all([callAsMember(getSurveyResults, { params: { surveyId } }), tierNamesOf()]),
  );
  return (
    <Screen state={state} onRetry={() => void reload()}>
      {([results, tierNames]) => <Results results={results} tierNames={tierNames} />}
    </Screen>
  );
}

/** HQ's surveys: build a draft, start and end it, and open its results. */
function SurveysPage() {
  const { state, reload } = useRemote(() => Promise.all([callAsMember(listSurveys), tierNamesOf()]));
  const [draft, setDraft] = useState<SurveyDraft>(EMPTY_SURVEY);
  const [touched, setTouched] = useState(false);
  const { busy, run } = useAction();
  const checked = newSurveyOf(draft);
  const problems = touched ? checked.problems : {};
  const set = (change: Partial<SurveyDraft>) => setDraft((d) => ({ ...d, ...change }));
  const setQuestion = (i: number, q: QuestionDraft | undefined) =>
    set({ questions: q ? draft.questions.map((x, j) => (j === i ? q : x)) : draft.questions.filter((_, j) => j !== i) });

  const act = async (work: () => Promise<unknown>, id: string, done: string) => {
    const ok = await run(() => work().then(() => true), id, { success: done, refusals: T.refusals });
    if (ok) await reload();
    return ok === true;
  };

  const save = async () => {
    setTouched(true);
    if (!checked.ok) {
      void Taro.showToast({ title: checked.first, icon: 'none' });
      return;
    }
    const body = checked.value;
    if (await act(() => callAsMember(createSurvey, { body }), 'create', T.created)) {
      setDraft(EMPTY_SURVEY);
      setTouched(false);
    }
  };

  const confirmThen = async (question: string, work: () => Promise<unknown>, id: string, done: string) => {
    const { confirm } = await Taro.showModal({ title: '', content: question });
    if (confirm) await act(work, id, done);
  };

  const row = (survey: SurveyView, tierNames: Record<string, string>) => (
    <View key={survey.id} className='hq-row' data-testid='survey-row'>
      <View className='hq-row__body'>
        <View className='hq-row__line'>
          <Text className='hq-row__title'>{survey.title}</Text>
          <Text className={`tag hq-survey-status hq-survey-status--${survey.status}`}>{SURVEY_STATUS_LABEL[survey.status]}</Text>
        </View>
        <Text className='hq-row__meta'>
          {targetingText(survey.targeting, tierNames)} · {T.invited(survey.invited)} · {T.createdAt(dayText(survey.createdAt))}
        </Text>
      </View>
      <View className='hq-row__actions'>
        {survey.status === 'draft' && (
          <Text
            className='hq-link'
            data-testid='survey-activate'
            onClick={() =>
              void confirmThen(
                T.activateQuestion,
                () => callAsMember(activateSurvey, { params: { surveyId: survey.id } }),
                `activate-${survey.id}`,
                T.activated,
              )
            }
          >
            {T.activate}
          </Text>
        )}
        {survey.status !== 'draft' && (
          <Text
            className='hq-link'
            data-testid='survey-results'
            onClick={() => void Taro.navigateTo({ url: `/packages/hq/surveys?id=${survey.id}` })}
          >
            {T.results}
          </Text>
        )}
        {survey.status === 'active' && (
          <Text
            className='hq-link hq-link--danger'
            data-testid='survey-close'
            onClick={() =>
              void confirmThen(
                T.closeQuestion,
                () => callAsMember(closeSurvey, { params: { surveyId: survey.id } }),
                `close-${survey.id}`,
                T.closed,
              )
            }
          >
            {T.close}
          </Text>
        )}
      </View>
    </View>
  );

  return (
    <View className='hq-columns'>
      <Section title={T.newSurvey}>
        <Field
          label={T.title}
          value={draft.title}
          placeholder={T.titlePlaceholder}
          testId='survey-title'
          onInput={(title) => set({ title })}
        />
        {problems.title && <Text className='hq-problem'>{problems.title}</Text>}
        <Field
          label={T.npsQuestion}
          value={draft.npsQuestion}
          testId='survey-nps-question'
          onInput={(npsQuestion) => set({ npsQuestion })}
        />
        <Text className='form-hint'>{T.npsHint}</Text>
        {problems.npsQuestion && <Text className='hq-problem'>{problems.npsQuestion}</Text>}
        <Field
          label={T.reward}
          value={draft.rewardPoints}
          placeholder={T.rewardPlaceholder}
          testId='survey-reward'
          onInput={(rewardPoints) => set({ rewardPoints })}
        />
        {problems.rewardPoints && <Text className='hq-problem'>{problems.rewardPoints}</Text>}
        <Text className='form-hint'>{T.targeting}</Text>
        <Choice
          value={draft.targeting}
          options={TARGETING_OPTIONS}
          testId='survey-targeting'
          onChange={(targeting) => set({ targeting })}
          wrap
        />
        {draft.targeting === 'segment' ? (
          <>
            <Text className='form-hint'>{T.stages}</Text>
            <View className='hq-segments hq-survey-wrap' data-testid='survey-stages'>
              {MEMBER_STAGES.map((stage) => (
                <Text
                  key={stage}
                  className={`hq-segment${draft.stages.includes(stage) ? ' hq-segment--on' : ''}`}
                  onClick={() =>
                    set({
                      stages: draft.stages.includes(stage) ? draft.stages.filter((s) => s !== stage) : [...draft.stages, stage],
                    })
                  }
                >
                  {STAGE_LABEL[stage]}
                </Text>
              ))}
            </View>
          </>
        ) : (
          <Field
            label={T.delayHours}
            value={draft.delayHours}
            placeholder={T.delayPlaceholder}
            testId='survey-delay'
            onInput={(delayHours) => set({ delayHours })}
          />
        )}
        {problems.targeting && <Text className='hq-problem'>{problems.targeting}</Text>}
        <Text className='form-hint'>{T.questions(draft.questions.length)}</Text>
        {draft.questions.map((q, i) => (
          <QuestionForm key={i} index={i + 1} question={q} onChange={(next) => setQuestion(i, next)} />
        ))}
        {problems.questions && <Text className='hq-problem'>{problems.questions}</Text>}
        {draft.questions.length < SURVEY_LIMITS.questionsMax && (
          <Text
            className='hq-link'
            data-testid='survey-add-question'
            onClick={() => set({ questions: [...draft.questions, EMPTY_QUESTION] })}
          >
            + {T.addQuestion}
          </Text>
        )}
        <Button className='primary-button' data-testid='survey-save' disabled={busy || undefined} onClick={() => void save()}>
          {T.save}
        </Button>
      </Section>
      <Section title={T.list}>
        <Screen state={state} onRetry={() => void reload()}>
          {([{ surveys }, tierNames]) => (
            <>
              {surveys.length === 0 && <Empty text={T.empty} />}
              {surveys.map((survey) => row(survey, tierNames))}
            </>
          )}
        </Screen>
      </Section>
    </View>
  );
}

/** HQ's satisfaction surveys: the list and form, or one survey's results (`?id=`). */
export default function HqSurveysPage() {
  const { params } = useRouter();
  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>{params.id ? <ResultsPage surveyId={params.id} /> : <SurveysPage />}</HqOnly>
    </View>
  );
}
