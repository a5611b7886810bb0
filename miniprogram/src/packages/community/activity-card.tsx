import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ActivityView } from '@memberloop/shared';
import { ActivityCover } from '../../components/ActivityCover';
import { activityBadge, activityPath, activityTimeText, seatsText, venueText } from './activity-text';

/** One activity in a list: cover, title, time and place, seats, and the member's own state; tap for the details. */
export function ActivityCard({ activity, now }: { activity: ActivityView; now: number }) {
  const badge = activityBadge(activity, now);
  const live = activity.status === 'published' && now < Date.parse(activity.endsAt);
  return (
    <View
      className='activity-card'
      data-testid='activity'
      onClick={() => void Taro.navigateTo({ url: activityPath(activity.id) })}
    >
      <ActivityCover url={activity.coverImageUrl} title={activity.title} width={190} height={190} />
      <View className='activity-card__body'>
        <Text className='activity-card__title'>{activity.title}</Text>
        <Text className='activity-card__meta'>{activityTimeText(activity.startsAt, activity.endsAt)}</Text>
        <Text className='activity-card__meta'>{venueText(activity)}</Text>
        <View className='activity-card__foot'>
          <Text className='activity-card__seats'>{live ? seatsText(activity) : activity.communityName}</Text>
          <Text className={`chip chip--${badge.tone}`} data-testid='activity-badge'>
            {badge.label}
          </Text>
        </View>
      </View>
    </View>
  );
}
