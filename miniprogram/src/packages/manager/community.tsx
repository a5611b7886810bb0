import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { getCommunityFigures, listCommunityActivities, listStaffCommunities } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError } from '../../services/api-client';
import { COMMUNITY_KIND_LABEL } from '../../services/community-kind';
import { callAsMember } from '../../services/session';
import { StaffActivityRow } from './activity-row';
import { percentText } from './chart-data';
import { COMMUNITY_TEXT as T } from './desk-text';
import './manager.css';

const COMMUNITY_ID = /^[0-9a-f]{24}$/;

/** One community the manager runs: its figures, the tools for it, and every activity (drafts included). */
export default function StaffCommunityPage() {
  const id = useRouter().params.id ?? '';
  const { state, reload } = useRemote(async () => {
    if (!COMMUNITY_ID.test(id)) throw new ApiCallError('NOT_FOUND', T.linkBroken);
    const [{ communities }, { activities }, figures] = await Promise.all([
      callAsMember(listStaffCommunities),
      callAsMember(listCommunityActivities, { params: { communityId: id } }),
      callAsMember(getCommunityFigures, { params: { communityId: id } }),
    ]);
    const community = communities.find((c) => c.id === id);
    if (!community) throw new ApiCallError('FORBIDDEN', T.notYours);
    return { community, activities, figures };
  });
  // Back from the form or an activity: show what changed.
  useDidShow(() => {
    if (state.kind === 'ready') void reload();
  });

  const tools = [
    { label: T.announce, url: `/packages/manager/announce?communityId=${id}` },
    { label: T.coupon, url: `/packages/manager/coupon?communityId=${id}` },
    { label: T.members, url: `/packages/manager/members?communityId=${id}` },
    { label: T.dashboard, url: `/packages/manager/dashboard?communityId=${id}` },
  ];
  const now = Date.now();

  return (
    <View className='page manager'>
      <Screen state={state} onRetry={() => void reload()}>
        {({ community, activities, figures }) => (
          <>
            <View className='manager-hero'>
              <View className='manager-hero__line'>
                <Text className='manager-hero__title'>{community.name}</Text>
                <Text className='manager-hero__tag'>{COMMUNITY_KIND_LABEL[community.kind]}</Text>
              </View>
              <View className='figures'>
                <View className='figures__item'>
                  <Text className='figures__value'>{figures.members}</Text>
                  <Text className='figures__label'>{T.memberCount}</Text>
                </View>
                <View className='figures__item'>
                  <Text className='figures__value'>{figures.activeMembers}</Text>
                  <Text className='figures__label'>{T.active(figures.windowDays)}</Text>
                </View>
                <View className='figures__item'>
                  <Text className='figures__value'>{percentText(figures.signUps.rate)}</Text>
                  <Text className='figures__label'>{T.signUpRate}</Text>
                </View>
                <View className='figures__item'>
                  <Text className='figures__value'>{percentText(figures.attendance.rate)}</Text>
                  <Text className='figures__label'>{T.attendanceRate}</Text>
                </View>
              </View>
            </View>

            <View className='manager-grid'>
              {tools.map((tool) => (
                <Text key={tool.label} className='manager-grid__item' onClick={() => void Taro.navigateTo({ url: tool.url })}>
                  {tool.label}
                </Text>
              ))}
            </View>

            <Section
              title={T.activities}
              extra={
                <Button
                  size='mini'
                  className='primary-button manager__new'
                  onClick={() => void Taro.navigateTo({ url: `/packages/manager/activity-form?communityId=${id}` })}
                >
                  {T.newActivity}
                </Button>
              }
            >
              {activities.length === 0 && <Empty text={T.noActivities} />}
              {activities.map((activity) => (
                <StaffActivityRow key={activity.id} activity={activity} now={now} />
              ))}
            </Section>
          </>
        )}
      </Screen>
    </View>
  );
}
