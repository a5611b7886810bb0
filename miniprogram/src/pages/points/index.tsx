import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import {
  dailySignIn,
  getMyTasks,
  getPointsHistory,
  getSignInCalendar,
  type MemberTasks,
  type PointsEntryView,
  type PointsHistory,
  type SignInCalendar,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { usePaged, type Paged } from '../../hooks/use-paged';
import { useRemote } from '../../hooks/use-remote';
import { fullDayText } from '../../services/date-text';
import {
  pendingPointsText,
  pointsChangeText,
  pointsEntryText,
  POINTS_KIND_LABEL,
  signedInText,
} from '../../services/points-text';
import { callAsMember } from '../../services/session';
import {
  badgeText,
  POINTS_PAGE_TEXT as TEXT,
  signInHintText,
  streakDayText,
  streakText,
  taskProgressText,
  taskRewardText,
  tasksTitleText,
} from './points-page-text';
import './index.css';

const PAGE_SIZE = 20;

interface PointsData {
  calendar: SignInCalendar;
  tasks: MemberTasks;
}

/** The statement a page at a time: the points on their way (first page), then each line, newest first. */
function PointsStatement({ history }: { history: Paged<PointsEntryView, PointsHistory> }) {
  if (!history.first) {
    return <Text className='screen__status'>{history.failure ?? TEXT.loadingMore}</Text>;
  }
  return (
    <>
      {(history.first.pending ?? []).map((pending) => {
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
      {history.items.length === 0 && <Empty text={TEXT.historyEmpty} />}
      {history.items.map((entry) => {
        const text = pointsEntryText(entry);
        return (
          <View key={entry.id} className='points__entry' data-testid='points-entry'>
            <View className='points__entry-text'>
              <Text className='points__entry-reason'>{text.title}</Text>
              <Text className='points__entry-meta'>
                {POINTS_KIND_LABEL[entry.kind]} · {fullDayText(entry.occurredAt)}
              </Text>
              {text.order && <Text className='points__entry-order'>{text.order}</Text>}
              {text.abroad && (
                <Text className='points__entry-order' data-testid='points-entry-abroad'>
                  {text.abroad}
                </Text>
              )}
            </View>
            <Text className={`points__entry-points ${entry.points > 0 ? 'points__entry-points--plus' : ''}`}>
              {pointsChangeText(entry.points)}
            </Text>
          </View>
        );
      })}
      {history.problem && <Text className='screen__status screen__status--error'>{history.problem}</Text>}
      {history.done ? (
        history.items.length > 0 && <Text className='screen__empty'>{TEXT.historyEnd}</Text>
      ) : (
        <Button
          size='mini'
          className='points__more'
          data-testid='points-more'
          disabled={history.loading !== false || undefined}
          onClick={() => void history.more()}
        >
          {history.loading === 'more' ? TEXT.loadingMore : TEXT.loadMore}
        </Button>
      )}
    </>
  );
}

/** Daily sign-in with the streak, this month's tasks, and the points statement a page at a time. */
export default function PointsPage() {
  const { state, reload } = useRemote<PointsData>(async () => {
    const [calendar, tasks] = await Promise.all([callAsMember(getSignInCalendar), callAsMember(getMyTasks)]);
    return { calendar, tasks };
  });
  // Bumped after a sign-in: the statement starts over with the new line on top.
  const [statementVersion, setStatementVersion] = useState(0);
  const history = usePaged<PointsEntryView, PointsHistory>(
    {
      fetch: (cursor) => callAsMember(getPointsHistory, { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } }),
      items: (page) => page.entries,
      key: (entry) => entry.id,
    },
    [statementVersion],
  );
  const { busy, run } = useAction();

  const signIn = async () => {
    const result = await run(() => callAsMember(dailySignIn), 'sign-in', {
      success: (done) => (done.signedIn ? signedInText(done.pointsEarned + done.bonusPoints) : TEXT.alreadySignedIn),
    });
    if (result === undefined) return;
    setStatementVersion((n) => n + 1);
    await reload();
  };

  return (
    <View className='page points'>
      <Screen state={state} onRetry={() => void reload()}>
        {(data) => (
          <>
            <Section title={TEXT.signInTitle} extra={<Text className='points__streak'>{streakText(data.calendar.streak)}</Text>}>
              <View className='points__days'>
                {data.calendar.streakBonuses.map((bonus) => (
                  <View
                    key={bonus.streakDay}
                    className={`points__day ${data.calendar.streak >= bonus.streakDay ? 'points__day--done' : ''}`}
                  >
                    <Text className='points__day-label'>{streakDayText(bonus.streakDay)}</Text>
                    <Text className='points__day-bonus'>{pointsChangeText(bonus.points)}</Text>
                  </View>
                ))}
              </View>
              <Text className='points__hint'>
                {signInHintText(data.calendar.dailyPoints, data.calendar.daysThisMonth.length)}
              </Text>
              <Button
                className='primary-button'
                data-testid='sign-in'
                disabled={busy || data.calendar.signedInToday || undefined}
                loading={busy || undefined}
                onClick={() => void signIn()}
              >
                {data.calendar.signedInToday ? TEXT.signedInToday : busy ? TEXT.signingIn : TEXT.signIn}
              </Button>
            </Section>

            <Section title={tasksTitleText(data.tasks.month)}>
              {data.tasks.tasks.map((task) => (
                <View key={task.code} className='points__task'>
                  <View className='points__task-text'>
                    <Text className='points__task-title'>{task.title}</Text>
                    <Text className='points__task-reward'>{taskRewardText(task.bonusPoints, task.badge.name)}</Text>
                  </View>
                  <Text className={`points__task-progress ${task.completed ? 'points__task-progress--done' : ''}`}>
                    {task.completed ? TEXT.taskDone : taskProgressText(task.progress, task.target)}
                  </Text>
                </View>
              ))}
              {data.tasks.badges.length > 0 && (
                <View className='points__badges'>
                  {data.tasks.badges.map((badge) => (
                    <Text key={badge.code} className='points__badge'>
                      {badgeText(badge.name, badge.timesEarned)}
                    </Text>
                  ))}
                </View>
              )}
            </Section>

            <Section title={TEXT.historyTitle}>
              <PointsStatement history={history} />
            </Section>
          </>
        )}
      </Screen>
    </View>
  );
}
