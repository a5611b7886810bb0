import { useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro';
import {
  cancelActivitySignUp,
  getActivity,
  getMemberHome,
  getProgramOverview,
  signUpForActivity,
  type ActivityView,
  type CheckInResult,
} from '@memberloop/shared';
import { ActivityCover } from '../../components/ActivityCover';
import { Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, callEndpoint, messageOf } from '../../services/api-client';
import { checkInPhase } from '../../services/check-in-window';
import { dateTimeText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import {
  activityAction,
  activityBarText,
  activityPath,
  activityTimeText,
  seatsText,
  signUpStateText,
  tierAllows,
  venueText,
} from './activity-text';
import { CheckInQr, SiteCodeCheckIn } from './check-in';
import './community.css';

const ACTIVITY_ID = /^[0-9a-f]{24}$/;
/** While the member shows their code, the page looks this often for the staff's scan. */
const CHECKED_IN_POLL_MS = 5_000;

interface ActivityData {
  activity: ActivityView;
  /** False when the member's tier is below the activity's; undefined when there is no restriction or it is unknown. */
  tierAllowed?: boolean;
}

async function loadActivity(id: string): Promise<ActivityData> {
  if (!ACTIVITY_ID.test(id)) throw new ApiCallError('NOT_FOUND', '活动链接不完整，请重新打开');
  const activity = await callAsMember(getActivity, { params: { activityId: id } });
  if (!activity.minTier || (activity.me && activity.me.state !== 'cancelled')) return { activity };
  try {
    const [home, programme] = await Promise.all([callAsMember(getMemberHome), callEndpoint(getProgramOverview)]);
    return { activity, tierAllowed: tierAllows(activity.minTier, home.tier.current.rank, programme.tiers) };
  } catch {
    // The tier is only a hint here: the sign-up itself is checked by the server.
    return { activity };
  }
}

function InfoRow({ label, value, onClick }: { label: string; value: string; onClick?: () => void }) {
  return (
    <View className='info-row' onClick={onClick}>
      <Text className='info-row__label'>{label}</Text>
      <Text className={`info-row__value ${onClick ? 'info-row__value--link' : ''}`}>{value}</Text>
    </View>
  );
}

/**
 * One activity (opened from a list, a share or a WeChat message): when and where, seats and who may come, the
 * member's own sign-up, signing up, joining the waitlist or cancelling, and checking in on the day.
 */
export default function ActivityPage() {
  const id = useRouter().params.id ?? '';
  const [busy, setBusy] = useState(false);
  const [showingCode, setShowingCode] = useState(false);
  const { state, reload } = useRemote(() => loadActivity(id));
  const activity = state.kind === 'ready' ? state.data.activity : undefined;

  useShareAppMessage(() => ({ title: activity ? `一起来参加「${activity.title}」` : '会员社群活动', path: activityPath(id) }));

  const visible = useRef(true);
  useDidShow(() => {
    visible.current = true;
    if (state.kind === 'ready') void reload();
  });
  useDidHide(() => {
    visible.current = false;
  });
  // The staff scan the code on another phone: look for the check-in while the code is on screen.
  const checkedIn = Boolean(activity?.me?.checkedInAt);
  useEffect(() => {
    if (!showingCode || checkedIn) return undefined;
    const timer = setInterval(() => visible.current && void reload(), CHECKED_IN_POLL_MS);
    return () => clearInterval(timer);
  }, [showingCode, checkedIn, reload]);
  // Scanned: put the code away and say so (a check-in by the on-site code says so itself).
  const wasCheckedIn = useRef<boolean>();
  useEffect(() => {
    if (wasCheckedIn.current === false && checkedIn && showingCode) {
      setShowingCode(false);
      void Taro.showToast({ title: '签到成功', icon: 'success' });
    }
    if (activity) wasCheckedIn.current = checkedIn;
  }, [activity, checkedIn, showingCode]);

  const signUp = async (current: ActivityView) => {
    setBusy(true);
    try {
      const mine = await callAsMember(signUpForActivity, { params: { activityId: current.id } });
      await Taro.showToast({
        title: mine.state === 'confirmed' ? '报名成功' : `已加入候补，第 ${mine.waitlistPosition ?? 1} 位`,
        icon: mine.state === 'confirmed' ? 'success' : 'none',
      });
    } catch (error) {
      await Taro.showToast({
        title: messageOf(error, {
          ALREADY_DONE: '你已经报过名了',
          TIER_REQUIRED: current.minTier ? `本活动仅限${current.minTier.name}及以上会员报名` : '会员等级还不够哦',
          ACTIVITY_CLOSED: '报名已截止',
          FORBIDDEN: '你已被移出这个社群，暂时不能报名',
        }),
        icon: 'none',
      });
    } finally {
      setBusy(false);
    }
    // Seats, the waitlist and the member's state as they are now, after success or refusal alike.
    await reload();
  };

  const cancel = async (current: ActivityView) => {
    const waitlisted = current.me?.state === 'waitlisted';
    const answer = await Taro.showModal({
      title: waitlisted ? '退出候补' : '取消报名',
      content: waitlisted ? '退出后将不再为你递补名额，确定退出吗？' : '取消后名额会让给候补的会员，确定取消报名吗？',
      confirmText: '确定',
    });
    if (!answer.confirm) return;
    setBusy(true);
    try {
      await callAsMember(cancelActivitySignUp, { params: { activityId: current.id } });
      setShowingCode(false);
      await Taro.showToast({ title: waitlisted ? '已退出候补' : '已取消报名', icon: 'none' });
    } catch (error) {
      await Taro.showToast({
        title: messageOf(error, { ACTIVITY_CLOSED: '活动已开始，不能取消了', CONFLICT: '你已签到，不能取消了' }),
        icon: 'none',
      });
    } finally {
      setBusy(false);
    }
    await reload();
  };

  const checkedInBySiteCode = async (result: CheckInResult) => {
    await Taro.showToast({
      title: result.replayed
        ? '你已经签到过了'
        : result.pointsAwarded > 0
          ? `签到成功 +${result.pointsAwarded} 积分`
          : '签到成功',
      icon: 'none',
    });
    await reload();
  };

  const copyLiveUrl = async (url: string) => {
    try {
      await Taro.setClipboardData({ data: url });
      await Taro.showToast({ title: '直播链接已复制，可在浏览器打开', icon: 'none' });
    } catch {
      await Taro.showModal({ title: '直播链接', content: url, showCancel: false });
    }
  };

  return (
    <View className='page activity-page'>
      <Screen state={state} onRetry={() => void reload()}>
        {({ activity: current, tierAllowed }) => {
          const now = Date.now();
          const action = activityAction(current, now, tierAllowed);
          const mine = current.me;
          const myState = mine && (mine.state !== 'cancelled' || mine.checkedInAt) ? signUpStateText(mine) : undefined;
          const phase = checkInPhase(current, now);
          const canCheckIn = mine?.state === 'confirmed' && !mine.checkedInAt;
          const bar = activityBarText(current, now);
          return (
            <>
              <View className='activity-hero'>
                <ActivityCover url={current.coverImageUrl} title={current.title} height={340} />
                <View className='activity-hero__text'>
                  <Text className='activity-hero__title'>{current.title}</Text>
                  <Text
                    className='activity-hero__community'
                    onClick={() => void Taro.navigateTo({ url: `/packages/community/index?communityId=${current.communityId}` })}
                  >
                    {current.communityName} ›
                  </Text>
                </View>
              </View>

              {current.status === 'cancelled' && (
                <Text className='activity-notice' data-testid='activity-cancelled'>
                  活动已取消{current.cancelReason ? `：${current.cancelReason}` : ''}
                </Text>
              )}

              {myState && (
                <Section
                  title='我的报名'
                  extra={
                    <Text className={`chip chip--${myState.tone}`} data-testid='my-state'>
                      {myState.label}
                    </Text>
                  }
                >
                  <Text className='activity-mine__detail'>
                    {canCheckIn && phase.phase === 'open' ? '签到已开放：到场后出示签到码，或扫现场签到码' : myState.detail}
                  </Text>
                  {canCheckIn && phase.phase === 'not-yet' && (
                    <Text className='activity-mine__hint'>签到将于 {dateTimeText(phase.opensAt)} 开放</Text>
                  )}
                  {canCheckIn && phase.phase === 'open' && (
                    <>
                      {showingCode ? (
                        <>
                          <CheckInQr activityId={current.id} />
                          <Button size='mini' className='activity-mine__toggle' onClick={() => setShowingCode(false)}>
                            收起签到码
                          </Button>
                        </>
                      ) : (
                        <Button className='primary-button' onClick={() => setShowingCode(true)}>
                          出示签到码
                        </Button>
                      )}
                      <Text className='activity-mine__or'>或在现场扫码签到</Text>
                      <SiteCodeCheckIn activityId={current.id} onCheckedIn={(result) => void checkedInBySiteCode(result)} />
                    </>
                  )}
                </Section>
              )}

              <Section title='活动信息'>
                <InfoRow label='时间' value={activityTimeText(current.startsAt, current.endsAt)} />
                <InfoRow label='地点' value={venueText(current)} />
                {current.liveUrl && (
                  <InfoRow label='直播' value='复制直播链接' onClick={() => void copyLiveUrl(current.liveUrl!)} />
                )}
                <InfoRow label='名额' value={`${current.capacity} 人 · ${seatsText(current)}`} />
                <InfoRow label='报名' value={current.minTier ? `${current.minTier.name}及以上会员` : '所有会员'} />
                <InfoRow label='截止' value={`${dateTimeText(current.signUpDeadline)} 前报名`} />
                {current.pointsReward > 0 && <InfoRow label='奖励' value={`到场签到得 ${current.pointsReward} 积分`} />}
              </Section>

              {current.description !== '' && (
                <Section title='活动介绍'>
                  <Text className='activity-description'>{current.description}</Text>
                </Section>
              )}

              <View className='activity-bar'>
                <View className='activity-bar__text'>
                  <Text className='activity-bar__seats'>{bar.main}</Text>
                  {bar.sub && <Text className='activity-bar__deadline'>{bar.sub}</Text>}
                </View>
                <Button
                  className={action.kind === 'cancel' ? 'activity-bar__cancel' : 'primary-button activity-bar__main'}
                  data-testid='activity-action'
                  disabled={action.kind === 'none' || busy || undefined}
                  onClick={() => {
                    if (action.kind === 'cancel') void cancel(current);
                    else if (action.kind !== 'none') void signUp(current);
                  }}
                >
                  {action.label}
                </Button>
              </View>
            </>
          );
        }}
      </Screen>
    </View>
  );
}
