import { Image, Text, View } from '@tarojs/components';
import { useShareAppMessage } from '@tarojs/taro';
import { getMyProfile, getMyReferral, getMyReferralQrCode, getProgramOverview } from '@memberloop/shared';
import { MemberFace } from '../../components/ProfileCard';
import { Screen } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { callEndpoint } from '../../services/api-client';
import { callAsMember } from '../../services/session';
import { friendPerks, INVITE_SHARE_TITLE, spacedCode } from './invite-text';
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
                  <Text className='poster__host-name'>{profile.nickname ?? '你的好友'} 邀请你加入会员</Text>
                </View>
                <Text className='poster__headline'>送你一份会员见面礼</Text>
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
                    <Text>小程序码暂时无法生成，请下拉或稍后再试</Text>
                  </View>
                )}
                <Text className='poster__scan'>{qrImage ? '长按识别小程序码，领取见面礼' : '也可以把邀请码告诉好友'}</Text>
                <Text className='poster__code'>邀请码 {spacedCode(referral.code)}</Text>
              </View>
            </View>
            <Text className='poster-page__hint'>截屏保存海报，或长按小程序码保存、转发给好友</Text>
          </>
        )}
      </Screen>
    </View>
  );
}
