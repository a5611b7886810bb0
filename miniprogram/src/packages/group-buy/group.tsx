import { useCallback, useRef } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro';
import { getGroupBuyGroup, joinGroupBuyGroup, type GroupBuyGroupView } from '@memberloop/shared';
import { MemberFace, ProfilePrompt } from '../../components/ProfileCard';
import { Countdown } from '../../components/Countdown';
import { Screen, Section } from '../../components/Screen';
import { ShareButton } from '../../components/ShareButton';
import { useAction } from '../../hooks/use-action';
import { usePolling } from '../../hooks/use-polling';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError } from '../../services/api-client';
import { callAsMember } from '../../services/session';
import { DealImage } from './deal-image';
import {
  dealPrices,
  GROUP_BUY_TEXT,
  groupAction,
  groupPath,
  groupRules,
  groupSeats,
  groupShareTitle,
  groupSizeText,
  groupStatusText,
  JOIN_REFUSALS,
  joinLabel,
  seatName,
} from './group-buy-text';
import './group-buy.css';

const GROUP_ID = /^[0-9a-f]{24}$/;
/** While a group is filling, its page looks again this often for friends who joined. */
const REFRESH_MS = 15_000;

function Seats({ group }: { group: GroupBuyGroupView }) {
  const { seats, moreEmpty } = groupSeats(group);
  return (
    <View className='seats'>
      {seats.map((seat, index) =>
        seat.kind === 'member' ? (
          <View key={index} className='seat' data-testid='seat-member'>
            <View className='seat__face'>
              <MemberFace person={seat.member} url={seat.member.avatarUrl} size={96} />
              {seat.member.leader && <Text className='seat__badge'>{GROUP_BUY_TEXT.leaderBadge}</Text>}
            </View>
            <Text className='seat__name'>{seatName(seat.member)}</Text>
          </View>
        ) : (
          <View key={index} className='seat' data-testid='seat-empty'>
            <View className='seat__empty'>
              <Text className='seat__empty-mark'>?</Text>
            </View>
            <Text className='seat__name seat__name--empty'>{GROUP_BUY_TEXT.seatWaiting}</Text>
          </View>
        ),
      )}
      {moreEmpty > 0 && (
        <View className='seat'>
          <View className='seat__empty'>
            <Text className='seat__empty-more'>+{moreEmpty}</Text>
          </View>
          <Text className='seat__name seat__name--empty'>{GROUP_BUY_TEXT.seatEmpty}</Text>
        </View>
      )}
    </View>
  );
}

/** One group (opened from a share or a message): the deal, who is in, seats left, time left, and joining or sharing. */
export default function GroupPage() {
  const id = useRouter().params.id ?? '';
  // One join at a time: a second tap while it runs sends nothing and never shows an error over the success.
  const { busy: joining, run } = useAction();
  const { state, reload, set } = useRemote<GroupBuyGroupView>(() => {
    if (!GROUP_ID.test(id)) throw new ApiCallError('NOT_FOUND', GROUP_BUY_TEXT.brokenLink);
    return callAsMember(getGroupBuyGroup, { params: { groupId: id } });
  });
  const group = state.kind === 'ready' ? state.data : undefined;

  useShareAppMessage(() => ({
    title: group ? groupShareTitle(group) : GROUP_BUY_TEXT.shareFallback,
    path: groupPath(id),
    ...(group?.deal.imageUrl ? { imageUrl: group.deal.imageUrl } : {}),
  }));

  // A filling group changes as friends join: look again now and then while the page is on screen. A look that fails
  // leaves the group on screen (the next one may work), and one that started before the member's own join is dropped.
  const writes = useRef(0);
  const filling = group?.status === 'open';
  const look = async () => {
    const seen = writes.current;
    const fresh = await callAsMember(getGroupBuyGroup, { params: { groupId: id } });
    if (seen === writes.current) set(fresh);
  };
  usePolling(look, REFRESH_MS, filling && !joining);
  // Back on the page with the group settled (polling looks at once itself while it fills).
  useDidShow(() => {
    if (state.kind === 'ready' && !filling) void reload();
  });
  const onExpire = useCallback(() => void reload(), [reload]);

  const join = async () => {
    let refused = false;
    await run(
      async () => {
        try {
          // The group as the join left it: the button turns to the invitation before another tap can land.
          const joined = await callAsMember(joinGroupBuyGroup, { params: { groupId: id } });
          writes.current += 1;
          set(joined);
          return joined;
        } catch (error) {
          refused = error instanceof ApiCallError && error.code !== 'NETWORK_ERROR';
          throw error;
        }
      },
      `join:${id}`,
      { success: GROUP_BUY_TEXT.joined, refusals: JOIN_REFUSALS },
    );
    // The group changed under the member (full, over, joined already): show it as it is now.
    if (refused) await reload();
  };

  return (
    <View className='page group'>
      <Screen state={state} onRetry={() => void reload()}>
        {(group) => {
          const prices = dealPrices(group.deal);
          const status = groupStatusText(group);
          const action = groupAction(group);
          return (
            <>
              <View className='group__deal'>
                <DealImage deal={group.deal} size={200} />
                <View className='deal__body'>
                  <Text className='deal__name'>{group.deal.skuName}</Text>
                  <Text className='deal__meta'>{groupSizeText(group.size)}</Text>
                  <View className='deal__prices'>
                    <Text className='deal__group-price'>{prices.group}</Text>
                    <Text className='deal__normal-price'>{prices.normal}</Text>
                    <Text className='deal__saving'>{prices.saving}</Text>
                  </View>
                </View>
              </View>

              <Section
                title={status.title}
                extra={
                  group.status === 'open' ? (
                    <Countdown deadline={new Date(group.deadline)} onExpire={onExpire} />
                  ) : (
                    <Text className={`status-chip status-chip--${group.status}`} data-testid='group-status'>
                      {group.status === 'succeeded' ? GROUP_BUY_TEXT.chipSucceeded : GROUP_BUY_TEXT.chipFailed}
                    </Text>
                  )
                }
              >
                <Text className='group__detail'>{status.detail}</Text>
                <Seats group={group} />
                {action === 'invite' && <ShareButton path={groupPath(group.id)}>{GROUP_BUY_TEXT.invite}</ShareButton>}
                {action === 'join' && <ProfilePrompt hint={GROUP_BUY_TEXT.joinHint} />}
                {action === 'join' && (
                  <Button
                    className='primary-button'
                    data-testid='group-join'
                    disabled={joining || undefined}
                    loading={joining}
                    onClick={() => void join()}
                  >
                    {joining ? GROUP_BUY_TEXT.joining : joinLabel(prices.group)}
                  </Button>
                )}
                {action === 'use-voucher' && (
                  <Button className='primary-button' onClick={() => void Taro.navigateTo({ url: '/packages/coupons/index' })}>
                    {GROUP_BUY_TEXT.viewVoucher}
                  </Button>
                )}
                {action === 'open-another' && (
                  <Button className='primary-button' onClick={() => void Taro.navigateTo({ url: '/packages/group-buy/index' })}>
                    {GROUP_BUY_TEXT.openAnother}
                  </Button>
                )}
              </Section>

              <Section title={GROUP_BUY_TEXT.rulesTitle}>
                <View className='rules'>
                  {groupRules(group).map((line) => (
                    <Text key={line} className='rules__line'>
                      {line}
                    </Text>
                  ))}
                </View>
              </Section>
            </>
          );
        }}
      </Screen>
    </View>
  );
}
