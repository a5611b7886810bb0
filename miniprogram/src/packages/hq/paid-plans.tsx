import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import {
  createPaidPlan,
  listHqCouponTemplates,
  listPaidPlans,
  retirePaidPlan,
  updatePaidPlan,
  type PaidPlanView,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { HqOnly } from './hq-only';
import {
  EMPTY_PAID_PLAN,
  draftOfPlan,
  newPaidPlanOf,
  paidPlanChangesOf,
  type PaidPlanDraft,
  type PaidPlanField,
} from './paid-plan-form';
import { PAID_PLANS_TEXT as T, TERM_OPTIONS, planSummary } from './paid-plans-text';
import './hq.css';

const TEXT_FIELDS: Array<{ field: Exclude<PaidPlanField, 'pack'>; label: string; placeholder: string }> = [
  { field: 'name', label: T.name, placeholder: T.namePlaceholder },
  { field: 'price', label: T.price, placeholder: T.pricePlaceholder },
  { field: 'multiplier', label: T.multiplier, placeholder: T.multiplierPlaceholder },
];

function Choice<V extends string | boolean>(props: {
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  testId: string;
  onChange: (value: V) => void;
}) {
  return (
    <View className='hq-segments' data-testid={props.testId}>
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

/** HQ's paid membership plans (付费会员): price, term and benefits; edits apply to new sales only. */
export default function HqPaidPlansPage() {
  const { state, reload } = useRemote(() => callAsMember(listPaidPlans, {}));
  const templates = useRemote(() => callAsMember(listHqCouponTemplates, { query: { status: 'active' } }));
  const [editing, setEditing] = useState<PaidPlanView | undefined>();
  const [draft, setDraft] = useState<PaidPlanDraft>(EMPTY_PAID_PLAN);
  const [touched, setTouched] = useState(false);
  const { busy, run } = useAction();

  const result = editing ? paidPlanChangesOf(editing, draft) : newPaidPlanOf(draft);
  const problems = result && 'problems' in result ? result.problems : {};
  const set = (change: Partial<PaidPlanDraft>) => setDraft((d) => ({ ...d, ...change }));
  const reset = () => {
    setEditing(undefined);
    setDraft(EMPTY_PAID_PLAN);
    setTouched(false);
  };

  const act = async (work: () => Promise<unknown>, done: string) => {
    const ok = await run(
      async () => {
        await work();
        return true;
      },
      done,
      { success: done, refusals: T.refusals },
    );
    if (ok) await reload();
    return ok === true;
  };

  const save = async () => {
    setTouched(true);
    if (!result || 'problems' in result || busy) return;
    const ok = await act(
      () =>
        'plan' in result
          ? callAsMember(createPaidPlan, { body: result.plan })
          : callAsMember(updatePaidPlan, { params: { planId: editing!.id }, body: result.changes }),
      editing ? T.saved : T.created,
    );
    if (ok) reset();
  };

  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        <View className='hq-columns'>
          <Section
            title={editing ? T.editPlan(editing.name) : T.newPlan}
            extra={
              editing && (
                <Text className='hq-link' onClick={reset}>
                  {T.cancelEdit}
                </Text>
              )
            }
          >
            {TEXT_FIELDS.map(({ field, label, placeholder }) => (
              <View key={field}>
                <View className='form-row'>
                  <Text className='form-row__label'>{label}</Text>
                  <Input
                    className='form-row__input'
                    data-testid={`plan-${field}`}
                    placeholder={placeholder}
                    value={draft[field]}
                    onInput={(event) => set({ [field]: event.detail.value })}
                  />
                </View>
                {touched && problems[field] && <Text className='hq-problem'>{problems[field]}</Text>}
              </View>
            ))}
            <View className='form-row'>
              <Text className='form-row__label'>{T.term}</Text>
              <Choice value={draft.term} options={TERM_OPTIONS} testId='plan-term' onChange={(term) => set({ term })} />
            </View>
            <View className='form-row'>
              <Text className='form-row__label'>{T.freeDelivery}</Text>
              <Choice
                value={draft.freeDelivery}
                options={YES_NO}
                testId='plan-free-delivery'
                onChange={(freeDelivery) => set({ freeDelivery })}
              />
            </View>
            <View className='form-row'>
              <Text className='form-row__label'>{T.presaleAccess}</Text>
              <Choice
                value={draft.presaleAccess}
                options={YES_NO}
                testId='plan-presale'
                onChange={(presaleAccess) => set({ presaleAccess })}
              />
            </View>
            <Text className='form-hint'>{T.packHint}</Text>
            <Screen state={templates.state} onRetry={() => void templates.reload()}>
              {({ templates: list }) => (
                <>
                  {list.length === 0 && <Empty text={T.packEmpty} />}
                  {list.map((template) => (
                    <View key={template.id} className='form-row'>
                      <Text className='form-row__label'>{template.name}</Text>
                      <Input
                        className='form-row__input'
                        type='number'
                        data-testid='plan-pack-count'
                        placeholder='0'
                        value={draft.pack[template.id] ?? ''}
                        onInput={(event) => set({ pack: { ...draft.pack, [template.id]: event.detail.value } })}
                      />
                    </View>
                  ))}
                </>
              )}
            </Screen>
            {touched && problems.pack && <Text className='hq-problem'>{problems.pack}</Text>}
            <Text className='form-hint'>{T.keptHint}</Text>
            <Button
              className='primary-button'
              data-testid='plan-save'
              disabled={busy || !result || (touched && 'problems' in result) || undefined}
              onClick={() => void save()}
            >
              {editing ? (result ? T.saveChanges : T.unchanged) : T.save}
            </Button>
          </Section>
          <Section title={T.list}>
            <Screen state={state} onRetry={() => void reload()}>
              {({ plans }) => (
                <>
                  {plans.length === 0 && <Empty text={T.empty} />}
                  {plans.map((plan) => (
                    <View key={plan.id} className='hq-row' data-testid='paid-plan'>
                      <View className='hq-row__body'>
                        <View className='hq-row__line'>
                          <Text className='hq-row__title'>{plan.name}</Text>
                          {plan.status === 'retired' && <Text className='tag hq-tag--off'>{T.retired}</Text>}
                        </View>
                        <Text className='hq-row__meta'>{planSummary(plan)}</Text>
                      </View>
                      {plan.status === 'active' && (
                        <View className='hq-row__actions'>
                          <Text
                            className='hq-link'
                            data-testid='plan-edit'
                            onClick={() => {
                              setEditing(plan);
                              setDraft(draftOfPlan(plan));
                              setTouched(false);
                            }}
                          >
                            {T.edit}
                          </Text>
                          <Text
                            className='hq-link hq-link--danger'
                            data-testid='plan-retire'
                            onClick={() =>
                              void act(() => callAsMember(retirePaidPlan, { params: { planId: plan.id } }), T.retired)
                            }
                          >
                            {T.retire}
                          </Text>
                        </View>
                      )}
                    </View>
                  ))}
                </>
              )}
            </Screen>
          </Section>
        </View>
      </HqOnly>
    </View>
  );
}
