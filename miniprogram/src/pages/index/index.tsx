import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import {
  getMemberHome,
  getMyRecommendations,
  getMyRegionBenefits,
  getProgramOverview,
  type MemberHome,
  type MyRegionBenefits,
  type MyRecommendations,
  type ProgramOverview,
} from '@memberloop/shared';
import { Recommendations } from '../../components/Recommendations';
import { Screen, Section } from '../../components/Screen';
import { TierLadder } from '../../components/TierLadder';
import { TierProgress } from '../../components/TierProgress';
import { NearbyOfferBanner } from './nearby-offer';
import { RegionPacks } from './region-packs';
import { useRemote } from '../../hooks/use-remote';
import { callEndpoint } from '../../services/api-client';
import { brandTimeZone } from '../../services/brand-time-zone';
import { lastDayText } from '../../services/date-text';
import { callAsMember, followStaffRole } from '../../services/session';
import {
  expiringText,
  greetingText,
  HOME_ENTRIES,
  HOME_GROWTH,
  HOME_TEXT as TEXT,
  memberNoText,
  PAID_MEMBERSHIP_OFFER,
  PAID_MEMBERSHIP_URL,
  paidMembershipText,
  pendingText,
  spendableText,
  tierHeldText,
} from './home-text';
import './index.css';

interface HomeData {
  home: MemberHome;
  programme: ProgramOverview;
  /** Absent when they could not be loaded: the card shows without them. */
  picks?: MyRecommendations;
  /** The region benefit packs of the member's region (absent when they could not be loaded). */
  regionPacks?: MyRegionBenefits;
}

/** The member card: tier and the way to the next one, points and what expires soon, and the way in to the rest. */
export default function HomePage() {
  const { state, reload } = useRemote<HomeData>(async () => {
    const [home, programme, picks, regionPacks] = await Promise.all([
      callAsMember(getMemberHome),
      callEndpoint(getProgramOverview),
      // Suggestions are a bonus: the card does not fail for them.
      callAsMember(getMyRecommendations).catch(() => undefined),
      callAsMember(getMyRegionBenefits).catch(() => undefined),
    ]);
    // A role HQ granted (or took away) since this device signed in: the tokens follow, so the manager's tools work.
    await followStaffRole(home.staffRole).catch(() => undefined);
    return { home, programme, picks, regionPacks };
  });
  // Back from signing in or redeeming: show the new balance.
  useDidShow(() => {
    if (state.kind === 'ready') void reload();
  });

  return (
    <View className='page home'>
      <Screen state={state} onRetry={() => void reload()}>
        {({ home, programme, picks, regionPacks }) => (
          <>
            <View className='home__card'>
              <View className='home__card-top'>
                <Text className='home__brand'>{programme.brandName}</Text>
                <Text className='home__tier-badge'>{home.tier.current.name}</Text>
              </View>
              <Text className='home__name' data-testid='greeting'>
                {greetingText(home.nickname, new Date(), brandTimeZone())}
              </Text>
              {!home.nickname?.trim() && (
                <Text
                  className='home__held'
                  data-testid='set-nickname'
                  onClick={() => void Taro.navigateTo({ url: '/pages/me/index' })}
                >
                  {TEXT.setNickname}
                </Text>
              )}
              <Text className='home__member-no'>{memberNoText(home.memberNo)}</Text>
              <Text className='home__held'>{tierHeldText(lastDayText(home.tier.heldUntil))}</Text>
              <Text
                className='home__held home__paid'
                data-testid='paid-membership'
                onClick={() => void Taro.navigateTo({ url: PAID_MEMBERSHIP_URL })}
              >
                {home.paidMembership
                  ? paidMembershipText(home.paidMembership.planName, lastDayText(home.paidMembership.endsAt))
                  : PAID_MEMBERSHIP_OFFER}
              </Text>
            </View>

            {/* After the card loaded, and only with the position already allowed: asks nothing. */}
            <NearbyOfferBanner loaded={home} />

            <Section title={TEXT.progressTitle}>
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

            <RegionPacks benefits={regionPacks} />

            <Section title={TEXT.pointsTitle}>
              <View className='home__points'>
                <View className='home__points-main'>
                  <Text className='home__points-value' data-testid='points-balance'>
                    {home.points.balance}
                  </Text>
                  <Text className='home__points-label'>{TEXT.balanceLabel}</Text>
                </View>
                <View className='home__points-side'>
                  <Text>{spendableText(home.points.spendable)}</Text>
                  {home.points.pending > 0 && <Text>{pendingText(home.points.pending)}</Text>}
                </View>
              </View>
              {home.points.expiringSoon.length > 0 && (
                <Text className='home__expiring'>
                  {expiringText(home.points.expiringSoon[0].points, lastDayText(home.points.expiringSoon[0].expiresAt))}
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
                  <Text className='home__staff-title'>{TEXT.staffTitle}</Text>
                  <Text className='home__staff-hint'>{TEXT.staffHint}</Text>
                </View>
                <Text className='home__staff-go'>{TEXT.staffGo}</Text>
              </View>
            )}

            <View className='home__entries'>
              {HOME_ENTRIES.map((entry) => (
                <View key={entry.label} className='home__entry' onClick={() => void Taro.navigateTo({ url: entry.url })}>
                  <Text className='home__entry-label'>{entry.label}</Text>
                  <Text className='home__entry-hint'>{typeof entry.hint === 'string' ? entry.hint : entry.hint(home)}</Text>
                </View>
              ))}
            </View>

            <View className='home__growth'>
              {HOME_GROWTH.map((tile) => (
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

            <Section title={TEXT.tiersTitle}>
              <TierLadder tiers={programme.tiers} />
            </Section>
          </>
        )}
      </Screen>
    </View>
  );
}
