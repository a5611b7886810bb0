import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { listMyActivities } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useRemote } from '../../hooks/use-remote';
import { callAsMember } from '../../services/session';
import { ActivityCard } from './activity-card';
import './community.css';

type When = 'upcoming' | 'past';
const TABS = [
  { value: 'upcoming', label: '即将开始' },
  { value: 'past', label: '已结束' },
] as const;

/** The activities the member signed up for: upcoming (soonest first) and past (latest first). */
export default function MyActivitiesPage() {
  const [when, setWhen] = useState<When>('upcoming');
  // Each answer says which tab it is for: while another tab loads, the list shown keeps its own title.
  const { state, reload } = useRemote(async () => ({
    when,
    activities: (await callAsMember(listMyActivities, { query: { when } })).activities,
  }));
  const shown = useRef(when);
  useEffect(() => {
    if (shown.current === when) return;
    shown.current = when;
    void reload();
  }, [when, reload]);
  useDidShow(() => {
    if (state.kind === 'ready') void reload();
  });

  const now = Date.now();
  return (
    <View className='page community'>
      <Tabs tabs={TABS} value={when} onChange={setWhen} />
      <Screen state={state} onRetry={() => void reload()}>
        {({ when: listed, activities }) => (
          <Section title={listed === 'upcoming' ? '即将开始' : '参加过的活动'}>
            {activities.length === 0 &&
              (listed === 'upcoming' ? (
                <View className='community__empty'>
                  <Empty text='还没有报名活动' />
                  <Text
                    className='community__empty-link'
                    onClick={() => void Taro.navigateTo({ url: '/packages/community/index' })}
                  >
                    去看看近期活动
                  </Text>
                </View>
              ) : (
                <Empty text='还没有结束的活动' />
              ))}
            {activities.map((activity) => (
              <ActivityCard key={activity.id} activity={activity} now={now} />
            ))}
          </Section>
        )}
      </Screen>
    </View>
  );
}
