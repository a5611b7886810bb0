import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import {
  listLiveGroupBuyDeals,
  listMyGroupBuyGroups,
  openGroupBuyGroup,
  quantityText,
  type GroupBuyDealView,
  type GroupBuyGroupView,
} from '@memberloop/shared';
import { MemberFace, ProfilePrompt } from '../../components/ProfileCard';
import { Countdown } from '../../components/Countdown';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useRemote } from '../../hooks/use-remote';
import { messageOf } from '../../services/api-client';
import { dateTimeText } from '../../services/date-text';
import { IdempotencyKeys } from '../../services/idempotency-keys';
import { callAsMember } from '../../services/session';
import { DealImage } from './deal-image';
import { dealPrices, dealUnavailable, groupPath, groupStatusLabel, timeLimitText } from './group-buy-text';
import './group-buy.css';

type Tab = 'deals' | 'mine';
const TABS = [
  { value: 'deals', label: '拼团好物' },
  { value: 'mine', label: '我的拼团' },
] as const;

interface GroupBuyData {
  deals: GroupBuyDealView[];
  groups: GroupBuyGroupView[];
}

function DealCard({ deal, opening, onOpen }: { deal: GroupBuyDealView; opening: boolean; onOpen: () => void }) {
  const prices = dealPrices(deal);
  const unavailable = dealUnavailable(deal);
  return (
    <View className='deal' data-testid='deal'>
      <DealImage deal={deal} size={180} />
      <View className='deal__body'>
        <Text className='deal__name'>{deal.skuName}</Text>
        <Text className='deal__meta'>
          {quantityText(deal.groupSize, '人')}团 · {timeLimitText(deal.timeLimitMinutes)}内成团
        </Text>
        <View className='deal__bottom'>
          <View className='deal__prices'>
            <Text className='deal__group-price'>{prices.group}</Text>
            <Text className='deal__normal-price'>{prices.normal}</Text>
          </View>
          <Button size='mini' className='primary-button' disabled={Boolean(unavailable) || opening || undefined} onClick={onOpen}>
            {unavailable ?? '发起拼团'}
          </Button>
        </View>
      </View>
    </View>
  );
}

function MyGroupCard({ group, onExpire }: { group: GroupBuyGroupView; onExpire: () => void }) {
  return (
    <View className='my-group' data-testid='my-group' onClick={() => void Taro.navigateTo({ url: groupPath(group.id) })}>
      <DealImage deal={group.deal} size={110} />
      <View className='my-group__body'>
        <Text className='my-group__name'>{group.deal.skuName}</Text>
        <View className='my-group__line'>
          <Text className={`status-chip status-chip--${group.status}`}>{groupStatusLabel(group)}</Text>
          {group.status === 'open' && <Text className='my-group__left'>还差 {group.seatsLeft} 人</Text>}
        </View>
        {group.status === 'open' && <Countdown deadline={new Date(group.deadline)} onExpire={onExpire} />}
        {group.status === 'succeeded' && group.succeededAt && (
          <Text className='my-group__meta'>{dateTimeText(group.succeededAt)} 成团</Text>
        )}
        {group.status === 'failed' && <Text className='my-group__meta'>未成团，不会扣款</Text>}
      </View>
      <View className='my-group__faces'>
        {group.members.slice(0, 3).map((member, index) => (
          <View key={index} className='my-group__face'>
            <MemberFace person={member} url={member.avatarUrl} size={48} />
          </View>
        ))}
      </View>
    </View>
  );
}

/** Group-buy deals to open a group on, and the member's own groups. */
export default function GroupBuyPage() {
  const [tab, setTab] = useState<Tab>('deals');
  const [opening, setOpening] = useState<string>();
  // A retry after a lost reply opens one group, not two.
  const keys = useRef(new IdempotencyKeys());
  const { state, reload } = useRemote<GroupBuyData>(async () => {
    const [{ deals }, { groups }] = await Promise.all([callAsMember(listLiveGroupBuyDeals), callAsMember(listMyGroupBuyGroups)]);
    return { deals, groups };
  });
  // Back from a group's page: friends may have joined.
  useDidShow(() => {
    if (state.kind === 'ready') void reload();
  });

  const open = async (deal: GroupBuyDealView) => {
    const key = keys.current.for(deal.id);
    setOpening(deal.id);
    try {
      const group = await callAsMember(openGroupBuyGroup, { params: { dealId: deal.id }, headers: { 'idempotency-key': key } });
      keys.current.settle(deal.id);
      await Taro.navigateTo({ url: groupPath(group.id) });
    } catch (error) {
      keys.current.settle(deal.id, error);
      await Taro.showToast({
        title: messageOf(error, {
          LIMIT_REACHED: '你已在这个活动的团里，等它结束再开新团',
          OUT_OF_STOCK: '这个活动的团已开满，去参加好友的团吧',
        }),
        icon: 'none',
      });
      await reload();
    } finally {
      setOpening(undefined);
    }
  };

  return (
    <View className='page group-buy'>
      <Tabs tabs={TABS} value={tab} onChange={setTab} />
      <Screen state={state} onRetry={() => void reload()}>
        {({ deals, groups }) =>
          tab === 'deals' ? (
            <>
              <ProfilePrompt hint='开团后，好友在团里看到的是你的头像和昵称。可以跳过，不影响开团。' />
              <Section title='拼团好物' extra={<Text className='group-buy__hint'>好友一起拼，人满享团价</Text>}>
                {deals.length === 0 && <Empty text='暂时没有拼团活动，敬请期待' />}
                {deals.map((deal) => (
                  <DealCard key={deal.id} deal={deal} opening={opening === deal.id} onOpen={() => void open(deal)} />
                ))}
              </Section>
            </>
          ) : (
            <Section title='我的拼团'>
              {groups.length === 0 && <Empty text='还没有参加拼团，去拼团好物里开一个吧' />}
              {groups.map((group) => (
                <MyGroupCard key={group.id} group={group} onExpire={() => void reload()} />
              ))}
            </Section>
          )
        }
      </Screen>
    </View>
  );
}
