import { Text, View } from '@tarojs/components';
import { getMyPaidMembership } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { lastDayText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import { PAID_MEMBERSHIP_TEXT as T, benefitLines, expiryText, planPackLine, priceText, statusText } from './paid-membership-text';
import './index.css';

/** The member's paid membership (付费会员): plan, status and expiry on the brand's clock, benefits, plans on sale. */
export default function PaidMembershipPage() {
  const { state, reload } = useRemote(() => callAsMember(getMyPaidMembership, {}));
  return (
    <View className='page'>
      <Screen state={state} onRetry={() => void reload()}>
        {({ subscription, plans }) => (
          <>
            {subscription ? (
              <View className='paid-card' data-testid='paid-card'>
                <Text className='paid-card__name'>{subscription.planName}</Text>
                <Text
                  className={`paid-card__status${subscription.status === 'active' ? '' : ' paid-card__status--ended'}`}
                  data-testid='paid-status'
                >
                  {statusText(subscription.status)}
                </Text>
                <Text className='paid-card__meta' data-testid='paid-expiry'>
                  {priceText(subscription.priceFen, subscription.term)} ·{' '}
                  {expiryText(subscription.status, lastDayText(subscription.endsAt))}
                </Text>
                {subscription.renewable && <Text className='paid-card__hint'>{T.renewHint}</Text>}
              </View>
            ) : (
              <Section title={T.mine}>
                <Empty text={T.none} />
              </Section>
            )}
            {subscription && (
              <Section title={T.benefits}>
                {benefitLines(subscription.benefits).map((line) => (
                  <View key={line} className='paid-benefit' data-testid='paid-benefit'>
                    <Text className='paid-benefit__mark'>✦</Text>
                    <Text>{line}</Text>
                  </View>
                ))}
              </Section>
            )}
            <Section title={T.onSale}>
              {plans.length === 0 && <Empty text={T.noPlans} />}
              {plans.map((plan) => (
                <View key={plan.id} className='paid-plan' data-testid='paid-plan'>
                  <Text className='paid-plan__name'>{plan.name}</Text>
                  <Text className='paid-plan__price'>{priceText(plan.priceFen, plan.term)}</Text>
                  <Text className='paid-plan__benefits'>
                    {[
                      ...benefitLines({ ...plan.benefits, couponPack: [] }),
                      ...(planPackLine(plan.benefits.couponPack) ? [planPackLine(plan.benefits.couponPack)!] : []),
                    ].join(' · ') || T.noExtra}
                  </Text>
                </View>
              ))}
              <Text className='paid-hint'>{T.buyHint}</Text>
            </Section>
          </>
        )}
      </Screen>
    </View>
  );
}
