import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import {
  createExperiment,
  ExperimentInput,
  getExperimentResults,
  listExperiments,
  listHqCouponTemplates,
  promoteExperimentWinner,
  startExperiment,
  type ExperimentArmResult,
  type ExperimentResults,
  type ExperimentView,
  type PromotionTarget,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { checkContract, type ContractIssue } from '../../services/contract-check';
import { dateTimeText } from '../../services/date-text';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import {
  emptyExperiment,
  emptyVariant,
  experimentInput,
  percentText,
  pointsText,
  sizesTotal,
  yuanText,
  type ExperimentDraft,
  type VariantDraft,
  type VariantKind,
} from './experiments-form';
import { EXPERIMENT_TEXT as T, STAGE_CHOICES } from './experiments-text';
import { HqOnly } from './hq-only';
import './hq.css';
import './experiments.css';

const KINDS: VariantKind[] = ['coupon', 'points', 'message'];

/** The words for a variant field's fault (the contract's path: variants.<i>.<field>). */
function variantFault(issue: ContractIssue): string {
  const field = String(issue.path[2] ?? '');
  if (field === 'reward') return issue.path[3] === 'points' ? T.faults.points : T.faults.templateId;
  if (field === 'name') return T.faults.name;
  return (T.faults as Record<string, string>)[field] ?? T.faults.variants;
}

/** HQ's A/B-tested campaigns: design one on a segment, start it, read the results with intervals, promote the winner. */
export default function HqExperimentsPage() {
  const { state, reload } = useRemote(async () => {
    const [experiments, templates] = await Promise.all([
      callAsMember(listExperiments),
      callAsMember(listHqCouponTemplates, { query: { status: 'active' } }),
    ]);
    return { experiments: experiments.experiments, templates: templates.templates };
  });
  const [draft, setDraft] = useState<ExperimentDraft>(emptyExperiment);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [results, setResults] = useState<{ experiment: ExperimentView; results: ExperimentResults } | null>(null);
  const [target, setTarget] = useState<PromotionTarget>('rest');
  const { busy, run } = useAction();
  const total = sizesTotal(draft);

  const setVariant = (i: number, change: Partial<VariantDraft>) =>
    setDraft({ ...draft, variants: draft.variants.map((v, j) => (j === i ? { ...v, ...change } : v)) });

  const save = async () => {
    const checked = checkContract(ExperimentInput, experimentInput(draft), { ...T.faults, variants: variantFault });
    const sizes: Record<string, string> = total === 100 ? {} : { controlPercent: T.sizesNot100(total) };
    setProblems({ ...checked.problems, ...sizes });
    if (!checked.ok || total !== 100) return;
    const created = await run(() => callAsMember(createExperiment, { body: checked.value }), `experiment-${draft.name}`, {
      success: T.saved,
      refusals: T.refusals,
    });
    if (created) {
      setDraft(emptyExperiment());
      await reload();
    }
  };

  const start = async (experiment: ExperimentView) => {
    const started = await run(
      () => callAsMember(startExperiment, { params: { experimentId: experiment.id } }),
      `experiment-start-${experiment.id}`,
      { success: (r) => T.started(r.send.sent, r.send.control), refusals: T.refusals },
    );
    if (started) await reload();
  };

  const open = async (experiment: ExperimentView) => {
    const loaded = await run(
      () => callAsMember(getExperimentResults, { params: { experimentId: experiment.id } }),
      `experiment-results-${experiment.id}`,
      { refusals: T.refusals },
    );
    if (loaded) setResults({ experiment, results: loaded });
  };

  const promote = async (experiment: ExperimentView, variant: string) => {
    const promoted = await run(
      () => callAsMember(promoteExperimentWinner, { params: { experimentId: experiment.id }, body: { variant, target } }),
      `experiment-promote-${experiment.id}`,
      {
        success: (e) => T.promoted(variant, T.targets[target], e.promotion?.sent ?? 0),
        refusals: T.refusals,
      },
    );
    if (promoted) {
      await reload();
      setResults({ experiment: promoted, results: results!.results });
    }
  };

  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        <Screen state={state} onRetry={() => void reload()}>
          {({ experiments, templates }) => (
            <View className='hq-columns'>
              <Section title={T.createSection}>
                <Text className='form-hint'>{T.intro}</Text>
                <View className='form-row'>
                  <Text className='form-row__label'>{T.name}</Text>
                  <Input
                    className='form-row__input'
                    data-testid='exp-name'
                    maxlength={30}
                    placeholder={T.namePlaceholder}
                    value={draft.name}
                    onInput={(event) => setDraft({ ...draft, name: event.detail.value })}
                  />
                </View>
                {problems.name && <Text className='hq-problem'>{problems.name}</Text>}
                <View className='form-row'>
                  <Text className='form-row__label'>{T.audience}</Text>
                  <View className='hq-segments hq-experiment__chips'>
                    {STAGE_CHOICES.map(({ stage, label }) => (
                      <Text
                        key={stage}
                        data-testid='exp-stage'
                        className={`hq-segment${draft.stages.includes(stage) ? ' hq-segment--on' : ''}`}
                        onClick={() =>
                          setDraft({
                            ...draft,
                            stages: draft.stages.includes(stage)
                              ? draft.stages.filter((s) => s !== stage)
                              : [...draft.stages, stage],
                          })
                        }
                      >
                        {label}
                      </Text>
                    ))}
                  </View>
                </View>
                <Text className='form-hint'>{T.audienceHint}</Text>
                {problems.audience && <Text className='hq-problem'>{problems.audience}</Text>}
                {draft.variants.map((variant, i) => (
                  <View key={i} className='hq-experiment__variant' data-testid='exp-variant'>
                    <View className='hq-row__line'>
                      <Text className='hq-row__title'>{T.variant('ABCD'[i])}</Text>
                      {draft.variants.length > 2 && (
                        <Text
                          className='hq-link hq-link--danger'
                          onClick={() => setDraft({ ...draft, variants: draft.variants.filter((_, j) => j !== i) })}
                        >
                          {T.removeVariant}
                        </Text>
                      )}
                    </View>
                    <View className='form-row'>
                      <Text className='form-row__label'>{T.variantName}</Text>
                      <Input
                        className='form-row__input'
                        data-testid='exp-variant-name'
                        maxlength={20}
                        placeholder={T.variantNamePlaceholder}
                        value={variant.name}
                        onInput={(event) => setVariant(i, { name: event.detail.value })}
                      />
                    </View>
                    <View className='form-row'>
                      <Text className='form-row__label'>{T.rewardKind}</Text>
                      <View className='hq-segments hq-experiment__chips'>
                        {KINDS.map((kind) => (
                          <Text
                            key={kind}
                            data-testid='exp-variant-kind'
                            className={`hq-segment${variant.kind === kind ? ' hq-segment--on' : ''}`}
                            onClick={() => setVariant(i, { kind })}
                          >
                            {T.kinds[kind]}
                          </Text>
                        ))}
                      </View>
                    </View>
                    {variant.kind === 'coupon' && (
                      <View className='form-row'>
                        <Text className='form-row__label'>{T.template}</Text>
                        <View className='hq-segments hq-experiment__chips'>
                          {templates.length === 0 && <Text className='form-hint'>{T.noTemplates}</Text>}
                          {templates.map((t) => (
                            <Text
                              key={t.id}
                              data-testid='exp-variant-template'
                              className={`hq-segment${variant.templateId === t.id ? ' hq-segment--on' : ''}`}
                              onClick={() => setVariant(i, { templateId: t.id })}
                            >
                              {t.name}
                            </Text>
                          ))}
                        </View>
                      </View>
                    )}
                    {variant.kind === 'points' && (
                      <View className='form-row'>
                        <Text className='form-row__label'>{T.points}</Text>
                        <Input
                          className='form-row__input'
                          data-testid='exp-variant-points'
                          type='number'
                          maxlength={6}
                          value={variant.points}
                          onInput={(event) => setVariant(i, { points: event.detail.value })}
                        />
                      </View>
                    )}
                    <View className='form-row'>
                      <Text className='form-row__label'>{T.message}</Text>
                      <Input
                        className='form-row__input'
                        data-testid='exp-variant-message'
                        maxlength={20}
                        placeholder={T.messagePlaceholder}
                        value={variant.message}
                        onInput={(event) => setVariant(i, { message: event.detail.value })}
                      />
                    </View>
                    <View className='form-row'>
                      <Text className='form-row__label'>{T.percent}</Text>
                      <Input
                        className='form-row__input'
                        data-testid='exp-variant-percent'
                        type='number'
                        maxlength={2}
                        value={variant.percent}
                        onInput={(event) => setVariant(i, { percent: event.detail.value })}
                      />
                    </View>
                  </View>
                ))}
                {problems.variants && <Text className='hq-problem'>{problems.variants}</Text>}
                {draft.variants.length < 4 && (
                  <Text
                    className='hq-link'
                    data-testid='exp-add-variant'
                    onClick={() => setDraft({ ...draft, variants: [...draft.variants, emptyVariant('')] })}
                  >
                    {T.addVariant}
                  </Text>
                )}
                <View className='form-row'>
                  <Text className='form-row__label'>{T.control}</Text>
                  <Input
                    className='form-row__input'
                    data-testid='exp-control'
                    type='number'
                    maxlength={2}
                    value={draft.controlPercent}
                    onInput={(event) => setDraft({ ...draft, controlPercent: event.detail.value })}
                  />
                  <Text className='form-hint' data-testid='exp-total'>
                    {T.total(total)}
                  </Text>
                </View>
                <Text className='form-hint'>{T.controlHint}</Text>
                {problems.controlPercent && <Text className='hq-problem'>{problems.controlPercent}</Text>}
                <View className='form-row'>
                  <Text className='form-row__label'>{T.sample}</Text>
                  <Input
                    className='form-row__input'
                    data-testid='exp-sample'
                    type='number'
                    maxlength={3}
                    value={draft.samplePercent}
                    onInput={(event) => setDraft({ ...draft, samplePercent: event.detail.value })}
                  />
                </View>
                <Text className='form-hint'>{T.sampleHint}</Text>
                {problems.samplePercent && <Text className='hq-problem'>{problems.samplePercent}</Text>}
                <View className='form-row'>
                  <Text className='form-row__label'>{T.days}</Text>
                  <Input
                    className='form-row__input'
                    data-testid='exp-days'
                    type='number'
                    maxlength={2}
                    value={draft.attributionDays}
                    onInput={(event) => setDraft({ ...draft, attributionDays: event.detail.value })}
                  />
                </View>
                <Text className='form-hint'>{T.daysHint}</Text>
                {problems.attributionDays && <Text className='hq-problem'>{problems.attributionDays}</Text>}
                <Button
                  className='primary-button'
                  data-testid='exp-save'
                  disabled={busy || undefined}
                  loading={busy}
                  onClick={() => void save()}
                >
                  {busy ? T.saving : T.save}
                </Button>
              </Section>
              <View>
                <Section title={T.listSection(experiments.length)}>
                  {experiments.length === 0 && <Empty text={T.empty} />}
                  {experiments.map((e) => (
                    <View key={e.id} className='hq-row' data-testid='exp-row'>
                      <View className='hq-row__body'>
                        <View className='hq-row__line'>
                          <Text className='hq-row__title'>{e.name}</Text>
                          <Text className={`hq-experiment__status hq-experiment__status--${e.status}`} data-testid='exp-status'>
                            {T.status[e.status]}
                          </Text>
                        </View>
                        <Text className='hq-row__meta'>
                          {e.variants.map((v) => `${v.key} ${v.name} ${v.percent}%`).join(' · ')} · {T.arm.control}{' '}
                          {e.controlPercent}%
                        </Text>
                        {e.startedAt && e.windowEndsAt && (
                          <Text className='hq-row__meta' data-testid='exp-window'>
                            {T.window(dateTimeText(e.startedAt), dateTimeText(e.windowEndsAt))}
                          </Text>
                        )}
                      </View>
                      <View className='hq-row__actions'>
                        {e.status === 'draft' ? (
                          <Text className='hq-link' data-testid='exp-start' onClick={() => void start(e)}>
                            {T.start}
                          </Text>
                        ) : (
                          <Text className='hq-link' data-testid='exp-open' onClick={() => void open(e)}>
                            {T.results}
                          </Text>
                        )}
                      </View>
                    </View>
                  ))}
                </Section>
                {results && (
                  <ResultsPanel
                    experiment={results.experiment}
                    results={results.results}
                    target={target}
                    onTarget={setTarget}
                    busy={busy}
                    onPromote={(variant) => void promote(results.experiment, variant)}
                  />
                )}
              </View>
            </View>
          )}
        </Screen>
      </HqOnly>
    </View>
  );
}

function ResultsPanel(props: {
  experiment: ExperimentView;
  results: ExperimentResults;
  target: PromotionTarget;
  onTarget: (target: PromotionTarget) => void;
  busy: boolean;
  onPromote: (variant: string) => void;
}) {
  const { experiment, results } = props;
  const promotable = results.windowClosed && experiment.status === 'running';
  return (
    <Section title={T.resultsSection(experiment.name)}>
      {!results.windowClosed && results.windowEndsAt && (
        <Text className='form-hint' data-testid='exp-window-open'>
          {T.windowOpen(dateTimeText(results.windowEndsAt))}
        </Text>
      )}
      {results.arms.some((arm) => arm.members < 100) && (
        <Text className='form-hint' data-testid='exp-small-sample'>
          {T.smallSample}
        </Text>
      )}
      <Text className='form-hint' data-testid='exp-best'>
        {results.best ? `${T.best}：${T.variant(results.best)}` : T.noBest}
      </Text>
      {results.arms.map((arm) => (
        <ArmRow key={arm.arm} arm={arm} best={arm.arm === results.best} />
      ))}
      <Text className='form-hint'>{T.notSignificantHint}</Text>
      {experiment.promotion && (
        <Text className='form-hint' data-testid='exp-promoted'>
          {T.promoted(experiment.promotion.variant, T.targets[experiment.promotion.target], experiment.promotion.sent)}
        </Text>
      )}
      {promotable && (
        <View>
          <View className='form-row'>
            <Text className='form-row__label'>{T.promoteTo}</Text>
            <View className='hq-segments hq-experiment__chips'>
              {(['rest', 'control'] as const).map((t) => (
                <Text
                  key={t}
                  data-testid='exp-target'
                  className={`hq-segment${props.target === t ? ' hq-segment--on' : ''}`}
                  onClick={() => props.onTarget(t)}
                >
                  {T.targets[t]}
                </Text>
              ))}
            </View>
          </View>
          {experiment.variants.map((v) => (
            <Button
              key={v.key}
              className={v.key === results.best ? 'primary-button' : 'hq-experiment__promote'}
              data-testid='exp-promote'
              disabled={props.busy || undefined}
              onClick={() => props.onPromote(v.key)}
            >
              {T.promote(v.key)}
            </Button>
          ))}
        </View>
      )}
    </Section>
  );
}

function ArmRow({ arm, best }: { arm: ExperimentArmResult; best: boolean }) {
  const name = arm.arm === 'control' ? T.arm.control : `${T.variant(arm.arm)} · ${arm.name}`;
  return (
    <View className='hq-row' data-testid='exp-arm'>
      <View className='hq-row__body'>
        <View className='hq-row__line'>
          <Text className='hq-row__title'>{name}</Text>
          {best && <Text className='hq-experiment__status hq-experiment__status--best'>{T.best}</Text>}
        </View>
        <Text className='hq-row__meta'>
          {T.members} {arm.members} · {T.reach} {arm.sent}
          {arm.redemptionRate !== null ? ` · ${T.redemption} ${percentText(arm.redemptionRate)}` : ''}
        </Text>
        <Text className='hq-row__meta'>
          {T.conversion} {percentText(arm.conversionRate)} · {T.revenue} {yuanText(arm.revenuePerMemberFen)}
        </Text>
        {arm.conversionVsControl && (
          <Text className='hq-row__meta' data-testid='exp-conversion-lift'>
            {T.conversion}
            {T.lift} {pointsText(arm.conversionVsControl.difference)}（
            {T.interval(pointsText(arm.conversionVsControl.low), pointsText(arm.conversionVsControl.high))}，
            {arm.conversionVsControl.significant ? T.significant : T.notSignificant}）
          </Text>
        )}
        {arm.revenueVsControl && (
          <Text className='hq-row__meta' data-testid='exp-revenue-lift'>
            {T.revenue}
            {T.lift} {yuanText(arm.revenueVsControl.difference, true)}（
            {T.interval(yuanText(arm.revenueVsControl.low, true), yuanText(arm.revenueVsControl.high, true))}，
            {arm.revenueVsControl.significant ? T.significant : T.notSignificant}）
          </Text>
        )}
      </View>
    </View>
  );
}
