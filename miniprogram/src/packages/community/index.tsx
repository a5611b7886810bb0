import { useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { listActivities, listCommunities, type ActivityView, type CommunityView } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError } from '../../services/api-client';
import { callAsMember } from '../../services/session';
import { ActivityCard } from './activity-card';
import { COMMUNITY_KIND_LABEL } from '../../services/community-kind';
import { announcementsPath } from './activity-text';
import { COMMUNITY_TEXT, memberCountText } from './community-text';
import { useMembership } from './use-membership';
import './community.css';

type Tab = 'all' | 'joined';
const TABS = [
  { value: 'all', label: COMMUNITY_TEXT.tabAll },
  { value: 'joined', label: COMMUNITY_TEXT.tabJoined },
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
  const { busy, toggle } = useMembership();
  const change = async () => {
    const changed = await toggle(community);
    if (changed) onChange(changed);
  };
  return (
    <View className='community-banner'>
      <View className='community-banner__top'>
        <Text className='community-banner__name'>{community.name}</Text>
        <Text className='community-banner__kind'>{COMMUNITY_KIND_LABEL[community.kind]}</Text>
      </View>
      {community.description !== '' && <Text className='community-banner__text'>{community.description}</Text>}
      <View className='community-banner__foot'>
        <Text className='community-banner__count'>{memberCountText(community.memberCount)}</Text>
        {community.joined && (
          <Text className='community-banner__link' onClick={() => void Taro.navigateTo({ url: announcementsPath(community.id) })}>
            {COMMUNITY_TEXT.announcements}
          </Text>
        )}
        <Button
          size='mini'
          className={community.joined ? 'community-banner__leave' : 'primary-button'}
          data-testid='community-membership'
          disabled={busy || undefined}
          loading={busy}
          onClick={() => void change()}
        >
          {busy
            ? community.joined
              ? COMMUNITY_TEXT.leaving
              : COMMUNITY_TEXT.joining
            : community.joined
              ? COMMUNITY_TEXT.joinedButton
              : COMMUNITY_TEXT.joinButton}
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
    if (params.communityId !== undefined && !communityId) throw new ApiCallError('NOT_FOUND', COMMUNITY_TEXT.brokenCommunityLink);
    if (!communityId) {
      const { activities } = await callAsMember(listActivities, { query: { joined: tab === 'joined' ? 'true' : 'false' } });
      return { tab, activities };
    }
    const [{ activities }, { communities }] = await Promise.all([
      callAsMember(listActivities, { query: { communityId } }),
      callAsMember(listCommunities),
    ]);
    const community = communities.find((c) => c.id === communityId);
    if (!community) throw new ApiCallError('NOT_FOUND', COMMUNITY_TEXT.noSuchCommunity);
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
              <Text className='community-hero__title'>{COMMUNITY_TEXT.heroTitle}</Text>
              <Text className='community-hero__hint'>{COMMUNITY_TEXT.heroHint}</Text>
            </View>
          </View>
          <View className='community-shortcuts'>
            <View className='community-shortcut' onClick={() => void Taro.navigateTo({ url: '/packages/community/mine' })}>
              <Text className='community-shortcut__label'>{COMMUNITY_TEXT.myActivities}</Text>
              <Text className='community-shortcut__hint'>{COMMUNITY_TEXT.myActivitiesHint}</Text>
            </View>
            <View className='community-shortcut' onClick={() => void Taro.navigateTo({ url: '/packages/community/communities' })}>
              <Text className='community-shortcut__label'>{COMMUNITY_TEXT.allCommunities}</Text>
              <Text className='community-shortcut__hint'>{COMMUNITY_TEXT.allCommunitiesHint}</Text>
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
            <Section title={data.community ? COMMUNITY_TEXT.communityActivities : COMMUNITY_TEXT.upcomingActivities}>
              {data.activities.length === 0 && (
                <Empty
                  text={
                    data.community
                      ? COMMUNITY_TEXT.noCommunityActivities
                      : data.tab === 'joined'
                        ? COMMUNITY_TEXT.noJoinedActivities
                        : COMMUNITY_TEXT.noActivities
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
