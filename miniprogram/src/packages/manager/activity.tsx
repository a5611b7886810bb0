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
import { MemberFace } from '../../components/ProfileCard';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, assetUrl } from '../../services/api-client';
import { checkInPhase } from '../../services/check-in-window';
import { dateTimeText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import { CheckInDesk } from './check-in-desk';
import { memberName, signUpRowState, staffActions, staffActivityStatus } from './manager-text';
import { CHANGE_REFUSALS, STAFF_ACTIVITY_TEXT as T } from './staff-activity-text';
import './manager.css';

const ACTIVITY_ID = /^[0-9a-f]{24}$/;
type Filter = 'all' | 'confirmed' | 'waitlisted' | 'attended' | 'cancelled';
const FILTERS = T.filters;

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
      <MemberFace person={row} url={row.avatarUrl} size={64} />
      <View className='sign-up-row__who'>
        <Text className='sign-up-row__name'>{memberName(row)}</Text>
        <Text className='sign-up-row__meta'>
          {row.tier.name} · {row.phoneMasked ?? T.noPhone} · {T.signedUpAt(dateTimeText(row.signedUpAt))}
        </Text>
      </View>
      <Text className={`chip chip--${state.tone}`}>{state.label}</Text>
    </View>
  );
}

/** Cancelling needs a reason: members signed up are told it. */
function CancelPanel({
  busy,
  onCancel,
  onClose,
}: {
  busy: boolean;
  onCancel: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  // The reason as the server's contract takes it (1 to 100 characters, trimmed).
  const valid = cancelActivity.body?.safeParse({ reason }).success === true;
  return (
    <View className='cancel-panel'>
      <Text className='cancel-panel__title'>{T.cancelTitle}</Text>
      <Text className='cancel-panel__hint'>{T.cancelHint}</Text>
      <Input
        className='cancel-panel__input'
        maxlength={100}
        placeholder={T.cancelReason}
        value={reason}
        onInput={(event) => setReason(event.detail.value)}
      />
      <View className='cancel-panel__actions'>
        <Button size='mini' onClick={onClose}>
          {T.keep}
        </Button>
        <Button
          size='mini'
          className='cancel-panel__confirm'
          data-testid='confirm-cancel'
          disabled={busy || !valid || undefined}
          onClick={() => void onCancel(reason.trim())}
        >
          {T.confirmCancel}
        </Button>
      </View>
    </View>
  );
}

/** One activity for its managers: its state and numbers, publishing and cancelling, check-in, and the lists. */
export default function StaffActivityPage() {
  const id = useRouter().params.id ?? '';
  const [filter, setFilter] = useState<Filter>('all');
  const { busy, run } = useAction();
  const [cancelling, setCancelling] = useState(false);
  const { state, reload, set } = useRemote<StaffActivityData>(async () => {
    if (!ACTIVITY_ID.test(id)) throw new ApiCallError('NOT_FOUND', T.linkBroken);
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
  const change = async (data: StaffActivityData, write: () => Promise<StaffActivityView>, done: string, id: string) => {
    const activity = await run(write, id, { success: done, refusals: CHANGE_REFUSALS });
    if (activity) {
      set({ ...data, activity });
      setCancelling(false);
    } else {
      // Refused: what changed meanwhile (a sign-up, a colleague's change) shows at once.
      await reload();
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
                <ActivityCover url={assetUrl(activity.coverImageUrl)} title={activity.title} width={150} height={150} />
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
                    {[
                      activity.place ?? T.online,
                      ...(activity.minTier ? [T.tierAndUp(activity.minTier.name)] : []),
                      ...(activity.pointsReward > 0 ? [T.checkInPoints(activity.pointsReward)] : []),
                    ].join(' · ')}
                  </Text>
                </View>
              </View>

              {activity.status === 'cancelled' && <Text className='staff-notice'>{T.cancelled(activity.cancelReason)}</Text>}

              <View className='counts'>
                <View className='counts__item'>
                  <Text className='counts__value' data-testid='count-confirmed'>
                    {activity.counts.confirmed}/{activity.capacity}
                  </Text>
                  <Text className='counts__label'>{T.confirmed}</Text>
                </View>
                <View className='counts__item'>
                  <Text className='counts__value'>{activity.counts.waitlisted}</Text>
                  <Text className='counts__label'>{T.waitlisted}</Text>
                </View>
                <View className='counts__item'>
                  <Text className='counts__value' data-testid='count-checked-in'>
                    {activity.counts.checkedIn}
                  </Text>
                  <Text className='counts__label'>{T.checkedIn}</Text>
                </View>
                <View className='counts__item'>
                  <Text className='counts__value'>{activity.counts.cancelled}</Text>
                  <Text className='counts__label'>{T.cancelledCount}</Text>
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
                      {T.edit}
                    </Button>
                  )}
                  {actions.unpublish && (
                    <Button
                      size='mini'
                      className='staff-actions__plain'
                      disabled={busy || undefined}
                      onClick={() => void change(data, () => callAsMember(unpublishActivity, params), T.unpublished, 'unpublish')}
                    >
                      {T.unpublish}
                    </Button>
                  )}
                  {actions.cancel && (
                    <Button size='mini' className='staff-actions__danger' onClick={() => setCancelling(true)}>
                      {T.cancel}
                    </Button>
                  )}
                  {actions.publish && (
                    <Button
                      size='mini'
                      className='primary-button'
                      disabled={busy || undefined}
                      onClick={() => void change(data, () => callAsMember(publishActivity, params), T.published, 'publish')}
                    >
                      {T.publish}
                    </Button>
                  )}
                </View>
              )}
              {cancelling && (
                <CancelPanel
                  busy={busy}
                  onClose={() => setCancelling(false)}
                  onCancel={(reason) =>
                    change(
                      data,
                      () => callAsMember(cancelActivity, { ...params, body: { reason } }),
                      T.cancelledAndTold,
                      `cancel:${reason}`,
                    )
                  }
                />
              )}

              {activity.status === 'published' && (
                <Section title={T.checkInSection}>
                  {phase.phase === 'open' && <CheckInDesk activityId={activity.id} onCheckedIn={() => void reload()} />}
                  {phase.phase === 'not-yet' && (
                    <Text className='form-hint'>{T.checkInOpensAt(dateTimeText(phase.opensAt))}</Text>
                  )}
                  {phase.phase === 'closed' && <Text className='form-hint'>{T.checkInClosed}</Text>}
                </Section>
              )}

              {activity.status !== 'draft' && <Tabs tabs={FILTERS} value={filter} onChange={setFilter} />}
              <Section
                title={data.filter === 'attended' ? T.attendanceList : T.signUpList}
                extra={<Text className='form-hint'>{T.phonesMasked}</Text>}
              >
                {data.signUps.length === 0 && (
                  <Empty
                    text={data.filter === 'all' ? (activity.status === 'draft' ? T.publishFirst : T.nobodyYet) : T.nobodyHere}
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
