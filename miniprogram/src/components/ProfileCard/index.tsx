import { useEffect, useState } from 'react';
import { Button, Image, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  getMyProfile,
  MAX_AVATAR_BYTES,
  NICKNAME_MAX,
  updateMyProfile,
  uploadMyAvatar,
  type MemberProfile,
  type UploadedAvatar,
} from '@memberloop/shared';
import { Avatar } from '../Avatar';
import { useAction } from '../../hooks/use-action';
import { assetUrl } from '../../services/api-client';
import { callAsMember } from '../../services/session';
import { uploadTo, type PickedFile } from '../../services/upload';
import { nicknameProblem, personName, type NamedPerson } from './member-name';
import { PROFILE_TEXT as TEXT } from './profile-text';
import './index.css';

export { GONE_NAME, nicknameProblem, ownName, personName } from './member-name';

const IN_WECHAT = process.env.TARO_ENV === 'weapp';
/** Set once the member skipped the prompt: it is offered once, never again. */
const SKIPPED_KEY = 'profile-card-skipped';

/** A neutral head-and-shoulders for a member without a photo or name, or one who left. */
export function Silhouette({ size = 88 }: { size?: number }) {
  const side = Taro.pxTransform(size);
  return (
    <View className='member-face member-face--silhouette' style={{ width: side, height: side }} data-testid='silhouette'>
      <View className='member-face__head' />
      <View className='member-face__body' />
    </View>
  );
}

/**
 * A person's face: their photo, the first character of their nickname when they have no photo, a silhouette when
 * they have neither or left. `url` may be one of our paths (/api/v1/avatars/…): it is shown from the API's origin.
 */
export function MemberFace({ person, url, size = 88 }: { person: NamedPerson; url?: string | null; size?: number }) {
  if (person.gone) return <Silhouette size={size} />;
  const nickname = person.nickname?.trim();
  if (!url && !nickname) return <Silhouette size={size} />;
  return <Avatar name={nickname || personName(person)} url={url ? assetUrl(url) : undefined} size={size} />;
}

/** The avatar the member picks in a browser (H5): from the album or the camera; undefined when they closed it. */
async function pickInBrowser(): Promise<PickedFile | undefined> {
  try {
    const picked = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
    const file = picked.tempFiles[0];
    if (!file) return undefined;
    return { path: file.path, name: 'avatar', ...(file.originalFileObj instanceof Blob ? { file: file.originalFileObj } : {}) };
  } catch {
    return undefined;
  }
}

export interface ProfileCardProps {
  profile: Pick<MemberProfile, 'nickname' | 'avatarUrl' | 'memberNo'>;
  onSaved: (profile: MemberProfile) => void;
  /** Offered where a name matters: the member may say 以后再说, and is never stopped. */
  onSkip?: () => void;
  title?: string;
  hint?: string;
  saveLabel?: string;
  /** Inside a section of its own (我的): no card of its own around it. */
  flat?: boolean;
}

/**
 * The member's avatar and nickname, the way WeChat allows: the avatar from `<Button open-type="chooseAvatar">` (a
 * picked photo in H5), uploaded to us; the nickname from `<Input type="nickname">` (WeChat offers theirs in the
 * keyboard), checked by the shared rule before it is sent. The button is disabled while saving.
 */
export function ProfileCard({ profile, onSaved, onSkip, title, hint, saveLabel = TEXT.save, flat }: ProfileCardProps) {
  const [nickname, setNickname] = useState(profile.nickname ?? '');
  const [picked, setPicked] = useState<PickedFile>();
  const { busy: saving, run } = useAction();
  // A fault shows once the member typed: an avatar alone may be saved by a member who gives no nickname.
  const [touched, setTouched] = useState(false);
  const changedName = nickname.trim() !== (profile.nickname ?? '');
  const problem = touched ? nicknameProblem(nickname) : undefined;
  const changed = changedName || picked !== undefined;

  const choose = async (chosen: PickedFile | undefined) => {
    if (!chosen) return;
    if (chosen.file && chosen.file.size > MAX_AVATAR_BYTES) {
      await Taro.showToast({ title: TEXT.avatarTooLarge, icon: 'none' });
      return;
    }
    setPicked(chosen);
  };

  const save = async () => {
    if (saving) return;
    if (problem || !changed) return;
    const saved = await run(
      async () => {
        const avatarUrl = picked ? (await uploadTo<UploadedAvatar>(uploadMyAvatar, picked)).url : undefined;
        return callAsMember(updateMyProfile, {
          body: { ...(changedName ? { nickname: nickname.trim() } : {}), ...(avatarUrl ? { avatarUrl } : {}) },
        });
      },
      'profile-card',
      {
        success: TEXT.saved,
        refusals: {
          PAYLOAD_TOO_LARGE: TEXT.avatarTooLarge,
          UNSUPPORTED_MEDIA_TYPE: TEXT.avatarWrongType,
          VALIDATION_FAILED: TEXT.notSaved,
        },
      },
    );
    if (saved === undefined) return;
    setPicked(undefined);
    setNickname(saved.nickname ?? '');
    onSaved(saved);
  };

  const face = picked ? (
    <Image className='profile-card__photo' src={picked.path} mode='aspectFill' />
  ) : (
    <MemberFace person={{ nickname: profile.nickname }} url={profile.avatarUrl} size={120} />
  );

  return (
    <View className={flat ? 'profile-card profile-card--flat' : 'profile-card'} data-testid='profile-card'>
      {title && <Text className='profile-card__title'>{title}</Text>}
      {hint && <Text className='profile-card__hint'>{hint}</Text>}
      <View className='profile-card__body'>
        {IN_WECHAT ? (
          <Button
            className='profile-card__avatar'
            openType='chooseAvatar'
            onChooseAvatar={(event) => void choose({ path: event.detail.avatarUrl, name: 'avatar' })}
          >
            {face}
            <Text className='profile-card__avatar-tip'>{TEXT.changeAvatar}</Text>
          </Button>
        ) : (
          <View className='profile-card__avatar' data-testid='choose-avatar' onClick={() => void pickInBrowser().then(choose)}>
            {face}
            <Text className='profile-card__avatar-tip'>{TEXT.changeAvatar}</Text>
          </View>
        )}
        <View className='profile-card__name'>
          <Text className='profile-card__label'>{TEXT.nickname}</Text>
          <Input
            className='profile-card__input'
            data-testid='nickname'
            type={IN_WECHAT ? 'nickname' : 'text'}
            maxlength={NICKNAME_MAX * 2}
            placeholder={IN_WECHAT ? TEXT.nicknameInWechat : TEXT.nicknameInBrowser}
            value={nickname}
            onInput={(event) => {
              setTouched(true);
              setNickname(event.detail.value);
            }}
            // WeChat fills the nickname it offers on blur, without an input event.
            onBlur={(event) => {
              if (event.detail.value === nickname) return;
              setTouched(true);
              setNickname(event.detail.value);
            }}
          />
          {problem && (
            <Text className='profile-card__problem' data-testid='nickname-problem'>
              {problem}
            </Text>
          )}
        </View>
      </View>
      <View className='profile-card__actions'>
        {onSkip && (
          <Button className='profile-card__skip' size='mini' disabled={saving || undefined} onClick={onSkip}>
            {TEXT.skip}
          </Button>
        )}
        <Button
          className='primary-button profile-card__save'
          data-testid='profile-save'
          disabled={saving || !changed || problem !== undefined || undefined}
          loading={saving || undefined}
          onClick={() => void save()}
        >
          {saving ? TEXT.saving : saveLabel}
        </Button>
      </View>
    </View>
  );
}

/**
 * The card offered once where a name matters (a group-buy, an invitation) to a member without a nickname; gone for
 * good once they save or say 以后再说. Renders nothing otherwise, and never stands in the way.
 */
export function ProfilePrompt({ hint, onSaved }: { hint: string; onSaved?: (profile: MemberProfile) => void }) {
  const [profile, setProfile] = useState<MemberProfile>();
  const [done, setDone] = useState(() => Boolean(Taro.getStorageSync(SKIPPED_KEY)));
  useEffect(() => {
    if (done) return;
    let live = true;
    callAsMember(getMyProfile)
      .then((loaded) => live && setProfile(loaded))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [done]);
  if (done || !profile || profile.nickname) return null;
  return (
    <ProfileCard
      profile={profile}
      title={TEXT.promptTitle}
      hint={hint}
      onSaved={(saved) => {
        setDone(true);
        onSaved?.(saved);
      }}
      onSkip={() => {
        Taro.setStorageSync(SKIPPED_KEY, true);
        setDone(true);
      }}
    />
  );
}
