import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import {
  listLiveGroupBuyDeals,
  listMyGroupBuyGroups,
  openGroupBuyGroup,
  type GroupBuyDealView,
  type GroupBuyGroupView,
} from '@memberloop/shared';
import { MemberFace, ProfilePrompt } from '../../components/ProfileCard';
import { Countdown } from '../../components/Countdown';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError } from '../../services/api-client';
import { dateTimeText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import { DealImage } from './deal-image';
import {
  dealMetaText,
  dealPrices,
  dealUnavailable,
  GROUP_BUY_TEXT,
  groupPath,
  groupStatusLabel,
  OPEN_REFUSALS,
  seatsLeftText,
  succeededAtText,
} from './group-buy-text';
import './group-buy.css';

type Tab = 'deals' | 'mine';
const TABS = [
  { value: 'deals', label: GROUP_BUY_TEXT.tabDeals },
  { value: 'mine', label: GROUP_BUY_TEXT.tabMine },
] as const;

interface GroupBuyData {
  deals: GroupBuyDealView[];
  groups: GroupBuyGroupView[];
}

function DealCard({
  deal,
  busy,
  opening,
  onOpen,
}: {
  deal: GroupBuyDealView;
  /** A write of this screen is running: no deal can be opened meanwhile. */
  busy: boolean;
  /** This deal is the one being opened. */
  opening: boolean;
  onOpen: () => void;
}) {
  const prices = dealPrices(deal);
  const unavailable = dealUnavailable(deal);
  return (
    <View className='deal' data-testid='deal'>
      <DealImage deal={deal} size={180} />
      <View className='deal__body'>
        <Text className='deal__name'>{deal.skuName}</Text>
        <Text className='deal__meta'>{dealMetaText(deal)}</Text>
        <View className='deal__bottom'>
          <View className='deal__prices'>
            <Text className='deal__group-price'>{prices.group}</Text>
            <Text className='deal__normal-price'>{prices.normal}</Text>
          </View>
          <Button
            size='mini'
            className='primary-button'
            data-testid='deal-open'
            disabled={Boolean(unavailable) || busy || undefined}
            onClick={onOpen}
          >
            {unavailable ?? (opening ? GROUP_BUY_TEXT.opening : GROUP_BUY_TEXT.open)}
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
          {group.status === 'open' && <Text className='my-group__left'>{seatsLeftText(group.seatsLeft)}</Text>}
        </View>
        {group.status === 'open' && <Countdown deadline={new Date(group.deadline)} onExpire={onExpire} />}
        {group.status === 'succeeded' && group.succeededAt && (
          <Text className='my-group__meta'>{succeededAtText(dateTimeText(group.succeededAt))}</Text>
        )}
        {group.status === 'failed' && <Text className='my-group__meta'>{GROUP_BUY_TEXT.notCharged}</Text>}
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
  // One group opened at a time; a retry after a lost reply opens one group, not two (the deal's Idempotency-Key).
  const { busy, run } = useAction();
  const { state, reload } = useRemote<GroupBuyData>(async () => {
    const [{ deals }, { groups }] = await Promise.all([callAsMember(listLiveGroupBuyDeals), callAsMember(listMyGroupBuyGroups)]);
    return { deals, groups };
  });
  // Back from a group's page: friends may have joined.
  useDidShow(() => {
    if (state.kind === 'ready') void reload();
  });

  const open = async (deal: GroupBuyDealView) => {
    if (busy) return;
    setOpening(deal.id);
    let refused = false;
    await run(
      async (key) => {
        try {
          const group = await callAsMember(openGroupBuyGroup, {
            params: { dealId: deal.id },
            headers: { 'idempotency-key': key },
          });
          // Still busy until the group's page is on: a second tap meanwhile opens nothing.
          await Taro.navigateTo({ url: groupPath(group.id) });
          return group;
        } catch (error) {
          refused = error instanceof ApiCallError && error.code !== 'NETWORK_ERROR';
          throw error;
        }
      },
      deal.id,
      { refusals: OPEN_REFUSALS },
    );
    setOpening(undefined);
    // Refused: the deals as they are now (full, over, joined elsewhere); offline, the screen stays as it was.
    if (refused) await reload();
  };

  return (
    <View className='page group-buy'>
      <Tabs tabs={TABS} value={tab} onChange={setTab} />
      <Screen state={state} onRetry={() => void reload()}>
        {({ deals, groups }) =>
          tab === 'deals' ? (
            <>
              <ProfilePrompt hint={GROUP_BUY_TEXT.openHint} />
              <Section
                title={GROUP_BUY_TEXT.dealsTitle}
                extra={<Text className='group-buy__hint'>{GROUP_BUY_TEXT.dealsHint}</Text>}
              >
                {deals.length === 0 && <Empty text={GROUP_BUY_TEXT.noDeals} />}
                {deals.map((deal) => (
                  <DealCard key={deal.id} deal={deal} busy={busy} opening={opening === deal.id} onOpen={() => void open(deal)} />
                ))}
              </Section>
            </>
          ) : (
            <Section title={GROUP_BUY_TEXT.mineTitle}>
              {groups.length === 0 && <Empty text={GROUP_BUY_TEXT.noGroups} />}
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
