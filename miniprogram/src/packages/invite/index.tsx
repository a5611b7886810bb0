import { Button, Text, View } from '@tarojs/components';
import Taro, { useShareAppMessage } from '@tarojs/taro';
import { getMyReferral, type MyReferral, type ReferralProgrammeView } from '@memberloop/shared';
import { MemberFace, personName, ProfilePrompt } from '../../components/ProfileCard';
import { Empty, Screen, Section } from '../../components/Screen';
import { ShareButton } from '../../components/ShareButton';
import { useRemote } from '../../hooks/use-remote';
import { dayText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import {
  codeLineText,
  friendPerks,
  invitedByText,
  INVITATION_STATUS,
  INVITE_SHARE_TITLE,
  INVITE_TEXT as TEXT,
  invitationReward,
  joinedText,
  programmeLines,
  spacedCode,
} from './invite-text';
import './index.css';

/** The home page opens an invitation: a friend who is not a member yet signs up bound to this member. */
const FALLBACK_SHARE_PATH = '/pages/index/index';

/** What the programme gives, numbered, with when the first purchase's rewards arrive; or that it is off. */
function InviteRules({ programme }: { programme: ReferralProgrammeView }) {
  const lines = programmeLines(programme);
  if (lines.length === 0) return <Empty text={TEXT.rulesOff} />;
  return (
    <View className='invite-rules'>
      {lines.map((line, index) => (
        <View key={line} className='invite-rules__line'>
          <Text className='invite-rules__no'>{index + 1}</Text>
          <Text className='invite-rules__text'>{line}</Text>
        </View>
      ))}
    </View>
  );
}

/**
 * The welcome of a member a friend invited: the friend's face and name, and what the invitation promised them
 * (the welcome gift, the first purchase's extra and when it arrives), as the poster they scanned said it.
 */
function InviterWelcome({
  inviter,
  programme,
}: {
  inviter: NonNullable<MyReferral['inviter']>;
  programme: ReferralProgrammeView;
}) {
  return (
    <View className='poster invite-welcome' data-testid='invite-welcome'>
      <View className='poster__top'>
        <View className='poster__host' data-testid='invited-by'>
          <MemberFace person={inviter} url={inviter.gone ? undefined : inviter.avatarUrl} size={72} />
          <Text className='poster__host-name'>{invitedByText(inviter)}</Text>
        </View>
        <Text className='poster__headline'>{TEXT.welcomeHeadline}</Text>
        {friendPerks(programme).map((line) => (
          <Text key={line} className='poster__perk' data-testid='invite-promise'>
            {line}
          </Text>
        ))}
      </View>
    </View>
  );
}

/** Invite friends: the member's code and what the programme gives, sharing and the poster, and the friends invited. */
export default function InvitePage() {
  const { state, reload } = useRemote(() => callAsMember(getMyReferral));
  const referral = state.kind === 'ready' ? state.data : undefined;
  useShareAppMessage(() => ({ title: INVITE_SHARE_TITLE, path: referral?.sharePath ?? FALLBACK_SHARE_PATH }));

  const copyCode = async (code: string) => {
    try {
      await Taro.setClipboardData({ data: code });
      await Taro.showToast({ title: TEXT.copied, icon: 'none' });
    } catch {
      await Taro.showToast({ title: codeLineText(code), icon: 'none' });
    }
  };

  return (
    <View className='page invite'>
      <Screen state={state} onRetry={() => void reload()}>
        {(referral) => (
          <>
            {referral.inviter && <InviterWelcome inviter={referral.inviter} programme={referral.programme} />}
            <View className='invite-card'>
              <Text className='invite-card__title'>{TEXT.cardTitle}</Text>
              <Text className='invite-card__label'>{TEXT.myCode}</Text>
              <View className='invite-card__code-row'>
                <Text className='invite-card__code' data-testid='invite-code'>
                  {spacedCode(referral.code)}
                </Text>
                <Text className='invite-card__copy' onClick={() => void copyCode(referral.code)}>
                  {TEXT.copy}
                </Text>
              </View>
            </View>

            <ProfilePrompt hint={TEXT.promptHint} onSaved={() => void reload()} />

            <Section title={TEXT.rewardsTitle}>
              <InviteRules programme={referral.programme} />
              <View className='invite__actions'>
                <ShareButton path={referral.sharePath} disabled={!referral.programme.enabled || undefined}>
                  {TEXT.share}
                </ShareButton>
                <Button
                  className='invite__poster-button'
                  disabled={!referral.programme.enabled || undefined}
                  onClick={() => void Taro.navigateTo({ url: '/packages/invite/poster' })}
                >
                  {TEXT.poster}
                </Button>
              </View>
            </Section>

            <View className='invite-totals'>
              <View className='invite-totals__item'>
                <Text className='invite-totals__value' data-testid='invite-friends'>
                  {referral.totals.friends}
                </Text>
                <Text className='invite-totals__label'>{TEXT.friendsLabel}</Text>
              </View>
              <View className='invite-totals__item'>
                <Text className='invite-totals__value'>{referral.totals.points}</Text>
                <Text className='invite-totals__label'>{TEXT.pointsLabel}</Text>
              </View>
              <View className='invite-totals__item'>
                <Text className='invite-totals__value'>{referral.totals.coupons}</Text>
                <Text className='invite-totals__label'>{TEXT.couponsLabel}</Text>
              </View>
            </View>

            <Section title={TEXT.invitationsTitle}>
              {referral.invitations.length === 0 && <Empty text={TEXT.invitationsEmpty} />}
              {referral.invitations.map((invitation, index) => {
                const status = INVITATION_STATUS[invitation.status];
                return (
                  <View key={`${invitation.joinedAt}-${index}`} className='invitation' data-testid='invitation'>
                    <MemberFace person={invitation.friend} url={invitation.friend.avatarUrl} size={80} />
                    <View className='invitation__text'>
                      <Text className='invitation__name'>{personName(invitation.friend)}</Text>
                      <Text className='invitation__date'>{joinedText(dayText(invitation.joinedAt))}</Text>
                    </View>
                    <View className='invitation__side'>
                      <Text className={`invitation__status invitation__status--${status.tone}`}>{status.label}</Text>
                      <Text className='invitation__reward'>{invitationReward(invitation)}</Text>
                    </View>
                  </View>
                );
              })}
            </Section>
          </>
        )}
      </Screen>
    </View>
  );
}
