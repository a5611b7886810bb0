import { useEffect, useRef, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import {
  cancelActivity,
  getStaffActivity,
  listActivitySignUps,
  publishActivity,
  unpublishActivity,
  type StaffActivityView,
  type StaffSignUpRow,
} from '@memberloop/shared';
import { ActivityCover } from '../../components/ActivityCover';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, messageOf } from '../../services/api-client';
import { checkInPhase } from '../../services/check-in-window';
import { dateTimeText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import { CheckInDesk } from './check-in-desk';
import { memberName, signUpRowState, staffActions, staffActivityStatus } from './manager-text';
import './manager.css';

const ACTIVITY_ID = /^[0-9a-f]{24}$/;
type Filter = 'all' | 'confirmed' | 'waitlisted' | 'attended' | 'cancelled';
const FILTERS = [
  { value: 'all', label: '全部' },
  { value: 'confirmed', label: '已报名' },
  { value: 'waitlisted', label: '候补' },
  { value: 'attended', label: '已签到' },
  { value: 'cancelled', label: '已取消' },
] as const;

interface StaffActivityData {
  activity: StaffActivityView;
  filter: Filter;
  signUps: StaffSignUpRow[];
}

function SignUpRow({ row }: { row: StaffSignUpRow }) {
  const state = signUpRowState(row);
  return (
    <View className='sign-up-row' data-testid='sign-up-row'>
      <Text className='sign-up-row__seq'>{row.seq}</Text>
      <View className='sign-up-row__who'>
        <Text className='sign-up-row__name'>{memberName(row)}</Text>
        <Text className='sign-up-row__meta'>
          {row.tier.name} · {row.phoneMasked ?? '未绑定手机'} · {dateTimeText(row.signedUpAt)} 报名
        </Text>
      </View>
      <Text className={`chip chip--${state.tone}`}>{state.label}</Text>
    </View>
  );
}

/** Cancelling needs a reason: members signed up are told it. */
function CancelPanel({ onCancel, onClose }: { onCancel: (reason: string) => Promise<void>; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <View className='cancel-panel'>
      <Text className='cancel-panel__title'>取消活动</Text>
      <Text className='cancel-panel__hint'>已报名和候补的会员都会收到通知，取消后不能恢复</Text>
      <Input
        className='cancel-panel__input'
        maxlength={100}
        placeholder='取消原因（会告知会员）'
        value={reason}
        onInput={(event) => setReason(event.detail.value)}
      />
      <View className='cancel-panel__actions'>
        <Button size='mini' onClick={onClose}>
          不取消了
        </Button>
        <Button
          size='mini'
          className='cancel-panel__confirm'
          disabled={busy || reason.trim() === '' || undefined}
          onClick={async () => {
            setBusy(true);
            await onCancel(reason.trim());
            setBusy(false);
          }}
        >
          确认取消活动
        </Button>
      </View>
    </View>
  );
}

/** One activity for its managers: its state and numbers, publishing and cancelling, check-in, and the lists. */
export default function StaffActivityPage() {
  const id = useRouter().params.id ?? '';
  const [filter, setFilter] = useState<Filter>('all');
  const [busy, setBusy] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const { state, reload, set } = useRemote<StaffActivityData>(async () => {
    if (!ACTIVITY_ID.test(id)) throw new ApiCallError('NOT_FOUND', '活动链接不完整');
    const [activity, { signUps }] = await Promise.all([
      callAsMember(getStaffActivity, { params: { activityId: id } }),
      callAsMember(listActivitySignUps, { params: { activityId: id }, query: { status: filter } }),
    ]);
    return { activity, filter, signUps };
  });
  const shownFilter = useRef(filter);
  useEffect(() => {
    if (shownFilter.current === filter) return;
    shownFilter.current = filter;
    void reload();
  }, [filter, reload]);
  // Back from editing: show the saved activity.
  useDidShow(() => {
    if (state.kind === 'ready') void reload();
  });

  /** Runs a change of state (publish, take back, cancel) and shows the activity as it is afterwards. */
  const change = async (data: StaffActivityData, run: () => Promise<StaffActivityView>, done: string) => {
    setBusy(true);
    try {
      set({ ...data, activity: await run() });
      setCancelling(false);
      await Taro.showToast({ title: done, icon: 'none' });
    } catch (error) {
      await Taro.showToast({
        title: messageOf(error, {
          CONFLICT: '已有会员报名，不能撤回，如需停办请取消活动',
          FORBIDDEN: '这个社群不在你的管理范围内',
        }),
        icon: 'none',
      });
      await reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='page manager'>
      <Screen state={state} onRetry={() => void reload()}>
        {(data) => {
          const { activity } = data;
          const now = Date.now();
          const status = staffActivityStatus(activity, now);
          const actions = staffActions(activity, now);
          const phase = checkInPhase(activity, now);
          const params = { params: { activityId: activity.id } };
          return (
            <>
              <View className='staff-head'>
                <ActivityCover url={activity.coverImageUrl} title={activity.title} width={150} height={150} />
                <View className='staff-head__body'>
                  <View className='staff-activity__line'>
                    <Text className='staff-head__title'>{activity.title}</Text>
                    <Text className={`status status--${status.tone}`} data-testid='staff-status'>
                      {status.label}
                    </Text>
                  </View>
                  <Text className='staff-head__meta'>
                    {dateTimeText(activity.startsAt)} – {dateTimeText(activity.endsAt)}
                  </Text>
                  <Text className='staff-head__meta'>
                    {activity.place ?? '线上直播'}
                    {activity.minTier ? ` · ${activity.minTier.name}及以上` : ''}
                    {activity.pointsReward > 0 ? ` · 签到 ${activity.pointsReward} 积分` : ''}
                  </Text>
                </View>
              </View>

              {activity.status === 'cancelled' && (
                <Text className='staff-notice'>已取消{activity.cancelReason ? `：${activity.cancelReason}` : ''}</Text>
              )}

              <View className='counts'>
                <View className='counts__item'>
                  <Text className='counts__value' data-testid='count-confirmed'>
                    {activity.counts.confirmed}/{activity.capacity}
                  </Text>
                  <Text className='counts__label'>已报名</Text>
                </View>
                <View className='counts__item'>
                  <Text className='counts__value'>{activity.counts.waitlisted}</Text>
                  <Text className='counts__label'>候补</Text>
                </View>
                <View className='counts__item'>
                  <Text className='counts__value' data-testid='count-checked-in'>
                    {activity.counts.checkedIn}
                  </Text>
                  <Text className='counts__label'>已签到</Text>
                </View>
                <View className='counts__item'>
                  <Text className='counts__value'>{activity.counts.cancelled}</Text>
                  <Text className='counts__label'>已取消</Text>
                </View>
              </View>

              {(actions.edit || actions.publish || actions.unpublish || actions.cancel) && !cancelling && (
                <View className='staff-actions'>
                  {actions.edit && (
                    <Button
                      size='mini'
                      className='staff-actions__plain'
                      onClick={() => void Taro.navigateTo({ url: `/packages/manager/activity-form?id=${activity.id}` })}
                    >
                      编辑
                    </Button>
                  )}
                  {actions.unpublish && (
                    <Button
                      size='mini'
                      className='staff-actions__plain'
                      disabled={busy || undefined}
                      onClick={() => void change(data, () => callAsMember(unpublishActivity, params), '已撤回为草稿')}
                    >
                      撤回草稿
                    </Button>
                  )}
                  {actions.cancel && (
                    <Button size='mini' className='staff-actions__danger' onClick={() => setCancelling(true)}>
                      取消活动
                    </Button>
                  )}
                  {actions.publish && (
                    <Button
                      size='mini'
                      className='primary-button'
                      disabled={busy || undefined}
                      onClick={() => void change(data, () => callAsMember(publishActivity, params), '已发布')}
                    >
                      发布
                    </Button>
                  )}
                </View>
              )}
              {cancelling && (
                <CancelPanel
                  onClose={() => setCancelling(false)}
                  onCancel={(reason) =>
                    change(data, () => callAsMember(cancelActivity, { ...params, body: { reason } }), '已取消并通知会员')
                  }
                />
              )}

              {activity.status === 'published' && (
                <Section title='现场签到'>
                  {phase.phase === 'open' && <CheckInDesk activityId={activity.id} onCheckedIn={() => void reload()} />}
                  {phase.phase === 'not-yet' && (
                    <Text className='form-hint'>签到将于 {dateTimeText(phase.opensAt)} 开放（活动开始前 1 小时）</Text>
                  )}
                  {phase.phase === 'closed' && <Text className='form-hint'>活动已结束，签到已关闭</Text>}
                </Section>
              )}

              {activity.status !== 'draft' && <Tabs tabs={FILTERS} value={filter} onChange={setFilter} />}
              <Section
                title={data.filter === 'attended' ? '签到名单' : '报名名单'}
                extra={<Text className='form-hint'>手机号已脱敏</Text>}
              >
                {data.signUps.length === 0 && (
                  <Empty
                    text={
                      data.filter === 'all'
                        ? activity.status === 'draft'
                          ? '发布后会员才能报名'
                          : '还没有人报名'
                        : '这里还没有人'
                    }
                  />
                )}
                {data.signUps.map((row) => (
                  <SignUpRow key={row.seq} row={row} />
                ))}
              </Section>
            </>
          );
        }}
      </Screen>
    </View>
  );
}
