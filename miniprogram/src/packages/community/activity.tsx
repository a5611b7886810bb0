import { useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro';
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
import { useAction, type ActionOptions } from '../../hooks/use-action';
import { usePolling } from '../../hooks/use-polling';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, callEndpoint } from '../../services/api-client';
import { checkInPhase } from '../../services/check-in-window';
import { dateTimeText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import {
  ACTIVITY_TEXT,
  activityAction,
  activityBarText,
  activityPath,
  activityShareTitle,
  activityTimeText,
  attendanceRewardText,
  CANCEL_REFUSALS,
  cancelledText,
  capacityText,
  checkInOpensText,
  communityLinkText,
  deadlineText,
  signedUpText,
  signUpRefusals,
  signUpStateText,
  siteCheckInText,
  tierAllows,
  venueText,
  whoMayText,
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
  if (!ACTIVITY_ID.test(id)) throw new ApiCallError('NOT_FOUND', ACTIVITY_TEXT.brokenLink);
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
  // One sign-up or cancellation at a time: a second tap while it runs sends nothing.
  const { busy, run } = useAction();
  const [doing, setDoing] = useState<'sign-up' | 'cancel'>();
  const [showingCode, setShowingCode] = useState(false);
  const { state, reload, set } = useRemote(() => loadActivity(id));
  const activity = state.kind === 'ready' ? state.data.activity : undefined;

  useShareAppMessage(() => ({
    title: activity ? activityShareTitle(activity.title) : ACTIVITY_TEXT.shareFallback,
    path: activityPath(id),
  }));

  // The staff scan the code on another phone: look for the check-in while the code is on screen. A look that fails
  // leaves the page as it is (the next may work); one that started before the member's own write is dropped.
  const writes = useRef(0);
  const checkedIn = Boolean(activity?.me?.checkedInAt);
  const polling = showingCode && !checkedIn;
  const look = async () => {
    const seen = writes.current;
    const fresh = await loadActivity(id);
    if (seen === writes.current) set(fresh);
  };
  usePolling(look, CHECKED_IN_POLL_MS, polling && !busy);
  // Back on the page: seats and the member's state may have changed (polling looks at once itself while on).
  useDidShow(() => {
    if (state.kind === 'ready' && !polling) void reload();
  });
  // Scanned: put the code away and say so (a check-in by the on-site code says so itself).
  const wasCheckedIn = useRef<boolean>();
  useEffect(() => {
    if (wasCheckedIn.current === false && checkedIn && showingCode) {
      setShowingCode(false);
      void Taro.showToast({ title: ACTIVITY_TEXT.checkedIn, icon: 'success' });
    }
    if (activity) wasCheckedIn.current = checkedIn;
  }, [activity, checkedIn, showingCode]);

  /**
   * One write about the member's sign-up. On success the page shows the new state (seats, waitlist, her own) before
   * the button is free again, so a second tap meets 取消报名, not a refusal over the success toast; after a refusal
   * it shows the activity as it is now.
   */
  const write = async <T,>(
    kind: 'sign-up' | 'cancel',
    work: () => Promise<T>,
    options: ActionOptions<T>,
  ): Promise<T | undefined> => {
    // A tap while a write runs is ignored here too, so the running one keeps its words on the button.
    if (busy) return undefined;
    let refused = false;
    setDoing(kind);
    const done = await run(
      async () => {
        try {
          const result = await work();
          writes.current += 1;
          await reload();
          return result;
        } catch (error) {
          refused = error instanceof ApiCallError && error.code !== 'NETWORK_ERROR';
          throw error;
        }
      },
      `${kind}:${id}`,
      options,
    );
    setDoing(undefined);
    if (refused) await reload();
    return done;
  };

  const signUp = (current: ActivityView) =>
    write('sign-up', () => callAsMember(signUpForActivity, { params: { activityId: current.id } }), {
      success: signedUpText,
      refusals: signUpRefusals(current),
    });

  const cancel = async (current: ActivityView) => {
    if (busy) return;
    const waitlisted = current.me?.state === 'waitlisted';
    const answer = await Taro.showModal({
      title: waitlisted ? ACTIVITY_TEXT.leaveWaitlistTitle : ACTIVITY_TEXT.cancelTitle,
      content: waitlisted ? ACTIVITY_TEXT.leaveWaitlistAsk : ACTIVITY_TEXT.cancelAsk,
      confirmText: ACTIVITY_TEXT.confirm,
    });
    if (!answer.confirm) return;
    const cancelled = await write('cancel', () => callAsMember(cancelActivitySignUp, { params: { activityId: current.id } }), {
      success: waitlisted ? ACTIVITY_TEXT.leftWaitlist : ACTIVITY_TEXT.cancelled,
      refusals: CANCEL_REFUSALS,
    });
    if (cancelled) setShowingCode(false);
  };

  const checkedInBySiteCode = async (result: CheckInResult) => {
    await Taro.showToast({ title: siteCheckInText(result), icon: 'none' });
    await reload();
  };

  const copyLiveUrl = async (url: string) => {
    try {
      await Taro.setClipboardData({ data: url });
      await Taro.showToast({ title: ACTIVITY_TEXT.liveCopied, icon: 'none' });
    } catch {
      await Taro.showModal({ title: ACTIVITY_TEXT.liveTitle, content: url, showCancel: false });
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
                    {communityLinkText(current.communityName)}
                  </Text>
                </View>
              </View>

              {current.status === 'cancelled' && (
                <Text className='activity-notice' data-testid='activity-cancelled'>
                  {cancelledText(current.cancelReason)}
                </Text>
              )}

              {myState && (
                <Section
                  title={ACTIVITY_TEXT.mineTitle}
                  extra={
                    <Text className={`chip chip--${myState.tone}`} data-testid='my-state'>
                      {myState.label}
                    </Text>
                  }
                >
                  <Text className='activity-mine__detail'>
                    {canCheckIn && phase.phase === 'open' ? ACTIVITY_TEXT.checkInOpen : myState.detail}
                  </Text>
                  {canCheckIn && phase.phase === 'not-yet' && (
                    <Text className='activity-mine__hint'>{checkInOpensText(dateTimeText(phase.opensAt))}</Text>
                  )}
                  {canCheckIn && phase.phase === 'open' && (
                    <>
                      {showingCode ? (
                        <>
                          <CheckInQr activityId={current.id} />
                          <Button size='mini' className='activity-mine__toggle' onClick={() => setShowingCode(false)}>
                            {ACTIVITY_TEXT.hideCode}
                          </Button>
                        </>
                      ) : (
                        <Button className='primary-button' onClick={() => setShowingCode(true)}>
                          {ACTIVITY_TEXT.showCode}
                        </Button>
                      )}
                      <Text className='activity-mine__or'>{ACTIVITY_TEXT.orSiteCode}</Text>
                      <SiteCodeCheckIn activityId={current.id} onCheckedIn={(result) => void checkedInBySiteCode(result)} />
                    </>
                  )}
                </Section>
              )}

              <Section title={ACTIVITY_TEXT.infoTitle}>
                <InfoRow label={ACTIVITY_TEXT.labelTime} value={activityTimeText(current.startsAt, current.endsAt)} />
                <InfoRow label={ACTIVITY_TEXT.labelPlace} value={venueText(current)} />
                {current.liveUrl && (
                  <InfoRow
                    label={ACTIVITY_TEXT.labelLive}
                    value={ACTIVITY_TEXT.copyLive}
                    onClick={() => void copyLiveUrl(current.liveUrl!)}
                  />
                )}
                <InfoRow label={ACTIVITY_TEXT.labelSeats} value={capacityText(current)} />
                <InfoRow label={ACTIVITY_TEXT.labelWho} value={whoMayText(current)} />
                <InfoRow label={ACTIVITY_TEXT.labelDeadline} value={deadlineText(dateTimeText(current.signUpDeadline))} />
                {current.pointsReward > 0 && (
                  <InfoRow label={ACTIVITY_TEXT.labelReward} value={attendanceRewardText(current.pointsReward)} />
                )}
              </Section>

              {current.description !== '' && (
                <Section title={ACTIVITY_TEXT.aboutTitle}>
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
                  loading={busy}
                  onClick={() => {
                    if (action.kind === 'cancel') void cancel(current);
                    else if (action.kind !== 'none') void signUp(current);
                  }}
                >
                  {doing === 'sign-up' ? ACTIVITY_TEXT.signingUp : doing === 'cancel' ? ACTIVITY_TEXT.cancelling : action.label}
                </Button>
              </View>
            </>
          );
        }}
      </Screen>
    </View>
  );
}
