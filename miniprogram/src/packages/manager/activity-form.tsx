import { useEffect, useRef, useState } from 'react';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  createActivity,
  getProgramOverview,
  getStaffActivity,
  publishActivity,
  updateActivity,
  type StaffActivityView,
  type TierDefinition,
} from '@memberloop/shared';
import { ActivityCover } from '../../components/ActivityCover';
import { Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, callEndpoint, messageOf } from '../../services/api-client';
import { IdempotencyKeys } from '../../services/idempotency-keys';
import { callAsMember } from '../../services/session';
import {
  DESCRIPTION_MAX,
  activityChangesOf,
  defaultDraft,
  draftOf,
  draftProblem,
  brandParts,
  momentOf,
  newActivityOf,
  type ActivityDraft,
} from './activity-draft';
import { staffActivityPath } from './labels';
import './manager.css';

const OBJECT_ID = /^[0-9a-f]{24}$/;
const HTTPS_URL = /^https:\/\/\S+$/i;
const SAVE_WORDING = {
  CONFLICT: '与当前报名情况冲突：名额不能少于已报名人数，有人签到后不能再改积分',
  VALIDATION_FAILED: '填写的内容有误，请检查时间、链接和地点',
  FORBIDDEN: '这个社群不在你的管理范围内',
} as const;

interface FormData {
  tiers: TierDefinition[];
  /** The activity being edited; absent for a new one. */
  editing?: StaffActivityView;
}

/** A date picker and a time picker side by side, showing the moment they hold. */
function MomentPicker({
  label,
  date,
  time,
  testId,
  onChange,
}: {
  label: string;
  date: string;
  time: string;
  testId: string;
  onChange: (date: string, time: string) => void;
}) {
  return (
    <View className='form-row' data-testid={testId}>
      <Text className='form-row__label'>{label}</Text>
      <View className='form-row__moment'>
        <Picker mode='date' value={date} start={brandParts(new Date()).date} onChange={(e) => onChange(e.detail.value, time)}>
          <Text className='form-row__pick'>{date}</Text>
        </Picker>
        <Picker mode='time' value={time} onChange={(e) => onChange(date, e.detail.value)}>
          <Text className='form-row__pick'>{time}</Text>
        </Picker>
      </View>
    </View>
  );
}

function TextRow({
  label,
  value,
  placeholder,
  testId,
  type = 'text',
  maxlength = 200,
  onInput,
}: {
  label: string;
  value: string;
  placeholder: string;
  testId: string;
  type?: 'text' | 'number';
  maxlength?: number;
  onInput: (value: string) => void;
}) {
  return (
    <View className='form-row'>
      <Text className='form-row__label'>{label}</Text>
      <Input
        className='form-row__input'
        data-testid={testId}
        type={type}
        value={value}
        maxlength={maxlength}
        placeholder={placeholder}
        onInput={(event) => onInput(event.detail.value)}
      />
    </View>
  );
}

/** The form itself, once the tiers (and the activity being edited) are loaded. */
function ActivityForm({ communityId, data }: { communityId?: string; data: FormData }) {
  const { editing } = data;
  const [draft, setDraft] = useState<ActivityDraft>(() => (editing ? draftOf(editing) : defaultDraft(new Date())));
  // A new activity's sign-up closes at its start until the manager picks another deadline.
  const [deadlineFollowsStart, setDeadlineFollowsStart] = useState(!editing);
  const [saving, setSaving] = useState(false);
  const keys = useRef(new IdempotencyKeys());
  const update = (changes: Partial<ActivityDraft>) => setDraft((current) => ({ ...current, ...changes }));

  const tiers = [...data.tiers].sort((a, b) => a.rank - b.rank);
  // The lowest tier is every member: restricting to it would restrict nothing.
  const tierChoices = [
    { code: '', label: '所有会员' },
    ...tiers.slice(1).map((t) => ({ code: t.code, label: `${t.name}及以上` })),
  ];
  const tierIndex = Math.max(
    0,
    tierChoices.findIndex((c) => c.code === draft.minTierCode),
  );

  const moveStart = (date: string, time: string) => {
    const oldStart = momentOf(draft.startDate, draft.startTime);
    const oldEnd = momentOf(draft.endDate, draft.endTime);
    const start = momentOf(date, time);
    const changes: Partial<ActivityDraft> = { startDate: date, startTime: time };
    // Moving the start keeps the activity's length.
    if (oldStart && oldEnd && start) {
      const end = brandParts(new Date(start.getTime() + (oldEnd.getTime() - oldStart.getTime())));
      Object.assign(changes, { endDate: end.date, endTime: end.time });
    }
    if (deadlineFollowsStart) Object.assign(changes, { deadlineDate: date, deadlineTime: time });
    update(changes);
  };

  const problem = draftProblem(draft, new Date());

  const save = async (publish: boolean) => {
    if (problem) {
      await Taro.showToast({ title: problem, icon: 'none' });
      return;
    }
    setSaving(true);
    try {
      if (editing) {
        const changes = activityChangesOf(editing, draft);
        if (Object.keys(changes).length === 0) {
          await Taro.showToast({ title: '没有修改', icon: 'none' });
          return;
        }
        await callAsMember(updateActivity, { params: { activityId: editing.id }, body: changes });
        await Taro.showToast({ title: '已保存', icon: 'success' });
        await Taro.navigateBack();
        return;
      }
      const body = newActivityOf(draft);
      // The same key while the draft is the same: a retry after a lost reply (or a double tap) makes one activity.
      const draftId = JSON.stringify(body);
      const key = keys.current.for(draftId);
      const created = await callAsMember(createActivity, {
        params: { communityId: communityId! },
        body,
        headers: { 'idempotency-key': key },
      }).catch((error: unknown) => {
        keys.current.settle(draftId, error);
        throw error;
      });
      // A publish that fails keeps the key: the next tap finds the same draft and publishes it.
      if (publish) await callAsMember(publishActivity, { params: { activityId: created.id } });
      keys.current.settle(draftId);
      await Taro.showToast({ title: publish ? '已发布' : '已存为草稿', icon: 'success' });
      await Taro.redirectTo({ url: staffActivityPath(created.id) });
    } catch (error) {
      await Taro.showToast({ title: messageOf(error, SAVE_WORDING), icon: 'none' });
    } finally {
      setSaving(false);
    }
  };

  const cover = draft.coverImageUrl.trim();
  return (
    <>
      <Section title='活动内容'>
        <TextRow
          label='标题'
          testId='activity-title'
          value={draft.title}
          maxlength={40}
          placeholder='如：冬季护肤沙龙'
          onInput={(title) => update({ title })}
        />
        <TextRow
          label='封面'
          testId='activity-cover'
          value={draft.coverImageUrl}
          maxlength={500}
          placeholder='https:// 开头的图片链接'
          onInput={(coverImageUrl) => update({ coverImageUrl })}
        />
        {HTTPS_URL.test(cover) && <ActivityCover url={cover} title={draft.title || '活动'} height={260} />}
        <Textarea
          className='form-textarea'
          data-testid='activity-description'
          value={draft.description}
          maxlength={DESCRIPTION_MAX}
          placeholder='活动介绍：流程、嘉宾、适合谁、需要带什么（选填）'
          onInput={(event) => update({ description: event.detail.value })}
        />
      </Section>

      <Section title='时间'>
        <MomentPicker label='开始' testId='activity-start' date={draft.startDate} time={draft.startTime} onChange={moveStart} />
        <MomentPicker
          label='结束'
          testId='activity-end'
          date={draft.endDate}
          time={draft.endTime}
          onChange={(endDate, endTime) => update({ endDate, endTime })}
        />
        <MomentPicker
          label='报名截止'
          testId='activity-deadline'
          date={draft.deadlineDate}
          time={draft.deadlineTime}
          onChange={(deadlineDate, deadlineTime) => {
            setDeadlineFollowsStart(false);
            update({ deadlineDate, deadlineTime });
          }}
        />
        <Text className='form-hint'>签到从开始前 1 小时开放，到结束为止</Text>
      </Section>

      <Section title='地点与名额'>
        <TextRow
          label='地点'
          testId='activity-place'
          value={draft.place}
          placeholder='门店地址或场地'
          onInput={(place) => update({ place })}
        />
        <TextRow
          label='直播链接'
          testId='activity-live'
          value={draft.liveUrl}
          maxlength={500}
          placeholder='线上直播填 https:// 链接'
          onInput={(liveUrl) => update({ liveUrl })}
        />
        <TextRow
          label='名额'
          testId='activity-capacity'
          type='number'
          value={draft.capacity}
          maxlength={5}
          placeholder='人数'
          onInput={(capacity) => update({ capacity })}
        />
        <View className='form-row'>
          <Text className='form-row__label'>报名等级</Text>
          <Picker
            mode='selector'
            range={tierChoices.map((c) => c.label)}
            value={tierIndex}
            onChange={(event) => update({ minTierCode: tierChoices[Number(event.detail.value)]?.code ?? '' })}
          >
            <Text className='form-row__pick' data-testid='activity-tier'>
              {tierChoices[tierIndex].label}
            </Text>
          </Picker>
        </View>
        <TextRow
          label='签到积分'
          testId='activity-points'
          type='number'
          value={draft.pointsReward}
          maxlength={6}
          placeholder='到场签到奖励的积分'
          onInput={(pointsReward) => update({ pointsReward })}
        />
      </Section>

      {problem && <Text className='form-problem'>{problem}</Text>}
      {editing ? (
        <Button className='primary-button' disabled={saving || Boolean(problem) || undefined} onClick={() => void save(false)}>
          保存修改
        </Button>
      ) : (
        <View className='form-actions'>
          <Button
            className='form-actions__draft'
            disabled={saving || Boolean(problem) || undefined}
            onClick={() => void save(false)}
          >
            存为草稿
          </Button>
          <Button
            className='primary-button form-actions__publish'
            disabled={saving || Boolean(problem) || undefined}
            onClick={() => void save(true)}
          >
            直接发布
          </Button>
        </View>
      )}
    </>
  );
}

/** Post a new activity in a community (`?communityId=`), or edit one (`?id=`). */
export default function ActivityFormPage() {
  const params = useRouter().params;
  const editing = params.id !== undefined;
  useEffect(() => {
    if (editing) void Taro.setNavigationBarTitle({ title: '编辑活动' });
  }, [editing]);
  const { state, reload } = useRemote<FormData>(async () => {
    if (params.id !== undefined) {
      if (!OBJECT_ID.test(params.id)) throw new ApiCallError('NOT_FOUND', '活动链接不完整');
      const [programme, editing] = await Promise.all([
        callEndpoint(getProgramOverview),
        callAsMember(getStaffActivity, { params: { activityId: params.id } }),
      ]);
      return { tiers: programme.tiers, editing };
    }
    if (!params.communityId || !OBJECT_ID.test(params.communityId)) throw new ApiCallError('NOT_FOUND', '社群链接不完整');
    return { tiers: (await callEndpoint(getProgramOverview)).tiers };
  });
  return (
    <View className='page manager activity-form'>
      <Screen state={state} onRetry={() => void reload()}>
        {(data) => <ActivityForm communityId={params.communityId} data={data} />}
      </Screen>
    </View>
  );
}
