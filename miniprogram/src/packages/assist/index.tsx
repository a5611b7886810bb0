import { useCallback, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro';
import {
  getAssistTask,
  helpAssistTask,
  listAssistCampaigns,
  listMyAssistTasks,
  startAssistTask,
  type AssistCampaignView,
  type AssistTaskView,
} from '@memberloop/shared';
import { MemberFace, personName } from '../../components/ProfileCard';
import { Countdown } from '../../components/Countdown';
import { Empty, Screen, Section } from '../../components/Screen';
import { ShareButton } from '../../components/ShareButton';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError } from '../../services/api-client';
import { dateTimeText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import {
  ASSIST_TEXT,
  assistAction,
  assistProgress,
  assistTaskPath,
  campaignAskText,
  campaignEndText,
  campaignRewardText,
  HELP_REFUSALS,
  helperSlots,
  invitedByText,
  myTaskButtonText,
  rewardText,
  START_REFUSALS,
  TASK_STATUS_LABEL,
  taskRewardText,
  taskRules,
  taskShareTitle,
} from './assist-text';
import './index.css';

const TASK_ID = /^[0-9a-f]{24}$/;
const CAMPAIGNS_PATH = '/packages/assist/index';

function ProgressBar({ task }: { task: AssistTaskView }) {
  const progress = assistProgress(task);
  const percent = Math.round(progress.ratio * 100);
  return (
    <View className='assist-progress'>
      <View className='assist-progress__head'>
        <Text className='assist-progress__text'>{progress.text}</Text>
        <Text className='assist-progress__count' data-testid='assist-count'>
          {progress.count}
        </Text>
      </View>
      <View
        className='assist-progress__track'
        aria-valuenow={percent}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-label={ASSIST_TEXT.progressLabel}
      >
        <View className='assist-progress__fill' style={{ width: `${percent}%` }} />
      </View>
    </View>
  );
}

/** The campaigns running now, and the member's own tasks. */
function AssistCampaigns() {
  const [starting, setStarting] = useState<string>();
  // One task started at a time: a second tap while it runs sends nothing.
  const { busy, run } = useAction();
  const { state, reload } = useRemote(async () => {
    const [{ campaigns }, { tasks }] = await Promise.all([callAsMember(listAssistCampaigns), callAsMember(listMyAssistTasks)]);
    return { campaigns, tasks };
  });
  useDidShow(() => {
    if (state.kind === 'ready') void reload();
  });
  useShareAppMessage(() => ({ title: ASSIST_TEXT.campaignsShare, path: CAMPAIGNS_PATH }));

  const start = async (campaign: AssistCampaignView) => {
    if (busy) return;
    setStarting(campaign.id);
    await run(
      async () => {
        // One task per member and campaign: starting again returns the same task, so a retry is safe.
        const task = await callAsMember(startAssistTask, { params: { campaignId: campaign.id } });
        // Still busy until the task's page is on: a second tap meanwhile starts nothing.
        await Taro.navigateTo({ url: assistTaskPath(task.id) });
        return task;
      },
      campaign.id,
      { refusals: START_REFUSALS },
    );
    setStarting(undefined);
  };

  return (
    <View className='page assist'>
      <Screen state={state} onRetry={() => void reload()}>
        {({ campaigns, tasks }) => (
          <>
            <Section title={ASSIST_TEXT.campaignsTitle} extra={<Text className='assist__hint'>{ASSIST_TEXT.campaignsHint}</Text>}>
              {campaigns.length === 0 && <Empty text={ASSIST_TEXT.noCampaigns} />}
              {campaigns.map((campaign) => {
                const mine = tasks.find((task) => task.campaignId === campaign.id);
                return (
                  <View key={campaign.id} className='campaign' data-testid='campaign'>
                    <View className='campaign__text'>
                      <Text className='campaign__title'>{campaign.title}</Text>
                      <Text className='campaign__reward'>{campaignRewardText(campaign.reward)}</Text>
                      <Text className='campaign__meta'>{campaignAskText(campaign)}</Text>
                      <Text className='campaign__meta'>{campaignEndText(dateTimeText(campaign.endsAt))}</Text>
                    </View>
                    {mine ? (
                      <Button
                        size='mini'
                        className='campaign__view'
                        onClick={() => void Taro.navigateTo({ url: assistTaskPath(mine.id) })}
                      >
                        {myTaskButtonText(mine)}
                      </Button>
                    ) : (
                      <Button
                        size='mini'
                        className='primary-button'
                        data-testid='campaign-start'
                        disabled={busy || undefined}
                        onClick={() => void start(campaign)}
                      >
                        {starting === campaign.id ? ASSIST_TEXT.starting : ASSIST_TEXT.start}
                      </Button>
                    )}
                  </View>
                );
              })}
            </Section>

            <Section title={ASSIST_TEXT.mineTitle}>
              {tasks.length === 0 && <Empty text={ASSIST_TEXT.noTasks} />}
              {tasks.map((task) => (
                <View
                  key={task.id}
                  className='my-task'
                  data-testid='my-task'
                  onClick={() => void Taro.navigateTo({ url: assistTaskPath(task.id) })}
                >
                  <View className='my-task__text'>
                    <Text className='my-task__title'>{task.title}</Text>
                    {task.status === 'open' ? (
                      <Countdown deadline={new Date(task.deadline)} onExpire={() => void reload()} />
                    ) : (
                      <Text className='my-task__meta'>{rewardText(task.reward)}</Text>
                    )}
                  </View>
                  <View className='my-task__side'>
                    <Text className={`status-chip status-chip--${task.status}`}>{TASK_STATUS_LABEL[task.status]}</Text>
                    <Text className='my-task__count'>{assistProgress(task).count}</Text>
                  </View>
                </View>
              ))}
            </Section>
          </>
        )}
      </Screen>
    </View>
  );
}

/** One task, opened by its starter or by a friend from a share: who helped, how many more, the time left. */
function AssistTask({ taskId }: { taskId: string }) {
  // One help at a time: a second tap while it runs sends nothing and never shows an error over the success.
  const { busy: helping, run } = useAction();
  const { state, reload, set } = useRemote<AssistTaskView>(() => {
    if (!TASK_ID.test(taskId)) throw new ApiCallError('NOT_FOUND', ASSIST_TEXT.brokenLink);
    return callAsMember(getAssistTask, { params: { taskId } });
  });
  const task = state.kind === 'ready' ? state.data : undefined;
  useDidShow(() => {
    if (state.kind === 'ready') void reload();
  });
  useShareAppMessage(() => ({
    title: task ? taskShareTitle(task) : ASSIST_TEXT.taskShareFallback,
    path: assistTaskPath(taskId),
  }));
  const onExpire = useCallback(() => void reload(), [reload]);

  const help = async () => {
    let refused = false;
    await run(
      async () => {
        try {
          // The task as the help left it: the button reads 你已助力 before another tap can land.
          const helped = await callAsMember(helpAssistTask, { params: { taskId } });
          set(helped);
          return helped;
        } catch (error) {
          refused = error instanceof ApiCallError && error.code !== 'NETWORK_ERROR';
          throw error;
        }
      },
      `help:${taskId}`,
      { success: ASSIST_TEXT.helpedToast, refusals: HELP_REFUSALS },
    );
    // The task changed under the member (over, helped already): show it as it is now.
    if (refused) await reload();
  };

  return (
    <View className='page assist'>
      <Screen state={state} onRetry={() => void reload()}>
        {(task) => {
          const action = assistAction(task);
          const slots = helperSlots(task);
          return (
            <>
              <View className='assist-hero'>
                {task.mine ? (
                  <Text className='assist-hero__who'>{ASSIST_TEXT.myTask}</Text>
                ) : (
                  <View className='assist-hero__starter' data-testid='assist-starter'>
                    <MemberFace person={task.starter} url={task.starter.avatarUrl} size={56} />
                    <Text className='assist-hero__who'>{invitedByText(personName(task.starter))}</Text>
                  </View>
                )}
                <Text className='assist-hero__title'>{task.title}</Text>
                <Text className='assist-hero__reward'>{taskRewardText(task)}</Text>
              </View>

              <Section
                title={ASSIST_TEXT.progressTitle}
                extra={
                  task.status === 'open' ? (
                    <Countdown deadline={new Date(task.deadline)} onExpire={onExpire} />
                  ) : (
                    <Text className={`status-chip status-chip--${task.status}`} data-testid='task-status'>
                      {TASK_STATUS_LABEL[task.status]}
                    </Text>
                  )
                }
              >
                <ProgressBar task={task} />
                <View className='helpers'>
                  {slots.helpers.map((helper, index) => (
                    <View key={index} className='helper' data-testid='helper'>
                      <MemberFace person={helper} url={helper.avatarUrl} size={88} />
                      <Text className='helper__name'>{personName(helper)}</Text>
                    </View>
                  ))}
                  {Array.from({ length: slots.empty }, (_, index) => (
                    <View key={`empty-${index}`} className='helper'>
                      <View className='helper__empty'>
                        <Text className='helper__empty-mark'>?</Text>
                      </View>
                      <Text className='helper__name helper__name--empty'>{ASSIST_TEXT.helperWaiting}</Text>
                    </View>
                  ))}
                  {slots.moreEmpty > 0 && (
                    <View className='helper'>
                      <View className='helper__empty'>
                        <Text className='helper__empty-more'>+{slots.moreEmpty}</Text>
                      </View>
                      <Text className='helper__name helper__name--empty'>{ASSIST_TEXT.helperWaiting}</Text>
                    </View>
                  )}
                </View>
                {action === 'share' && <ShareButton path={assistTaskPath(task.id)}>{ASSIST_TEXT.invite}</ShareButton>}
                {action === 'help' && (
                  <Button
                    className='primary-button'
                    data-testid='assist-help'
                    disabled={helping || undefined}
                    loading={helping}
                    onClick={() => void help()}
                  >
                    {helping ? ASSIST_TEXT.helping : ASSIST_TEXT.help}
                  </Button>
                )}
                {action === 'helped' && (
                  <Button className='primary-button' disabled>
                    {ASSIST_TEXT.helped}
                  </Button>
                )}
                {(action === 'helped' || action === 'start-own') && (
                  <Button className='assist__secondary' onClick={() => void Taro.navigateTo({ url: CAMPAIGNS_PATH })}>
                    {task.mine ? ASSIST_TEXT.otherCampaigns : ASSIST_TEXT.startOwn}
                  </Button>
                )}
              </Section>

              <Section title={ASSIST_TEXT.rulesTitle}>
                <View className='rules'>
                  {taskRules(task, dateTimeText(task.deadline)).map((line) => (
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

/** Friend assist (好友助力): the campaigns, or one task when opened with `?taskId=` (a share, a message). */
export default function AssistPage() {
  const { taskId } = useRouter().params;
  return taskId === undefined ? <AssistCampaigns /> : <AssistTask taskId={taskId} />;
}
