import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import {
  getMemberHome,
  getMyRecommendations,
  getProgramOverview,
  type MemberHome,
  type MyRecommendations,
  type ProgramOverview,
} from '@memberloop/shared';
import { Recommendations } from '../../components/Recommendations';
import { Screen, Section } from '../../components/Screen';
import { TierLadder } from '../../components/TierLadder';
import { TierProgress } from '../../components/TierProgress';
import { useRemote } from '../../hooks/use-remote';
import { callEndpoint } from '../../services/api-client';
import { lastDayText } from '../../services/date-text';
import { callAsMember, followStaffRole } from '../../services/session';
import './index.css';

interface HomeData {
  home: MemberHome;
  programme: ProgramOverview;
  /** Absent when they could not be loaded: the card shows without them. */
  picks?: MyRecommendations;
}

const ENTRIES: Array<{ label: string; hint: string | ((home: MemberHome) => string); url: string }> = [
  { label: '签到与积分', hint: '连签有惊喜 · 积分明细', url: '/pages/points/index' },
  { label: '积分兑换', hint: '好礼等你拿', url: '/pages/gifts/index' },
  {
    label: '优惠券',
    hint: (home: MemberHome) => (home.coupons.available > 0 ? `${home.coupons.available} 张可用` : '领券更划算'),
    url: '/packages/coupons/index',
  },
  { label: '社群活动', hint: '沙龙 · 试用 · 直播', url: '/packages/community/index' },
  { label: '我的活动', hint: '报名与签到码', url: '/packages/community/mine' },
  { label: '我的资料', hint: '生日与通知', url: '/pages/me/index' },
];

/** Ways to grow with friends, each in its own subpackage: one tap-sized tile each. */
const GROWTH: Array<{ label: string; mark: string; url: string }> = [
  { label: '邀请有礼', mark: '邀', url: '/packages/invite/index' },
  { label: '拼团', mark: '拼', url: '/packages/group-buy/index' },
  { label: '好友助力', mark: '助', url: '/packages/assist/index' },
  { label: '晒单', mark: '晒', url: '/packages/posts/index' },
];

/** The member card: tier and the way to the next one, points and what expires soon, and the way in to the rest. */
export default function HomePage() {
  const { state, reload } = useRemote<HomeData>(async () => {
    const [home, programme, picks] = await Promise.all([
      callAsMember(getMemberHome),
      callEndpoint(getProgramOverview),
      // Suggestions are a bonus: the card does not fail for them.
      callAsMember(getMyRecommendations).catch(() => undefined),
    ]);
    // A role HQ granted (or took away) since this device signed in: the tokens follow, so the manager's tools work.
    await followStaffRole(home.staffRole).catch(() => undefined);
    return { home, programme, picks };
  });
  // Back from signing in or redeeming: show the new balance.
  useDidShow(() => {
    if (state.kind === 'ready') void reload();
  });

  return (
    <View className='page home'>
      <Screen state={state} onRetry={() => void reload()}>
        {({ home, programme, picks }) => (
          <>
            <View className='home__card'>
              <View className='home__card-top'>
                <Text className='home__brand'>{programme.brandName}</Text>
                <Text className='home__tier-badge'>{home.tier.current.name}</Text>
              </View>
              <Text className='home__name'>{home.nickname ?? '尊敬的会员'}</Text>
              <Text className='home__member-no'>会员号 {home.memberNo}</Text>
              <Text className='home__held'>等级有效期至 {lastDayText(home.tier.heldUntil)}</Text>
            </View>

            <Section title='升级进度'>
              <TierProgress
                progress={{
                  currentTier: home.tier.current,
                  nextTier: home.tier.next,
                  criteria: home.tier.criteria,
                  ratio: home.tier.ratio,
                  lockedHighlights: home.tier.lockedHighlights,
                }}
              />
            </Section>

            <Section title='我的积分'>
              <View className='home__points'>
                <View className='home__points-main'>
                  <Text className='home__points-value' data-testid='points-balance'>
                    {home.points.balance}
                  </Text>
                  <Text className='home__points-label'>积分余额</Text>
                </View>
                <View className='home__points-side'>
                  <Text>可用 {home.points.spendable}</Text>
                  {home.points.pending > 0 && <Text>待生效 {home.points.pending}</Text>}
                </View>
              </View>
              {home.points.expiringSoon.length > 0 && (
                <Text className='home__expiring'>
                  {home.points.expiringSoon[0].points} 积分将于 {lastDayText(home.points.expiringSoon[0].expiresAt)}{' '}
                  过期，记得使用哦
                </Text>
              )}
            </Section>

            {home.staffRole && (
              <View
                className='home__staff'
                data-testid='manager-entry'
                onClick={() => void Taro.navigateTo({ url: '/packages/manager/index' })}
              >
                <View className='home__staff-text'>
                  <Text className='home__staff-title'>社群运营台</Text>
                  <Text className='home__staff-hint'>发布活动 · 现场签到 · 发券公告 · 数据看板</Text>
                </View>
                <Text className='home__staff-go'>进入 ›</Text>
              </View>
            )}

            <View className='home__entries'>
              {ENTRIES.map((entry) => (
                <View key={entry.label} className='home__entry' onClick={() => void Taro.navigateTo({ url: entry.url })}>
                  <Text className='home__entry-label'>{entry.label}</Text>
                  <Text className='home__entry-hint'>{typeof entry.hint === 'string' ? entry.hint : entry.hint(home)}</Text>
                </View>
              ))}
            </View>

            <View className='home__growth'>
              {GROWTH.map((tile) => (
                <View
                  key={tile.label}
                  className='home__growth-tile'
                  data-testid='growth-entry'
                  onClick={() => void Taro.navigateTo({ url: tile.url })}
                >
                  <Text className='home__growth-mark'>{tile.mark}</Text>
                  <Text className='home__growth-label'>{tile.label}</Text>
                </View>
              ))}
            </View>

            <Recommendations picks={picks} />

            <Section title='会员等级与权益'>
              <TierLadder tiers={programme.tiers} />
            </Section>
          </>
        )}
      </Screen>
    </View>
  );
}
