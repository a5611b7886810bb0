import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { getProgrammeRules, replaceProgrammeRules, type ProgrammeRules } from '@memberloop/shared';
import { Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { useAction } from '../../hooks/use-action';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { HqOnly } from './hq-only';
import { draftOf, RULE_FIELDS, rulesOf, withLatestLists, type RuleDraft, type RulePath } from './rules-form';
import './hq.css';
import './campaigns.css';

type Choices = Parameters<typeof rulesOf>[2];

const SHORTFALL = [
  { value: 'debt', label: '记为欠分，用以后的积分抵扣' },
  { value: 'negativeBalance', label: '积分余额可为负' },
] as const;
const DOWNGRADE = [
  { value: 'oneLevel', label: '最多降一级' },
  { value: 'recompute', label: '按当年消费重新定级' },
] as const;

/** HQ edits the programme's rules; they apply to the next purchase, reminder and re-qualification. */
export default function HqRulesPage() {
  const { state, reload, set } = useRemote(() => callAsMember(getProgrammeRules));
  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        <Screen state={state} onRetry={() => void reload()}>
          {(rules) => <RulesForm key={JSON.stringify(rules)} loaded={rules} onSaved={set} />}
        </Screen>
      </HqOnly>
    </View>
  );
}

function RulesForm({ loaded, onSaved }: { loaded: ProgrammeRules; onSaved: (rules: ProgrammeRules) => void }) {
  const [draft, setDraft] = useState<RuleDraft>(() => draftOf(loaded));
  const [choices, setChoices] = useState<Choices>({
    refundShortfallPolicy: loaded.points.refundShortfallPolicy,
    downgrade: loaded.tiers.downgrade,
  });
  // One save at a time (ActionGate): the button is disabled while it runs.
  const { busy: saving, run } = useAction();
  const result = rulesOf(loaded, draft, choices);
  const problems: Partial<Record<RulePath, string>> = 'problems' in result ? result.problems : {};
  const changed = 'rules' in result && JSON.stringify(result.rules) !== JSON.stringify(loaded);

  const save = async () => {
    if (!('rules' in result) || saving) return;
    const answer = await Taro.showModal({ title: '保存规则', content: '新规则从下一笔消费、下一次提醒和保级起生效，确定保存？' });
    if (!answer.confirm) return;
    const rules = result.rules;
    const saved = await run(
      async () => {
        // Campaigns and SKU / category multipliers are edited on their own page, maybe meanwhile: saved as they are now.
        const latest = await callAsMember(getProgrammeRules);
        return callAsMember(replaceProgrammeRules, { body: withLatestLists(rules, latest) });
      },
      JSON.stringify(rules),
      { success: '已保存', refusals: { FORBIDDEN: '你的总部权限已被收回' } },
    );
    if (saved) onSaved(saved);
  };

  return (
    <View className='hq-columns'>
      <Section title='积分与提醒'>
        {RULE_FIELDS.map((field) => (
          <View key={field.path}>
            <View className='form-row'>
              <Text className='form-row__label hq-rule__label'>{field.label}</Text>
              <Input
                className='form-row__input'
                data-testid={`rule-${field.path}`}
                type='digit'
                placeholder={'optional' in field ? '不设上限' : ''}
                value={draft[field.path]}
                onInput={(event) => setDraft((d) => ({ ...d, [field.path]: event.detail.value }))}
              />
              <Text className='hq-rule__unit'>{field.unit}</Text>
            </View>
            {problems[field.path] && (
              <Text className='hq-problem' data-testid='rule-problem'>
                {field.label}：{problems[field.path]}
              </Text>
            )}
          </View>
        ))}
      </Section>
      <Section title='退款与保级'>
        <Text className='form-hint'>退款时要扣回的积分已被用掉</Text>
        <View className='hq-segments hq-segments--stacked'>
          {SHORTFALL.map((option) => (
            <Text
              key={option.value}
              className={`hq-segment${choices.refundShortfallPolicy === option.value ? ' hq-segment--on' : ''}`}
              onClick={() => setChoices((c) => ({ ...c, refundShortfallPolicy: option.value }))}
            >
              {option.label}
            </Text>
          ))}
        </View>
        <Text className='form-hint'>保级未达标时</Text>
        <View className='hq-segments hq-segments--stacked'>
          {DOWNGRADE.map((option) => (
            <Text
              key={option.value}
              className={`hq-segment${choices.downgrade === option.value ? ' hq-segment--on' : ''}`}
              onClick={() => setChoices((c) => ({ ...c, downgrade: option.value }))}
            >
              {option.label}
            </Text>
          ))}
        </View>
        <Text className='form-hint'>
          品类倍率 {loaded.earning.lineMultipliers.length} 条、加倍积分活动 {loaded.earning.campaigns.length} 个保持不变
        </Text>
        <View className='hq-rule__links'>
          <Text
            className='hq-link'
            data-testid='rules-campaigns'
            onClick={() => void Taro.navigateTo({ url: '/packages/hq/campaigns' })}
          >
            管理加倍积分活动与商品/品类倍率
          </Text>
          <Text
            className='hq-link'
            data-testid='rules-history'
            onClick={() => void Taro.navigateTo({ url: '/packages/hq/campaigns?tab=history' })}
          >
            查看修改记录
          </Text>
        </View>
        <Button
          className='primary-button'
          data-testid='rules-save'
          disabled={saving || !changed || undefined}
          loading={saving}
          onClick={() => void save()}
        >
          {saving ? '保存中…' : changed ? '保存' : '没有改动'}
        </Button>
      </Section>
    </View>
  );
}
