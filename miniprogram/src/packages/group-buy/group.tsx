import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro';
import { getGroupBuyGroup, joinGroupBuyGroup, quantityText, type GroupBuyGroupView } from '@memberloop/shared';
import { MemberFace, ProfilePrompt } from '../../components/ProfileCard';
import { Countdown } from '../../components/Countdown';
import { Screen, Section } from '../../components/Screen';
import { ShareButton } from '../../components/ShareButton';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, messageOf } from '../../services/api-client';
import { callAsMember } from '../../services/session';
import { DealImage } from './deal-image';
import { dealPrices, groupAction, groupPath, groupSeats, groupStatusText, seatName, timeLimitText } from './group-buy-text';
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
              {seat.member.leader && <Text className='seat__badge'>团长</Text>}
            </View>
            <Text className='seat__name'>{seatName(seat.member)}</Text>
          </View>
        ) : (
          <View key={index} className='seat' data-testid='seat-empty'>
            <View className='seat__empty'>
              <Text className='seat__empty-mark'>?</Text>
            </View>
            <Text className='seat__name seat__name--empty'>待加入</Text>
          </View>
        ),
      )}
      {moreEmpty > 0 && (
        <View className='seat'>
          <View className='seat__empty'>
            <Text className='seat__empty-more'>+{moreEmpty}</Text>
          </View>
          <Text className='seat__name seat__name--empty'>空位</Text>
        </View>
      )}
    </View>
  );
}

/** One group (opened from a share or a message): the deal, who is in, seats left, time left, and joining or sharing. */
export default function GroupPage() {
  const id = useRouter().params.id ?? '';
  const [joining, setJoining] = useState(false);
  const { state, reload, set } = useRemote<GroupBuyGroupView>(() => {
    if (!GROUP_ID.test(id)) throw new ApiCallError('NOT_FOUND', '拼团链接不完整，请让好友重新分享');
    return callAsMember(getGroupBuyGroup, { params: { groupId: id } });
  });
  const group = state.kind === 'ready' ? state.data : undefined;

  useShareAppMessage(() => ({
    title: group
      ? `${dealPrices(group.deal).group}拼「${group.deal.skuName}」，还差 ${quantityText(group.seatsLeft, '人')}，快来参团`
      : '一起拼团更划算',
    path: groupPath(id),
    ...(group?.deal.imageUrl ? { imageUrl: group.deal.imageUrl } : {}),
  }));

  // A filling group changes as friends join: look again now and then while the page is on screen.
  const visible = useRef(true);
  useDidShow(() => {
    visible.current = true;
    if (state.kind === 'ready') void reload();
  });
  useDidHide(() => {
    visible.current = false;
  });
  const filling = group?.status === 'open';
  useEffect(() => {
    if (!filling) return undefined;
    const timer = setInterval(() => visible.current && void reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [filling, reload]);
  const onExpire = useCallback(() => void reload(), [reload]);

  const join = async () => {
    setJoining(true);
    try {
      set(await callAsMember(joinGroupBuyGroup, { params: { groupId: id } }));
      await Taro.showToast({ title: '参团成功', icon: 'success' });
    } catch (error) {
      await Taro.showToast({
        title: messageOf(error, {
          ALREADY_DONE: '你已经在这个团里了',
          LIMIT_REACHED: '你已在这个活动的其他团里，等它结束再参团',
          GROUP_CLOSED: '这个团已经结束了，去看看其他拼团吧',
        }),
        icon: 'none',
      });
      // The group changed under the member (full, over, joined already): show it as it is now.
      if (error instanceof ApiCallError && error.code !== 'NETWORK_ERROR') await reload();
    } finally {
      setJoining(false);
    }
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
                  <Text className='deal__meta'>{quantityText(group.size, '人')}团 · 人满即享拼团价</Text>
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
                      {group.status === 'succeeded' ? '已成团' : '已结束'}
                    </Text>
                  )
                }
              >
                <Text className='group__detail'>{status.detail}</Text>
                <Seats group={group} />
                {action === 'invite' && <ShareButton path={groupPath(group.id)}>邀请好友参团</ShareButton>}
                {action === 'join' && <ProfilePrompt hint='参团后，团长和团友会看到你的头像和昵称。可以跳过，不影响参团。' />}
                {action === 'join' && (
                  <Button className='primary-button' disabled={joining || undefined} onClick={() => void join()}>
                    {`参团 ${prices.group}`}
                  </Button>
                )}
                {action === 'use-voucher' && (
                  <Button className='primary-button' onClick={() => void Taro.navigateTo({ url: '/packages/coupons/index' })}>
                    查看拼团券
                  </Button>
                )}
                {action === 'open-another' && (
                  <Button className='primary-button' onClick={() => void Taro.navigateTo({ url: '/packages/group-buy/index' })}>
                    去开一个新团
                  </Button>
                )}
              </Section>

              <Section title='拼团规则'>
                <View className='rules'>
                  <Text className='rules__line'>
                    1. 开团后 {timeLimitText(group.deal.timeLimitMinutes)}内凑齐 {group.size} 人即成团，每人都享拼团价{' '}
                    {prices.group}
                  </Text>
                  <Text className='rules__line'>2. 成团后拼团价券放入券包，在有效期内到店或线上使用</Text>
                  <Text className='rules__line'>3. 到时间未凑齐人即拼团失败，不会扣款</Text>
                </View>
              </Section>
            </>
          );
        }}
      </Screen>
    </View>
  );
}
