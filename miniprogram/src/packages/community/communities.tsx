import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { joinCommunity, leaveCommunity, listCommunities, type CommunityView } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { messageOf } from '../../services/api-client';
import { callAsMember } from '../../services/session';
import { COMMUNITY_KIND_LABEL } from '../../services/community-kind';
import { announcementsPath } from './activity-text';
import './community.css';

/** Every community: what it is, how many belong, joining and leaving; tap one for its activities. */
export default function CommunitiesPage() {
  const [busy, setBusy] = useState<string>();
  const { state, reload, set } = useRemote(async () => (await callAsMember(listCommunities)).communities);
  useDidShow(() => {
    if (state.kind === 'ready') void reload();
  });

  const toggle = async (communities: CommunityView[], community: CommunityView) => {
    if (community.joined) {
      const answer = await Taro.showModal({
        title: '退出社群',
        content: `退出「${community.name}」后不再收到它的公告，已报名的活动不受影响。`,
        confirmText: '退出',
      });
      if (!answer.confirm) return;
    }
    setBusy(community.id);
    try {
      const options = { params: { communityId: community.id } };
      const result = community.joined ? await callAsMember(leaveCommunity, options) : await callAsMember(joinCommunity, options);
      set(
        communities.map((c) =>
          c.id === community.id ? { ...c, joined: result.joined, memberCount: c.memberCount + (result.joined ? 1 : -1) } : c,
        ),
      );
      await Taro.showToast({ title: result.joined ? '已加入社群' : '已退出社群', icon: 'none' });
    } catch (error) {
      await Taro.showToast({ title: messageOf(error, { FORBIDDEN: '你已被移出这个社群，暂时不能加入' }), icon: 'none' });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <View className='page community'>
      <Screen state={state} onRetry={() => void reload()}>
        {(communities) => (
          <Section title='全部社群' extra={<Text className='community__hint'>加入后可收到社群公告</Text>}>
            {communities.length === 0 && <Empty text='暂时还没有社群，敬请期待' />}
            {communities.map((community) => (
              <View
                key={community.id}
                className='community-row'
                data-testid='community'
                onClick={() => void Taro.navigateTo({ url: `/packages/community/index?communityId=${community.id}` })}
              >
                <View className='community-row__mark'>
                  <Text className='community-row__initial'>{Array.from(community.name)[0]}</Text>
                </View>
                <View className='community-row__body'>
                  <View className='community-row__line'>
                    <Text className='community-row__name'>{community.name}</Text>
                    <Text className='chip chip--closed'>{COMMUNITY_KIND_LABEL[community.kind]}</Text>
                  </View>
                  {community.description !== '' && <Text className='community-row__text'>{community.description}</Text>}
                  <View className='community-row__line'>
                    <Text className='community-row__meta'>{community.memberCount} 位成员</Text>
                    {community.joined && (
                      <Text
                        className='community-row__link'
                        onClick={(event) => {
                          event.stopPropagation();
                          void Taro.navigateTo({ url: announcementsPath(community.id) });
                        }}
                      >
                        公告
                      </Text>
                    )}
                  </View>
                </View>
                <Button
                  size='mini'
                  className={community.joined ? 'community-row__leave' : 'primary-button'}
                  disabled={busy === community.id || undefined}
                  onClick={(event) => {
                    event.stopPropagation();
                    void toggle(communities, community);
                  }}
                >
                  {community.joined ? '已加入' : '加入'}
                </Button>
              </View>
            ))}
          </Section>
        )}
      </Screen>
    </View>
  );
}
