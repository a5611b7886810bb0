import { Button, Text, View } from '@tarojs/components';
import Taro, { useShareAppMessage } from '@tarojs/taro';
import { getMyReferral, type ReferralProgrammeView } from '@memberloop/shared';
import { MemberFace, personName, ProfilePrompt } from '../../components/ProfileCard';
import { Empty, Screen, Section } from '../../components/Screen';
import { ShareButton } from '../../components/ShareButton';
import { useRemote } from '../../hooks/use-remote';
import { dayText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import { INVITATION_STATUS, INVITE_SHARE_TITLE, invitationReward, programmeLines, spacedCode } from './invite-text';
import './index.css';

/** The home page opens an invitation: a friend who is not a member yet signs up bound to this member. */
const FALLBACK_SHARE_PATH = '/pages/index/index';

/** What the programme gives, numbered, with when the first purchase's rewards arrive; or that it is off. */
function InviteRules({ programme }: { programme: ReferralProgrammeView }) {
  const lines = programmeLines(programme);
  if (lines.length === 0) return <Empty text='邀请活动暂未开启，敬请期待' />;
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

/** Invite friends: the member's code and what the programme gives, sharing and the poster, and the friends invited. */
export default function InvitePage() {
  const { state, reload } = useRemote(() => callAsMember(getMyReferral));
  const referral = state.kind === 'ready' ? state.data : undefined;
  useShareAppMessage(() => ({ title: INVITE_SHARE_TITLE, path: referral?.sharePath ?? FALLBACK_SHARE_PATH }));

  const copyCode = async (code: string) => {
    try {
      await Taro.setClipboardData({ data: code });
      await Taro.showToast({ title: '邀请码已复制', icon: 'none' });
    } catch {
      await Taro.showToast({ title: `邀请码 ${code}`, icon: 'none' });
    }
  };

  return (
    <View className='page invite'>
      <Screen state={state} onRetry={() => void reload()}>
        {(referral) => (
          <>
            <View className='invite-card'>
              <Text className='invite-card__title'>邀请好友，一起享好礼</Text>
              <Text className='invite-card__label'>我的邀请码</Text>
              <View className='invite-card__code-row'>
                <Text className='invite-card__code' data-testid='invite-code'>
                  {spacedCode(referral.code)}
                </Text>
                <Text className='invite-card__copy' onClick={() => void copyCode(referral.code)}>
                  复制
                </Text>
              </View>
              {referral.inviter && (
                <View className='invite-card__by' data-testid='invited-by'>
                  <MemberFace person={referral.inviter} url={referral.inviter.avatarUrl} size={44} />
                  <Text>你由 {personName(referral.inviter)} 邀请加入</Text>
                </View>
              )}
            </View>

            <ProfilePrompt
              hint='好友收到的邀请和海报上会显示你的头像和昵称，更容易认出你。可以跳过，不影响邀请。'
              onSaved={() => void reload()}
            />

            <Section title='邀请奖励'>
              <InviteRules programme={referral.programme} />
              <View className='invite__actions'>
                <ShareButton path={referral.sharePath} disabled={!referral.programme.enabled || undefined}>
                  分享给微信好友
                </ShareButton>
                <Button
                  className='invite__poster-button'
                  disabled={!referral.programme.enabled || undefined}
                  onClick={() => void Taro.navigateTo({ url: '/packages/invite/poster' })}
                >
                  生成邀请海报
                </Button>
              </View>
            </Section>

            <View className='invite-totals'>
              <View className='invite-totals__item'>
                <Text className='invite-totals__value' data-testid='invite-friends'>
                  {referral.totals.friends}
                </Text>
                <Text className='invite-totals__label'>已邀请好友</Text>
              </View>
              <View className='invite-totals__item'>
                <Text className='invite-totals__value'>{referral.totals.points}</Text>
                <Text className='invite-totals__label'>获得积分</Text>
              </View>
              <View className='invite-totals__item'>
                <Text className='invite-totals__value'>{referral.totals.coupons}</Text>
                <Text className='invite-totals__label'>获得优惠券</Text>
              </View>
            </View>

            <Section title='我的邀请'>
              {referral.invitations.length === 0 && <Empty text='还没有好友通过你的邀请加入，快去分享吧' />}
              {referral.invitations.map((invitation, index) => {
                const status = INVITATION_STATUS[invitation.status];
                return (
                  <View key={`${invitation.joinedAt}-${index}`} className='invitation' data-testid='invitation'>
                    <MemberFace person={invitation.friend} url={invitation.friend.avatarUrl} size={80} />
                    <View className='invitation__text'>
                      <Text className='invitation__name'>{personName(invitation.friend)}</Text>
                      <Text className='invitation__date'>{dayText(invitation.joinedAt)} 加入</Text>
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
