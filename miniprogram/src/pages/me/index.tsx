import { useState } from 'react';
import { Button, Input, Picker, Switch, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import {
  deleteMyAccount,
  exportMyData,
  getMyProfile,
  listMySurveys,
  updateMyConsents,
  updateMyProfile,
  UpdateProfileRequest,
  type ConsentKind,
  type MemberProfile,
} from '@memberloop/shared';
import { ProfileCard } from '../../components/ProfileCard';
import { Screen, Section } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { checkContract } from '../../services/contract-check';
import { callAsMember, forgetSession } from '../../services/session';
import { birthdayQuestion, birthdayText, CONSENTS, exportedText, ME_TEXT as TEXT } from './me-text';
import './index.css';

const PROFILE_FAULTS = { city: TEXT.cityFault, birthday: TEXT.birthdayFault };

/** The member's profile (avatar and nickname, city, birthday once) and their consents, each change saved at once. */
export default function MePage() {
  const { state, reload, set } = useRemote(() => callAsMember(getMyProfile));
  // Open surveys (满意度问卷): the entry shows only while the member has one to answer.
  const surveys = useRemote(() => callAsMember(listMySurveys));
  useDidShow(() => {
    if (surveys.state.kind !== 'loading') void surveys.reload();
  });
  const openSurveys = surveys.state.kind === 'ready' ? surveys.state.data.invitations.length : 0;
  const [draft, setDraft] = useState<{ city?: string }>({});
  const { busy, run } = useAction();
  const checkedCity =
    draft.city === undefined ? undefined : checkContract(UpdateProfileRequest, { city: draft.city }, PROFILE_FAULTS);

  /** Saves profile changes, checked first against the contract the server checks them with. */
  const save = async (changes: UpdateProfileRequest) => {
    const checked = checkContract(UpdateProfileRequest, changes, PROFILE_FAULTS);
    if (!checked.ok) {
      await Taro.showToast({ title: checked.first, icon: 'none' });
      return;
    }
    const saved = await run(() => callAsMember(updateMyProfile, { body: checked.value }), 'profile', { success: TEXT.saved });
    if (saved === undefined) return;
    set(saved);
    setDraft({});
  };

  const consent = async (kind: ConsentKind, granted: boolean) => {
    const saved = await run(() => callAsMember(updateMyConsents, { body: { [kind]: granted } }), `consent-${kind}`);
    if (saved) set(saved);
  };

  const exportData = async () => {
    const data = await run(() => callAsMember(exportMyData), 'export');
    if (!data) return;
    await Taro.setClipboardData({ data: JSON.stringify(data, null, 2) });
    await Taro.showModal({
      title: TEXT.exported,
      content: exportedText({
        purchases: data.purchases.length,
        entries: data.points.entries.length,
        coupons: data.coupons.length,
      }),
      showCancel: false,
    });
  };

  const deleteAccount = async () => {
    if (busy) return;
    const answer = await Taro.showModal({
      title: TEXT.deleteAccount,
      content: TEXT.deleteQuestion,
      confirmText: TEXT.deleteConfirm,
      confirmColor: '#b3261e',
    });
    if (!answer.confirm) return;
    const deleted = await run(() => callAsMember(deleteMyAccount, { body: { confirm: true } }), 'delete-account');
    if (deleted === undefined) return;
    forgetSession();
    await Taro.showToast({ title: TEXT.deleted, icon: 'none' });
    await Taro.reLaunch({ url: '/pages/index/index' });
  };

  const setBirthday = async (profile: MemberProfile, value: string) => {
    const [, month, day] = value.split('-').map(Number);
    const answer = await Taro.showModal({ title: TEXT.birthdayTitle, content: birthdayQuestion(month, day) });
    if (answer.confirm && !profile.birthday) await save({ birthday: { month, day } });
  };

  return (
    <View className='page me'>
      <Screen state={state} onRetry={() => void reload()}>
        {(profile) => (
          <>
            <Section title={TEXT.faceTitle}>
              <ProfileCard profile={profile} hint={TEXT.faceHint} saveLabel={TEXT.saveFace} flat onSaved={set} />
            </Section>

            <Section title={TEXT.basicsTitle}>
              <View className='me__row'>
                <Text className='me__label'>{TEXT.memberNo}</Text>
                <Text className='me__value'>{profile.memberNo}</Text>
              </View>
              <View className='me__row'>
                <Text className='me__label'>{TEXT.phone}</Text>
                <Text className='me__value'>{profile.phoneMasked ?? TEXT.phoneMissing}</Text>
              </View>
              <View className='me__row'>
                <Text className='me__label'>{TEXT.city}</Text>
                <Input
                  className='me__input'
                  data-testid='city'
                  maxlength={20}
                  placeholder={TEXT.cityPlaceholder}
                  value={draft.city ?? profile.city ?? ''}
                  onInput={(event) => setDraft({ ...draft, city: event.detail.value })}
                />
              </View>
              {checkedCity && !checkedCity.ok && (
                <Text className='profile-card__problem' data-testid='city-problem'>
                  {checkedCity.first}
                </Text>
              )}
              <View className='me__row'>
                <Text className='me__label'>{TEXT.birthday}</Text>
                {profile.birthday ? (
                  <Text className='me__value'>{birthdayText(profile.birthday.month, profile.birthday.day)}</Text>
                ) : (
                  <Picker mode='date' value='2000-01-01' onChange={(event) => void setBirthday(profile, event.detail.value)}>
                    <Text className='me__link'>{TEXT.setBirthday}</Text>
                  </Picker>
                )}
              </View>
              <Button
                className='primary-button'
                data-testid='save-city'
                disabled={busy || !checkedCity?.ok || undefined}
                loading={busy || undefined}
                onClick={() => void save({ city: draft.city })}
              >
                {busy ? TEXT.saving : TEXT.saveCity}
              </Button>
            </Section>

            {openSurveys > 0 && (
              <Section title={TEXT.surveyTitle}>
                <View
                  className='me__row'
                  data-testid='me-surveys'
                  onClick={() => void Taro.navigateTo({ url: '/packages/survey/index' })}
                >
                  <Text className='me__label'>{TEXT.surveyEntry(openSurveys)}</Text>
                  <Text className='me__hint'>{TEXT.surveyHint}</Text>
                </View>
              </Section>
            )}

            <Section title={TEXT.storesTitle}>
              <View
                className='me__row'
                data-testid='me-stores'
                onClick={() => void Taro.navigateTo({ url: '/packages/stores/nearby' })}
              >
                <Text className='me__label'>{TEXT.storesEntry}</Text>
                <Text className='me__hint'>{TEXT.storesHint}</Text>
              </View>
            </Section>

            <Section title={TEXT.serviceTitle}>
              <View
                className='me__row'
                data-testid='me-service'
                onClick={() => void Taro.navigateTo({ url: '/packages/service/index' })}
              >
                <Text className='me__label'>{TEXT.serviceEntry}</Text>
                <Text className='me__hint'>{TEXT.serviceHint}</Text>
              </View>
            </Section>

            <Section title={TEXT.privacyTitle}>
              {CONSENTS.map(({ kind, label, hint }) => (
                <View key={kind} className='me__row'>
                  <View className='me__consent-text'>
                    <Text className='me__value'>{label}</Text>
                    <Text className='me__hint'>{hint}</Text>
                  </View>
                  <Switch
                    checked={profile.consents[kind]?.granted ?? false}
                    color='#8a6a3f'
                    disabled={busy || undefined}
                    onChange={(event) => void consent(kind, event.detail.value)}
                  />
                </View>
              ))}
            </Section>

            <Section title={TEXT.dataTitle}>
              <Button size='mini' className='me__data-button' disabled={busy || undefined} onClick={() => void exportData()}>
                {TEXT.exportData}
              </Button>
              <Button size='mini' className='me__delete-button' disabled={busy || undefined} onClick={() => void deleteAccount()}>
                {TEXT.deleteAccount}
              </Button>
            </Section>
          </>
        )}
      </Screen>
    </View>
  );
}
