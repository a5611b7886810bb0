import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  dailySignIn,
  getMyTasks,
  getPointsHistory,
  getSignInCalendar,
  ordinalText,
  quantityText,
  signedQuantityText,
  type MemberTasks,
  type PointsHistory,
  type SignInCalendar,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { messageOf } from '../../services/api-client';
import { fullDayText } from '../../services/date-text';
import {
  pendingPointsText,
  pointsChangeText,
  pointsEntryText,
  POINTS_KIND_LABEL,
  signedInText,
} from '../../services/points-text';
import { callAsMember } from '../../services/session';
import './index.css';

interface PointsData {
  calendar: SignInCalendar;
  tasks: MemberTasks;
  history: PointsHistory;
}

/** Daily sign-in with the streak, this month's tasks, and the points statement a page at a time. */
export default function PointsPage() {
  const { state, reload, set } = useRemote<PointsData>(async () => {
    const [calendar, tasks, history] = await Promise.all([
      callAsMember(getSignInCalendar),
      callAsMember(getMyTasks),
      callAsMember(getPointsHistory, { query: { limit: 20 } }),
    ]);
    return { calendar, tasks, history };
  });
  const [busy, setBusy] = useState(false);

  const signIn = async () => {
    setBusy(true);
    try {
      const result = await callAsMember(dailySignIn);
      await Taro.showToast({
        title: result.signedIn ? signedInText(result.pointsEarned + result.bonusPoints) : '今天已经签到过了',
        icon: 'none',
      });
      await reload();
    } catch (error) {
      await Taro.showToast({ title: messageOf(error), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  const loadMore = async (data: PointsData) => {
    if (!data.history.nextCursor) return;
    try {
      const next = await callAsMember(getPointsHistory, { query: { limit: 20, cursor: data.history.nextCursor } });
      set({
        ...data,
        history: { ...data.history, entries: [...data.history.entries, ...next.entries], nextCursor: next.nextCursor },
      });
    } catch (error) {
      await Taro.showToast({ title: messageOf(error), icon: 'none' });
    }
  };

  return (
    <View className='page points'>
      <Screen state={state} onRetry={() => void reload()}>
        {(data) => (
          <>
            <Section
              title='每日签到'
              extra={<Text className='points__streak'>已连续签到 {quantityText(data.calendar.streak, '天')}</Text>}
            >
              <View className='points__days'>
                {data.calendar.streakBonuses.map((bonus) => (
                  <View
                    key={bonus.streakDay}
                    className={`points__day ${data.calendar.streak >= bonus.streakDay ? 'points__day--done' : ''}`}
                  >
                    <Text className='points__day-label'>{ordinalText(bonus.streakDay, '天')}</Text>
                    <Text className='points__day-bonus'>+{bonus.points}</Text>
                  </View>
                ))}
              </View>
              <Text className='points__hint'>
                每天签到 {signedQuantityText(data.calendar.dailyPoints, '积分')}，本月已签{' '}
                {quantityText(data.calendar.daysThisMonth.length, '天')}
              </Text>
              <Button
                className='primary-button'
                disabled={busy || data.calendar.signedInToday || undefined}
                onClick={() => void signIn()}
              >
                {data.calendar.signedInToday ? '今日已签到' : '立即签到'}
              </Button>
            </Section>

            <Section title={`本月任务 · ${data.tasks.month}`}>
              {data.tasks.tasks.map((task) => (
                <View key={task.code} className='points__task'>
                  <View className='points__task-text'>
                    <Text className='points__task-title'>{task.title}</Text>
                    <Text className='points__task-reward'>
                      奖励 {quantityText(task.bonusPoints, '积分')} + 「{task.badge.name}」徽章
                    </Text>
                  </View>
                  <Text className={`points__task-progress ${task.completed ? 'points__task-progress--done' : ''}`}>
                    {task.completed ? '已完成' : `${task.progress}/${task.target}`}
                  </Text>
                </View>
              ))}
              {data.tasks.badges.length > 0 && (
                <View className='points__badges'>
                  {data.tasks.badges.map((badge) => (
                    <Text key={badge.code} className='points__badge'>
                      🏅 {badge.name} ×{badge.timesEarned}
                    </Text>
                  ))}
                </View>
              )}
            </Section>

            <Section title='积分明细'>
              {(data.history.pending ?? []).map((pending) => {
                const text = pendingPointsText(pending);
                return (
                  <View key={pending.code} className='points__entry points__entry--pending' data-testid='points-pending'>
                    <View className='points__entry-text'>
                      <Text className='points__entry-reason'>{text.title}</Text>
                      <Text className='points__entry-meta'>{text.detail}</Text>
                    </View>
                    <Text className='points__entry-points points__entry-points--pending'>{text.amount}</Text>
                  </View>
                );
              })}
              {data.history.entries.length === 0 && <Empty text='还没有积分记录，消费或签到即可获得积分' />}
              {data.history.entries.map((entry) => {
                const text = pointsEntryText(entry);
                return (
                  <View key={entry.id} className='points__entry' data-testid='points-entry'>
                    <View className='points__entry-text'>
                      <Text className='points__entry-reason'>{text.title}</Text>
                      <Text className='points__entry-meta'>
                        {POINTS_KIND_LABEL[entry.kind]} · {fullDayText(entry.occurredAt)}
                      </Text>
                      {text.order && <Text className='points__entry-order'>{text.order}</Text>}
                    </View>
                    <Text className={`points__entry-points ${entry.points > 0 ? 'points__entry-points--plus' : ''}`}>
                      {pointsChangeText(entry.points)}
                    </Text>
                  </View>
                );
              })}
              {data.history.nextCursor && (
                <Button size='mini' className='points__more' onClick={() => void loadMore(data)}>
                  加载更多
                </Button>
              )}
            </Section>
          </>
        )}
      </Screen>
    </View>
  );
}
