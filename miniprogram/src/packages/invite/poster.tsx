import { Image, Text, View } from '@tarojs/components';
import { useShareAppMessage } from '@tarojs/taro';
import { getMyProfile, getMyReferral, getMyReferralQrCode, getProgramOverview } from '@memberloop/shared';
import { MemberFace } from '../../components/ProfileCard';
import { Screen } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { callEndpoint } from '../../services/api-client';
import { callAsMember } from '../../services/session';
import { codeLineText, friendPerks, invitedByText, INVITE_SHARE_TITLE, INVITE_TEXT as TEXT } from './invite-text';
import './index.css';

/** The invitation poster: the member's mini-program code (小程序码) to screenshot or long-press and pass on. */
export default function InvitePosterPage() {
  const { state, reload } = useRemote(async () => {
    const [referral, qr, profile, programme] = await Promise.all([
      callAsMember(getMyReferral),
      callAsMember(getMyReferralQrCode),
      callAsMember(getMyProfile),
      callEndpoint(getProgramOverview),
    ]);
    // An empty image would draw as a broken picture: say so instead.
    const qrImage = qr.imageBase64 ? `data:${qr.contentType};base64,${qr.imageBase64}` : undefined;
    return { referral, qrImage, profile, brandName: programme.brandName };
  });
  const sharePath = state.kind === 'ready' ? state.data.referral.sharePath : '/pages/index/index';
  useShareAppMessage(() => ({ title: INVITE_SHARE_TITLE, path: sharePath }));

  return (
    <View className='page poster-page'>
      <Screen state={state} onRetry={() => void reload()}>
        {({ referral, qrImage, profile, brandName }) => (
          <>
            <View className='poster' data-testid='poster'>
              <View className='poster__top'>
                <Text className='poster__brand'>{brandName}</Text>
                <View className='poster__host'>
                  <MemberFace person={{ nickname: profile.nickname }} url={profile.avatarUrl} size={72} />
                  <Text className='poster__host-name'>{invitedByText(profile)}</Text>
                </View>
                <Text className='poster__headline'>{TEXT.welcomeHeadline}</Text>
                {friendPerks(referral.programme).map((line) => (
                  <Text key={line} className='poster__perk'>
                    {line}
                  </Text>
                ))}
              </View>
              <View className='poster__bottom'>
                {qrImage ? (
                  <Image className='poster__qr' src={qrImage} mode='aspectFit' showMenuByLongpress />
                ) : (
                  <View className='poster__qr poster__qr--missing'>
                    <Text>{TEXT.posterQrMissing}</Text>
                  </View>
                )}
                <Text className='poster__scan'>{qrImage ? TEXT.posterScan : TEXT.posterTellCode}</Text>
                <Text className='poster__code'>{codeLineText(referral.code)}</Text>
              </View>
            </View>
            <Text className='poster-page__hint'>{TEXT.posterHint}</Text>
          </>
        )}
      </Screen>
    </View>
  );
}
