import { useEffect, useState } from 'react';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  createActivity,
  getProgramOverview,
  getStaffActivity,
  MAX_ACTIVITY_COVER_BYTES,
  publishActivity,
  updateActivity,
  type StaffActivityView,
  type TierDefinition,
} from '@memberloop/shared';
import { ActivityCover } from '../../components/ActivityCover';
import { Screen, Section } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, assetUrl, callEndpoint } from '../../services/api-client';
import { callAsMember } from '../../services/session';
import {
  activityChangesOf,
  defaultDraft,
  draftOf,
  draftProblem,
  brandParts,
  momentOf,
  newActivityOf,
  type ActivityDraft,
} from './activity-draft';
import {
  ACTIVITY_FORM_TEXT as T,
  COVER_REFUSALS,
  DESCRIPTION_MAX,
  PLACE_MAX,
  SAVE_REFUSALS,
  TITLE_MAX,
} from './activity-form-text';
import { pickCoverPhoto, uploadCover, type PickedCover } from './cover-photo';
import { staffActivityPath } from './labels';
import './manager.css';

const OBJECT_ID = /^[0-9a-f]{24}$/;

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

/**
 * The cover: a row with its label and what can be done (choose; change or remove), the picked photo (uploaded on
 * saving) or the saved one beneath it at the width of the form.
 */
function CoverRow({ url, title, onPick, onRemove }: { url?: string; title: string; onPick: () => void; onRemove: () => void }) {
  return (
    <View data-testid='activity-cover'>
      <View className='form-row'>
        <Text className='form-row__label'>{T.cover}</Text>
        {url ? (
          <View className='cover-pick__actions'>
            <Button size='mini' data-testid='activity-cover-change' onClick={onPick}>
              {T.coverChange}
            </Button>
            <Button size='mini' data-testid='activity-cover-remove' onClick={onRemove}>
              {T.coverRemove}
            </Button>
          </View>
        ) : (
          <Button size='mini' className='cover-pick__choose' data-testid='activity-cover-choose' onClick={onPick}>
            {T.coverChoose}
          </Button>
        )}
      </View>
      {url ? (
        <View className='cover-pick' data-testid='activity-cover-preview'>
          <ActivityCover url={url} title={title || T.coverFallbackTitle} height={300} />
        </View>
      ) : (
        <Text className='form-hint'>{T.coverHint}</Text>
      )}
    </View>
  );
}

/** The form itself, once the tiers (and the activity being edited) are loaded. */
function ActivityForm({ communityId, data }: { communityId?: string; data: FormData }) {
  const { editing } = data;
  const [draft, setDraft] = useState<ActivityDraft>(() => (editing ? draftOf(editing) : defaultDraft(new Date())));
  // A new activity's sign-up closes at its start until the manager picks another deadline.
  const [deadlineFollowsStart, setDeadlineFollowsStart] = useState(!editing);
  // A photo picked for the cover: uploaded when the form is saved.
  const [picked, setPicked] = useState<PickedCover>();
  const { busy, run } = useAction();
  const [step, setStep] = useState<'cover' | 'save'>();
  const update = (changes: Partial<ActivityDraft>) => setDraft((current) => ({ ...current, ...changes }));
  const scopeId = editing?.communityId ?? communityId ?? '';

  const tiers = [...data.tiers].sort((a, b) => a.rank - b.rank);
  // The lowest tier is every member: restricting to it would restrict nothing.
  const tierChoices = [
    { code: '', label: T.everyMember },
    ...tiers.slice(1).map((t) => ({ code: t.code, label: T.tierAndUp(t.name) })),
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

  const pick = async () => {
    const photo = await pickCoverPhoto();
    if (!photo) return;
    if (photo.size > MAX_ACTIVITY_COVER_BYTES) {
      await Taro.showToast({ title: T.coverTooLarge, icon: 'none' });
      return;
    }
    setPicked(photo);
  };

  const removeCover = () => {
    setPicked(undefined);
    update({ coverImageUrl: '' });
  };

  const problem = draftProblem(draft, new Date(), picked !== undefined);

  /** The picked photo uploaded (once: a retry after a failed save reuses it): the draft with its cover. */
  const withUploadedCover = async (): Promise<ActivityDraft | undefined> => {
    if (!picked) return draft;
    setStep('cover');
    const uploaded = await run(() => uploadCover(scopeId, picked), `cover:${picked.path}`, { refusals: COVER_REFUSALS });
    if (!uploaded) return undefined;
    setPicked(undefined);
    update({ coverImageUrl: uploaded.url });
    return { ...draft, coverImageUrl: uploaded.url };
  };

  const save = async (publish: boolean) => {
    // Checked against the server's contract first: nothing is uploaded or sent while a field is at fault.
    if (busy) return;
    if (problem) {
      await Taro.showToast({ title: problem, icon: 'none' });
      return;
    }
    if (editing && !picked && Object.keys(activityChangesOf(editing, draft)).length === 0) {
      await Taro.showToast({ title: T.noChanges, icon: 'none' });
      return;
    }
    const ready = await withUploadedCover();
    setStep('save');
    if (!ready) return;
    if (editing) {
      const changes = activityChangesOf(editing, ready);
      const saved = await run(
        () => callAsMember(updateActivity, { params: { activityId: editing.id }, body: changes }),
        `edit:${JSON.stringify(changes)}`,
        { success: T.saved, refusals: SAVE_REFUSALS },
      );
      if (saved) await Taro.navigateBack();
      return;
    }
    const body = newActivityOf(ready);
    // The same key while the draft is the same: a retry after a lost reply (or a double tap) makes one activity.
    const outcome = await run(
      async (key) => {
        const created = await callAsMember(createActivity, {
          params: { communityId: communityId! },
          body,
          headers: { 'idempotency-key': key },
        });
        if (!publish) return { created, published: false };
        // The draft is made: a publish refused leaves it a draft, which the activity page publishes.
        const published = await callAsMember(publishActivity, { params: { activityId: created.id } }).then(
          () => true,
          () => false,
        );
        return { created, published };
      },
      JSON.stringify(body),
      { refusals: SAVE_REFUSALS },
    );
    if (!outcome) return;
    const title = !publish ? T.draftSaved : outcome.published ? T.published : T.publishFailed;
    await Taro.showToast({ title, icon: title.length > 7 ? 'none' : 'success' });
    await Taro.redirectTo({ url: staffActivityPath(outcome.created.id) });
  };

  const coverUrl = picked ? picked.path : draft.coverImageUrl ? assetUrl(draft.coverImageUrl) : undefined;
  const blocked = busy || Boolean(problem) || undefined;
  const busyLabel = step === 'cover' ? T.uploadingCover : T.saving;
  return (
    <>
      <Section title={T.sectionContent}>
        <TextRow
          label={T.title}
          testId='activity-title'
          value={draft.title}
          maxlength={TITLE_MAX}
          placeholder={T.titlePlaceholder}
          onInput={(title) => update({ title })}
        />
        <CoverRow url={coverUrl} title={draft.title} onPick={() => void pick()} onRemove={removeCover} />
        <Textarea
          className='form-textarea'
          data-testid='activity-description'
          value={draft.description}
          maxlength={DESCRIPTION_MAX}
          placeholder={T.descriptionPlaceholder}
          onInput={(event) => update({ description: event.detail.value })}
        />
      </Section>

      <Section title={T.sectionTime}>
        <MomentPicker
          label={T.start}
          testId='activity-start'
          date={draft.startDate}
          time={draft.startTime}
          onChange={moveStart}
        />
        <MomentPicker
          label={T.end}
          testId='activity-end'
          date={draft.endDate}
          time={draft.endTime}
          onChange={(endDate, endTime) => update({ endDate, endTime })}
        />
        <MomentPicker
          label={T.deadline}
          testId='activity-deadline'
          date={draft.deadlineDate}
          time={draft.deadlineTime}
          onChange={(deadlineDate, deadlineTime) => {
            setDeadlineFollowsStart(false);
            update({ deadlineDate, deadlineTime });
          }}
        />
        <Text className='form-hint'>{T.checkInWindow}</Text>
      </Section>

      <Section title={T.sectionPlace}>
        <TextRow
          label={T.place}
          testId='activity-place'
          value={draft.place}
          maxlength={PLACE_MAX}
          placeholder={T.placePlaceholder}
          onInput={(place) => update({ place })}
        />
        <TextRow
          label={T.live}
          testId='activity-live'
          value={draft.liveUrl}
          maxlength={500}
          placeholder={T.livePlaceholder}
          onInput={(liveUrl) => update({ liveUrl })}
        />
        <TextRow
          label={T.capacity}
          testId='activity-capacity'
          type='number'
          value={draft.capacity}
          maxlength={5}
          placeholder={T.capacityPlaceholder}
          onInput={(capacity) => update({ capacity })}
        />
        <View className='form-row'>
          <Text className='form-row__label'>{T.tier}</Text>
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
          label={T.points}
          testId='activity-points'
          type='number'
          value={draft.pointsReward}
          maxlength={6}
          placeholder={T.pointsPlaceholder}
          onInput={(pointsReward) => update({ pointsReward })}
        />
      </Section>

      {problem && (
        <Text className='form-problem' data-testid='activity-problem'>
          {problem}
        </Text>
      )}
      {editing ? (
        <Button className='primary-button' data-testid='activity-save' disabled={blocked} onClick={() => void save(false)}>
          {busy ? busyLabel : T.saveChanges}
        </Button>
      ) : (
        <View className='form-actions'>
          <Button
            className='form-actions__draft'
            data-testid='activity-save-draft'
            disabled={blocked}
            onClick={() => void save(false)}
          >
            {T.saveDraft}
          </Button>
          <Button
            className='primary-button form-actions__publish'
            data-testid='activity-publish'
            disabled={blocked}
            onClick={() => void save(true)}
          >
            {busy ? busyLabel : T.publishNow}
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
    if (editing) void Taro.setNavigationBarTitle({ title: T.editTitle });
  }, [editing]);
  const { state, reload } = useRemote<FormData>(async () => {
    if (params.id !== undefined) {
      if (!OBJECT_ID.test(params.id)) throw new ApiCallError('NOT_FOUND', T.activityLinkBroken);
      const [programme, editing] = await Promise.all([
        callEndpoint(getProgramOverview),
        callAsMember(getStaffActivity, { params: { activityId: params.id } }),
      ]);
      return { tiers: programme.tiers, editing };
    }
    if (!params.communityId || !OBJECT_ID.test(params.communityId)) throw new ApiCallError('NOT_FOUND', T.communityLinkBroken);
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
