import { useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import {
  joinCommunity,
  leaveCommunity,
  listActivities,
  listCommunities,
  type ActivityView,
  type CommunityView,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, messageOf } from '../../services/api-client';
import { callAsMember } from '../../services/session';
import { ActivityCard } from './activity-card';
import { COMMUNITY_KIND_LABEL } from '../../services/community-kind';
import { announcementsPath } from './activity-text';
import './community.css';

type Tab = 'all' | 'joined';
const TABS = [
  { value: 'all', label: '全部活动' },
  { value: 'joined', label: '我的社群' },
] as const;
const COMMUNITY_ID = /^[0-9a-f]{24}$/;

interface ActivitiesData {
  /** Which tab the list is for (while another loads, the list shown keeps its own wording). */
  tab: Tab;
  activities: ActivityView[];
  /** The community the list is narrowed to (opened as `?communityId=`). */
  community?: CommunityView;
}

/** A community's name, what it is, its members, joining or leaving it, and its announcements. */
function CommunityHeader({ community, onChange }: { community: CommunityView; onChange: (c: CommunityView) => void }) {
  const [busy, setBusy] = useState(false);
  const toggle = async () => {
    if (community.joined) {
      const answer = await Taro.showModal({
        title: '退出社群',
        content: `退出「${community.name}」后不再收到它的公告，已报名的活动不受影响。`,
        confirmText: '退出',
      });
      if (!answer.confirm) return;
    }
    setBusy(true);
    try {
      const options = { params: { communityId: community.id } };
      const result = community.joined ? await callAsMember(leaveCommunity, options) : await callAsMember(joinCommunity, options);
      onChange({ ...community, joined: result.joined, memberCount: community.memberCount + (result.joined ? 1 : -1) });
      await Taro.showToast({ title: result.joined ? '已加入社群' : '已退出社群', icon: 'none' });
    } catch (error) {
      await Taro.showToast({ title: messageOf(error, { FORBIDDEN: '你已被移出这个社群，暂时不能加入' }), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='community-banner'>
      <View className='community-banner__top'>
        <Text className='community-banner__name'>{community.name}</Text>
        <Text className='community-banner__kind'>{COMMUNITY_KIND_LABEL[community.kind]}</Text>
      </View>
      {community.description !== '' && <Text className='community-banner__text'>{community.description}</Text>}
      <View className='community-banner__foot'>
        <Text className='community-banner__count'>{community.memberCount} 位成员</Text>
        {community.joined && (
          <Text className='community-banner__link' onClick={() => void Taro.navigateTo({ url: announcementsPath(community.id) })}>
            社群公告
          </Text>
        )}
        <Button
          size='mini'
          className={community.joined ? 'community-banner__leave' : 'primary-button'}
          disabled={busy || undefined}
          onClick={() => void toggle()}
        >
          {community.joined ? '已加入' : '加入社群'}
        </Button>
      </View>
    </View>
  );
}

/** Published activities, soonest first: all of them, those of the member's communities, or one community's. */
export default function CommunityActivitiesPage() {
  const params = useRouter().params;
  const communityId = params.communityId && COMMUNITY_ID.test(params.communityId) ? params.communityId : undefined;
  const [tab, setTab] = useState<Tab>('all');
  const { state, reload, set } = useRemote<ActivitiesData>(async () => {
    if (params.communityId !== undefined && !communityId) throw new ApiCallError('NOT_FOUND', '社群链接不完整');
    if (!communityId) {
      const { activities } = await callAsMember(listActivities, { query: { joined: tab === 'joined' ? 'true' : 'false' } });
      return { tab, activities };
    }
    const [{ activities }, { communities }] = await Promise.all([
      callAsMember(listActivities, { query: { communityId } }),
      callAsMember(listCommunities),
    ]);
    const community = communities.find((c) => c.id === communityId);
    if (!community) throw new ApiCallError('NOT_FOUND', '这个社群不存在或已解散');
    return { tab, activities, community };
  });

  const shownTab = useRef(tab);
  useEffect(() => {
    if (shownTab.current === tab) return;
    shownTab.current = tab;
    void reload();
  }, [tab, reload]);
  // Back from an activity: the member may have signed up or cancelled.
  useDidShow(() => {
    if (state.kind === 'ready') void reload();
  });

  const now = Date.now();
  return (
    <View className='page community'>
      {!communityId && (
        <>
          <View className='community-hero'>
            <View className='community-hero__text'>
              <Text className='community-hero__title'>会员社群活动</Text>
              <Text className='community-hero__hint'>沙龙、试用、直播，到场签到还能领积分</Text>
            </View>
          </View>
          <View className='community-shortcuts'>
            <View className='community-shortcut' onClick={() => void Taro.navigateTo({ url: '/packages/community/mine' })}>
              <Text className='community-shortcut__label'>我的活动</Text>
              <Text className='community-shortcut__hint'>报名、候补与签到码</Text>
            </View>
            <View className='community-shortcut' onClick={() => void Taro.navigateTo({ url: '/packages/community/communities' })}>
              <Text className='community-shortcut__label'>全部社群</Text>
              <Text className='community-shortcut__hint'>加入感兴趣的社群</Text>
            </View>
          </View>
          <Tabs tabs={TABS} value={tab} onChange={setTab} />
        </>
      )}
      <Screen state={state} onRetry={() => void reload()}>
        {(data) => (
          <>
            {data.community && (
              <CommunityHeader community={data.community} onChange={(community) => set({ ...data, community })} />
            )}
            <Section title={data.community ? '社群活动' : '近期活动'}>
              {data.activities.length === 0 && (
                <Empty
                  text={
                    data.community
                      ? '这个社群暂时没有活动，敬请期待'
                      : data.tab === 'joined'
                        ? '你加入的社群暂时没有活动，去「全部社群」看看吧'
                        : '暂时没有活动，敬请期待'
                  }
                />
              )}
              {data.activities.map((activity) => (
                <ActivityCard key={activity.id} activity={activity} now={now} />
              ))}
            </Section>
          </>
        )}
      </Screen>
    </View>
  );
}
