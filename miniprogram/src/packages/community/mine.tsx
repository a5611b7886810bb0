import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { listMyActivities } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useRemote } from '../../hooks/use-remote';
import { callAsMember } from '../../services/session';
import { ActivityCard } from './activity-card';
import { COMMUNITY_TEXT } from './community-text';
import './community.css';

type When = 'upcoming' | 'past';
const TABS = [
  { value: 'upcoming', label: COMMUNITY_TEXT.upcoming },
  { value: 'past', label: COMMUNITY_TEXT.past },
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
          <Section title={listed === 'upcoming' ? COMMUNITY_TEXT.upcoming : COMMUNITY_TEXT.pastTitle}>
            {activities.length === 0 &&
              (listed === 'upcoming' ? (
                <View className='community__empty'>
                  <Empty text={COMMUNITY_TEXT.noUpcoming} />
                  <Text
                    className='community__empty-link'
                    onClick={() => void Taro.navigateTo({ url: '/packages/community/index' })}
                  >
                    {COMMUNITY_TEXT.seeActivities}
                  </Text>
                </View>
              ) : (
                <Empty text={COMMUNITY_TEXT.noPast} />
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
