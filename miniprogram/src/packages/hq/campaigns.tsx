import { useRef, useState } from 'react';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  createEarningCampaign,
  getProgramOverview,
  listEarningCampaigns,
  listLineMultipliers,
  readProgrammeRulesHistory,
  removeLineMultiplier,
  retireEarningCampaign,
  setLineMultiplier,
  updateEarningCampaign,
  type CampaignList,
  type CampaignView,
  type LineMultiplierList,
  type SettingVersionSummary,
  type TierDefinition,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { ActionGate, useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, callEndpoint, messageOf } from '../../services/api-client';
import { brandTimeZone } from '../../services/brand-time-zone';
import { dateTimeText } from '../../services/date-text';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import {
  campaignDraftOf,
  campaignInputOf,
  CHANNEL_LABEL,
  lineInputOf,
  lineRefusalText,
  lineRuleText,
  newCampaignDraft,
  overlapNotes,
  scopeText,
  stackingText,
  STATUS_LABEL,
  versionChangeTexts,
  windowText,
  type CampaignDraft,
  type LineField,
} from './campaigns-form';
import { HqOnly } from './hq-only';
import { auditActorLabel } from './hq-text';
import './hq.css';
import './campaigns.css';

type Tab = 'campaigns' | 'lines' | 'history';
const TABS: Array<{ tab: Tab; label: string }> = [
  { tab: 'campaigns', label: '加倍积分活动' },
  { tab: 'lines', label: '商品/品类倍率' },
  { tab: 'history', label: '修改记录' },
];

const WORDING = {
  CAMPAIGN_ENDED: '这个活动已结束或已停止，不能再修改',
  NOT_FOUND: '找不到这个活动，可能已被其他同事删除',
  FORBIDDEN: '你的总部权限已被收回',
} as const;

async function tell(title: string, ok = true) {
  await Taro.showToast({ title, icon: ok ? 'success' : 'none' });
}

/** HQ's double-points campaigns, SKU and category multipliers, and the history of the programme's rules. */
export default function HqCampaignsPage() {
  const asked = useRouter().params.tab as Tab | undefined;
  const [tab, setTab] = useState<Tab>(TABS.some((t) => t.tab === asked) ? asked! : 'campaigns');
  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        <View className='hq-tabs'>
          {TABS.map((t) => (
            <Text
              key={t.tab}
              className={`hq-segment${tab === t.tab ? ' hq-segment--on' : ''}`}
              data-testid='campaigns-tab'
              onClick={() => setTab(t.tab)}
            >
              {t.label}
            </Text>
          ))}
        </View>
        {tab === 'campaigns' && <CampaignsView />}
        {tab === 'lines' && <LineRulesView />}
        {tab === 'history' && <HistoryView />}
      </HqOnly>
    </View>
  );
}

// ------------------------------------------------------------------ campaigns

function CampaignsView() {
  const { state, reload } = useRemote(async () => {
    const [list, programme] = await Promise.all([callAsMember(listEarningCampaigns), callEndpoint(getProgramOverview)]);
    return { list, tiers: programme.tiers };
  });
  return (
    <Screen state={state} onRetry={() => void reload()}>
      {({ list, tiers }) => <Campaigns list={list} tiers={tiers} reload={reload} />}
    </Screen>
  );
}

/** A date picker and a time picker side by side, on the brand's clock. */
function MomentRow(props: {
  label: string;
  date: string;
  time: string;
  testId: string;
  onChange: (date: string, time: string) => void;
}) {
  const { label, date, time, testId, onChange } = props;
  return (
    <View className='form-row' data-testid={testId}>
      <Text className='form-row__label'>{label}</Text>
      <View className='hq-moment'>
        <Picker mode='date' value={date} onChange={(e) => onChange(e.detail.value, time)}>
          <Text className='hq-pick'>{date}</Text>
        </Picker>
        <Picker mode='time' value={time} onChange={(e) => onChange(date, e.detail.value)}>
          <Text className='hq-pick'>{time}</Text>
        </Picker>
      </View>
    </View>
  );
}

function Campaigns({ list, tiers, reload }: { list: CampaignList; tiers: TierDefinition[]; reload: () => Promise<void> }) {
  const zone = brandTimeZone();
  const [editing, setEditing] = useState<CampaignView | undefined>();
  const [draft, setDraft] = useState<CampaignDraft>(() => newCampaignDraft(new Date(), zone));
  const [touched, setTouched] = useState(false);
  // One write at a time (ActionGate): a tap while one runs is ignored, the buttons disabled meanwhile.
  const { busy, run } = useAction();
  const result = campaignInputOf(draft, new Date(), zone);
  const problems = touched && 'problems' in result ? result.problems : {};
  const notes = overlapNotes(list.campaigns, list.promotionStacking);
  const set = (changes: Partial<CampaignDraft>) => setDraft((d) => ({ ...d, ...changes }));
  const toggle = <T,>(items: T[], item: T) => (items.includes(item) ? items.filter((i) => i !== item) : [...items, item]);

  const reset = () => {
    setEditing(undefined);
    setDraft(newCampaignDraft(new Date(), zone));
    setTouched(false);
  };

  const save = async () => {
    setTouched(true);
    if (!('input' in result) || busy) return;
    const input = result.input;
    const saved = await run(
      () =>
        editing
          ? callAsMember(updateEarningCampaign, { params: { campaignId: editing.id }, body: input })
          : callAsMember(createEarningCampaign, { body: input }),
      `${editing?.id ?? 'new'}:${JSON.stringify(input)}`,
      { success: editing ? '已修改' : '已创建', refusals: WORDING },
    );
    if (!saved) return;
    reset();
    await reload();
  };

  const retire = async (campaign: CampaignView) => {
    const answer = await Taro.showModal({
      title: '停止活动',
      content: `停止「${campaign.name}」后，此后的消费不再加倍积分；已得的积分不变。确定停止？`,
    });
    if (!answer.confirm) return;
    const retired = await run(
      () => callAsMember(retireEarningCampaign, { params: { campaignId: campaign.id } }),
      `retire:${campaign.id}`,
      {
        success: '已停止',
        refusals: WORDING,
      },
    );
    if (!retired) return;
    if (editing?.id === campaign.id) reset();
    await reload();
  };

  return (
    <View className='hq-columns'>
      <Section
        title={editing ? `修改「${editing.name}」` : '新建加倍积分活动'}
        extra={
          editing && (
            <Text className='hq-link' onClick={reset}>
              取消修改
            </Text>
          )
        }
      >
        <View className='form-row'>
          <Text className='form-row__label'>活动名称</Text>
          <Input
            className='form-row__input'
            data-testid='campaign-name'
            placeholder='如 周末双倍积分'
            maxlength={40}
            value={draft.name}
            onInput={(e) => set({ name: e.detail.value })}
          />
        </View>
        {problems.name && <Text className='hq-problem'>{problems.name}</Text>}
        <View className='form-row'>
          <Text className='form-row__label'>积分倍数</Text>
          <Input
            className='form-row__input'
            data-testid='campaign-multiplier'
            type='digit'
            placeholder='1 到 10，如 2'
            value={draft.multiplier}
            onInput={(e) => set({ multiplier: e.detail.value })}
          />
          <Text className='hq-rule__unit'>倍</Text>
        </View>
        {problems.multiplier && <Text className='hq-problem'>{problems.multiplier}</Text>}
        <Text className='form-hint'>时间均为北京时间</Text>
        <MomentRow
          label='开始时间'
          date={draft.startDate}
          time={draft.startTime}
          testId='campaign-start'
          onChange={(startDate, startTime) => set({ startDate, startTime })}
        />
        {problems.startsAt && <Text className='hq-problem'>{problems.startsAt}</Text>}
        <MomentRow
          label='结束时间'
          date={draft.endDate}
          time={draft.endTime}
          testId='campaign-end'
          onChange={(endDate, endTime) => set({ endDate, endTime })}
        />
        {problems.endsAt && <Text className='hq-problem'>{problems.endsAt}</Text>}
        <Text className='form-hint'>适用等级（不选即全部等级）</Text>
        <View className='hq-chips'>
          {tiers.map((tier) => (
            <Text
              key={tier.code}
              className={`hq-segment${draft.tierCodes.includes(tier.code) ? ' hq-segment--on' : ''}`}
              data-testid='campaign-tier'
              onClick={() => set({ tierCodes: toggle(draft.tierCodes, tier.code) })}
            >
              {tier.name}
            </Text>
          ))}
        </View>
        <Text className='form-hint'>适用渠道（不选即门店和线上）</Text>
        <View className='hq-chips'>
          {(['store', 'online'] as const).map((channel) => (
            <Text
              key={channel}
              className={`hq-segment${draft.channels.includes(channel) ? ' hq-segment--on' : ''}`}
              onClick={() => set({ channels: toggle(draft.channels, channel) })}
            >
              {CHANNEL_LABEL[channel]}
            </Text>
          ))}
        </View>
        <View className='form-row'>
          <Text className='form-row__label'>适用地区</Text>
          <Input
            className='form-row__input'
            data-testid='campaign-regions'
            placeholder='不填即全部地区；多个用逗号分隔'
            value={draft.regions}
            onInput={(e) => set({ regions: e.detail.value })}
          />
        </View>
        {problems.regions && <Text className='hq-problem'>{problems.regions}</Text>}
        <Text className='form-hint'>活动从开始时间起对之后付款的消费生效，保存后立即生效于下一笔消费</Text>
        <Button
          className='primary-button'
          data-testid='campaign-save'
          disabled={busy || (touched && 'problems' in result) || undefined}
          loading={busy}
          onClick={() => void save()}
        >
          {editing ? '保存修改' : '创建活动'}
        </Button>
      </Section>
      <Section title='活动列表'>
        <Text className='hq-stacking' data-testid='campaign-stacking'>
          {stackingText(list.promotionStacking)}
        </Text>
        {list.campaigns.length === 0 && <Empty text='还没有加倍积分活动' />}
        {list.campaigns.map((campaign) => (
          <View key={campaign.id} className='hq-row' data-testid='campaign-row'>
            <View className='hq-row__body'>
              <View className='hq-row__line'>
                <Text className='hq-row__title'>{campaign.name}</Text>
                <Text className={`hq-status hq-status--${campaign.status}`} data-testid='campaign-status'>
                  {STATUS_LABEL[campaign.status]}
                </Text>
              </View>
              <Text className='hq-row__meta' data-testid='campaign-window'>
                {windowText(campaign, zone)}
              </Text>
              <Text className='hq-row__meta'>{scopeText(campaign, tiers)}</Text>
              {notes[campaign.id] && (
                <Text className='hq-note' data-testid='campaign-overlap'>
                  {notes[campaign.id]}
                </Text>
              )}
            </View>
            <Text className='hq-multiplier'>×{campaign.multiplier}</Text>
            {(campaign.status === 'scheduled' || campaign.status === 'running') && (
              <View className='hq-row__actions'>
                <Text
                  className='hq-link'
                  data-testid='campaign-edit'
                  onClick={() => {
                    setEditing(campaign);
                    setDraft(campaignDraftOf(campaign, zone));
                    setTouched(false);
                  }}
                >
                  修改
                </Text>
                <Text className='hq-link hq-link--danger' data-testid='campaign-retire' onClick={() => void retire(campaign)}>
                  停止
                </Text>
              </View>
            )}
          </View>
        ))}
      </Section>
    </View>
  );
}

// ------------------------------------------------------------------ SKU and category multipliers

function LineRulesView() {
  const { state, reload, set } = useRemote(() => callAsMember(listLineMultipliers));
  return (
    <Screen state={state} onRetry={() => void reload()}>
      {(list) => <LineRules list={list} onChanged={set} />}
    </Screen>
  );
}

function LineRules({ list, onChanged }: { list: LineMultiplierList; onChanged: (list: LineMultiplierList) => void }) {
  const [kind, setKind] = useState<'sku' | 'category'>('sku');
  const [value, setValue] = useState('');
  const [multiplier, setMultiplier] = useState('2');
  const [touched, setTouched] = useState(false);
  // One change at a time (ActionGate); a refusal of the SKU or category typed shows under the field.
  const gate = useRef(new ActionGate()).current;
  const [busy, setBusy] = useState(false);
  /** The server's refusal of the SKU or category typed, until it is changed. */
  const [refused, setRefused] = useState<string | undefined>();
  const result = lineInputOf(kind, value, multiplier);
  const problems: Partial<Record<LineField, string>> = touched && 'problems' in result ? result.problems : {};
  const valueProblem = problems.value ?? refused;

  const act = async (work: () => Promise<LineMultiplierList>, done: string) => {
    if (gate.busy) return false;
    setBusy(true);
    try {
      const changed = await gate.run(work, done, async (error) => {
        const reason = error instanceof ApiCallError ? (error.details as { reason?: unknown } | undefined)?.reason : undefined;
        const words = lineRefusalText(reason, kind, value);
        if (words) setRefused(words);
        else await tell(messageOf(error, { NOT_FOUND: '这条倍率已被删除', FORBIDDEN: WORDING.FORBIDDEN }), false);
      });
      if (!changed) return false;
      onChanged(changed);
      await tell(done);
      return true;
    } finally {
      setBusy(false);
    }
  };

  const remove = async (kindOf: 'sku' | 'category', key: string, text: string) => {
    const answer = await Taro.showModal({
      title: '删除倍率',
      content: `删除「${text}」的倍率后，从下一笔消费起按基础积分比例积分。确定删除？`,
    });
    if (!answer.confirm) return;
    await act(() => callAsMember(removeLineMultiplier, { params: { kind: kindOf, value: key } }), '已删除');
  };

  const save = async () => {
    setTouched(true);
    if (!('input' in result) || busy) return;
    const body = result.input;
    if (await act(() => callAsMember(setLineMultiplier, { body }), '已保存')) {
      setValue('');
      setTouched(false);
    }
  };

  return (
    <View className='hq-columns'>
      <Section title='设置倍率'>
        <View className='hq-chips'>
          {(['sku', 'category'] as const).map((k) => (
            <Text
              key={k}
              className={`hq-segment${kind === k ? ' hq-segment--on' : ''}`}
              onClick={() => {
                setKind(k);
                setRefused(undefined);
              }}
            >
              {k === 'sku' ? '按商品 SKU' : '按品类'}
            </Text>
          ))}
        </View>
        <View className='form-row'>
          <Text className='form-row__label'>{kind === 'sku' ? 'SKU' : '品类'}</Text>
          <Input
            className='form-row__input'
            data-testid='line-value'
            placeholder={kind === 'sku' ? '商品目录中的 SKU，如 FR-001' : '商品目录中的品类，如 护肤'}
            value={value}
            onInput={(e) => {
              setValue(e.detail.value);
              setRefused(undefined);
            }}
          />
        </View>
        {valueProblem && (
          <Text className='hq-problem' data-testid='line-problem'>
            {valueProblem}
          </Text>
        )}
        <View className='form-row'>
          <Text className='form-row__label'>积分倍数</Text>
          <Input
            className='form-row__input'
            data-testid='line-multiplier'
            type='digit'
            value={multiplier}
            onInput={(e) => setMultiplier(e.detail.value)}
          />
          <Text className='hq-rule__unit'>倍</Text>
        </View>
        {problems.multiplier && <Text className='hq-problem'>{problems.multiplier}</Text>}
        <Text className='form-hint'>SKU 的倍率优先于品类；同一 SKU 或品类再次设置会替换原倍率；0 倍表示这类商品不积分</Text>
        <Button
          className='primary-button'
          data-testid='line-save'
          disabled={busy || (touched && 'problems' in result) || undefined}
          onClick={() => void save()}
        >
          保存倍率
        </Button>
      </Section>
      <Section title='商品/品类倍率'>
        {list.rules.length === 0 && <Empty text='还没有单独设置倍率：所有商品按基础积分比例积分' />}
        {list.rules.map((rule) => {
          const kindOf = 'sku' in rule.match ? 'sku' : 'category';
          const key = 'sku' in rule.match ? rule.match.sku : rule.match.category;
          return (
            <View key={`${kindOf}:${key}`} className='hq-row' data-testid='line-rule'>
              <View className='hq-row__body'>
                <Text className='hq-row__title'>{lineRuleText(rule)}</Text>
                {rule.multiplier === 0 && <Text className='hq-row__meta'>不积分</Text>}
              </View>
              <Text className='hq-multiplier'>×{rule.multiplier}</Text>
              <View className='hq-row__actions'>
                <Text
                  className='hq-link hq-link--danger'
                  data-testid='line-remove'
                  onClick={() => void remove(kindOf, key, lineRuleText(rule))}
                >
                  删除
                </Text>
              </View>
            </View>
          );
        })}
      </Section>
    </View>
  );
}

// ------------------------------------------------------------------ history

interface HistoryData {
  versions: SettingVersionSummary[];
  nextBefore?: number;
  names: Record<string, string>;
}

function HistoryView() {
  const { state, reload, set } = useRemote(async (): Promise<HistoryData> => {
    const [page, list] = await Promise.all([
      callAsMember(readProgrammeRulesHistory, { query: { limit: 20 } }),
      callAsMember(listEarningCampaigns),
    ]);
    return { ...page, names: Object.fromEntries(list.campaigns.map((c) => [c.id, c.name])) };
  });
  return (
    <Screen state={state} onRetry={() => void reload()}>
      {(data) => (
        <Section title='积分规则修改记录'>
          {data.versions.length === 0 && <Empty text='规则还没有被修改过：正在使用默认规则' />}
          {data.versions.map((version) => (
            <View key={version.version} className='hq-row' data-testid='rules-version'>
              <View className='hq-row__body'>
                <View className='hq-row__line'>
                  <Text className='hq-row__title'>第 {version.version} 版</Text>
                  <Text className='hq-row__meta'>
                    {dateTimeText(version.savedAt)} · {auditActorLabel(version.savedBy.id, version.savedBy.role)}
                  </Text>
                </View>
                <View className='hq-version__changes'>
                  {version.changes.length === 0 && <Text className='hq-version__change'>内容未变</Text>}
                  {versionChangeTexts(version, data.names).map((text, i) => (
                    <Text key={version.changes[i]} className='hq-version__change' data-testid='rules-change'>
                      {text}
                    </Text>
                  ))}
                </View>
              </View>
            </View>
          ))}
          {data.nextBefore && (
            <Text
              className='hq-link hq-more'
              onClick={() =>
                void callAsMember(readProgrammeRulesHistory, { query: { limit: 20, before: data.nextBefore } }).then((more) =>
                  set({ ...data, versions: [...data.versions, ...more.versions], nextBefore: more.nextBefore }),
                )
              }
            >
              加载更多
            </Text>
          )}
        </Section>
      )}
    </Screen>
  );
}
