import { useCallback, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro';
import {
  getAssistTask,
  helpAssistTask,
  joinText,
  listAssistCampaigns,
  listMyAssistTasks,
  quantityText,
  startAssistTask,
  type AssistCampaignView,
  type AssistTaskView,
} from '@memberloop/shared';
import { MemberFace, personName } from '../../components/ProfileCard';
import { Countdown } from '../../components/Countdown';
import { Empty, Screen, Section } from '../../components/Screen';
import { ShareButton } from '../../components/ShareButton';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, messageOf } from '../../services/api-client';
import { dateTimeText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import { assistAction, assistProgress, assistTaskPath, helperSlots, rewardText } from './assist-text';
import './index.css';

const TASK_ID = /^[0-9a-f]{24}$/;
const CAMPAIGNS_PATH = '/packages/assist/index';
const TASK_STATUS_LABEL: Record<AssistTaskView['status'], string> = { open: '助力中', completed: '已完成', expired: '已结束' };

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
        aria-label='助力进度'
      >
        <View className='assist-progress__fill' style={{ width: `${percent}%` }} />
      </View>
    </View>
  );
}

/** The campaigns running now, and the member's own tasks. */
function AssistCampaigns() {
  const [starting, setStarting] = useState<string>();
  const { state, reload } = useRemote(async () => {
    const [{ campaigns }, { tasks }] = await Promise.all([callAsMember(listAssistCampaigns), callAsMember(listMyAssistTasks)]);
    return { campaigns, tasks };
  });
  useDidShow(() => {
    if (state.kind === 'ready') void reload();
  });
  useShareAppMessage(() => ({ title: '邀请好友助力，一起领好礼', path: CAMPAIGNS_PATH }));

  const start = async (campaign: AssistCampaignView) => {
    setStarting(campaign.id);
    try {
      // One task per member and campaign: starting again returns the same task, so a retry is safe.
      const task = await callAsMember(startAssistTask, { params: { campaignId: campaign.id } });
      await Taro.navigateTo({ url: assistTaskPath(task.id) });
    } catch (error) {
      await Taro.showToast({ title: messageOf(error, { ASSIST_CLOSED: '这个助力活动已结束' }), icon: 'none' });
    } finally {
      setStarting(undefined);
    }
  };

  return (
    <View className='page assist'>
      <Screen state={state} onRetry={() => void reload()}>
        {({ campaigns, tasks }) => (
          <>
            <Section title='好友助力' extra={<Text className='assist__hint'>好友帮一帮，好礼拿到手</Text>}>
              {campaigns.length === 0 && <Empty text='暂时没有助力活动，敬请期待' />}
              {campaigns.map((campaign) => {
                const mine = tasks.find((task) => task.campaignId === campaign.id);
                return (
                  <View key={campaign.id} className='campaign' data-testid='campaign'>
                    <View className='campaign__text'>
                      <Text className='campaign__title'>{campaign.title}</Text>
                      <Text className='campaign__reward'>奖励 {rewardText(campaign.reward)}</Text>
                      <Text className='campaign__meta'>
                        邀请 {campaign.helpersNeeded} 位好友助力 · {campaign.hoursToComplete} 小时内完成
                      </Text>
                      <Text className='campaign__meta'>活动截止 {dateTimeText(campaign.endsAt)}</Text>
                    </View>
                    {mine ? (
                      <Button
                        size='mini'
                        className='campaign__view'
                        onClick={() => void Taro.navigateTo({ url: assistTaskPath(mine.id) })}
                      >
                        {mine.status === 'open' ? `进度 ${assistProgress(mine).count}` : TASK_STATUS_LABEL[mine.status]}
                      </Button>
                    ) : (
                      <Button
                        size='mini'
                        className='primary-button'
                        disabled={starting === campaign.id || undefined}
                        onClick={() => void start(campaign)}
                      >
                        发起助力
                      </Button>
                    )}
                  </View>
                );
              })}
            </Section>

            <Section title='我的助力'>
              {tasks.length === 0 && <Empty text='还没有发起助力，选一个活动邀请好友吧' />}
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
  const [helping, setHelping] = useState(false);
  const { state, reload, set } = useRemote<AssistTaskView>(() => {
    if (!TASK_ID.test(taskId)) throw new ApiCallError('NOT_FOUND', '助力链接不完整，请让好友重新分享');
    return callAsMember(getAssistTask, { params: { taskId } });
  });
  const task = state.kind === 'ready' ? state.data : undefined;
  useDidShow(() => {
    if (state.kind === 'ready') void reload();
  });
  useShareAppMessage(() => ({
    title: task
      ? `帮我助力一下，集齐 ${quantityText(task.helpersNeeded, '位')}好友就能${joinText('领', rewardText(task.reward))}`
      : '快来帮我助力',
    path: assistTaskPath(taskId),
  }));
  const onExpire = useCallback(() => void reload(), [reload]);

  const help = async () => {
    setHelping(true);
    try {
      set(await callAsMember(helpAssistTask, { params: { taskId } }));
      await Taro.showToast({ title: '助力成功，谢谢你', icon: 'success' });
    } catch (error) {
      await Taro.showToast({
        title: messageOf(error, {
          ALREADY_DONE: '你已经帮TA助力过了',
          ASSIST_CLOSED: '这个助力已经结束了',
          FORBIDDEN: '不能给自己助力，快分享给好友吧',
        }),
        icon: 'none',
      });
      if (error instanceof ApiCallError && error.code !== 'NETWORK_ERROR') await reload();
    } finally {
      setHelping(false);
    }
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
                  <Text className='assist-hero__who'>我的助力任务</Text>
                ) : (
                  <View className='assist-hero__starter' data-testid='assist-starter'>
                    <MemberFace person={task.starter} url={task.starter.avatarUrl} size={56} />
                    <Text className='assist-hero__who'>{personName(task.starter)} 邀请你帮TA助力</Text>
                  </View>
                )}
                <Text className='assist-hero__title'>{task.title}</Text>
                <Text className='assist-hero__reward'>
                  集齐 {quantityText(task.helpersNeeded, '位')}好友助力，{joinText('得', rewardText(task.reward))}
                </Text>
              </View>

              <Section
                title='助力进度'
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
                      <Text className='helper__name helper__name--empty'>待助力</Text>
                    </View>
                  ))}
                  {slots.moreEmpty > 0 && (
                    <View className='helper'>
                      <View className='helper__empty'>
                        <Text className='helper__empty-more'>+{slots.moreEmpty}</Text>
                      </View>
                      <Text className='helper__name helper__name--empty'>待助力</Text>
                    </View>
                  )}
                </View>
                {action === 'share' && <ShareButton path={assistTaskPath(task.id)}>邀请好友助力</ShareButton>}
                {action === 'help' && (
                  <Button className='primary-button' disabled={helping || undefined} onClick={() => void help()}>
                    帮TA助力
                  </Button>
                )}
                {action === 'helped' && (
                  <Button className='primary-button' disabled>
                    你已助力
                  </Button>
                )}
                {(action === 'helped' || action === 'start-own') && (
                  <Button className='assist__secondary' onClick={() => void Taro.navigateTo({ url: CAMPAIGNS_PATH })}>
                    {task.mine ? '看看其他助力活动' : '我也要发起助力'}
                  </Button>
                )}
              </Section>

              <Section title='活动规则'>
                <View className='rules'>
                  <Text className='rules__line'>
                    1. 在 {dateTimeText(task.deadline)} 前集齐 {task.helpersNeeded} 位好友助力即可得奖励
                  </Text>
                  <Text className='rules__line'>2. 每位好友只能为同一个任务助力一次，不能给自己助力</Text>
                  <Text className='rules__line'>3. 奖励在集齐助力后自动发放到账户</Text>
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
