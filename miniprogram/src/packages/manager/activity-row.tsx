import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { StaffActivityView } from '@memberloop/shared';
import { ActivityCover } from '../../components/ActivityCover';
import { assetUrl } from '../../services/api-client';
import { dateTimeText } from '../../services/date-text';
import { staffActivityPath } from './labels';
import { staffActivityStatus } from './manager-text';
import { STAFF_ACTIVITY_TEXT as T } from './staff-activity-text';

/** One of the community's activities on the manager's list: when, its state and its numbers. */
export function StaffActivityRow({ activity, now }: { activity: StaffActivityView; now: number }) {
  const status = staffActivityStatus(activity, now);
  return (
    <View
      className='staff-activity'
      data-testid='staff-activity'
      onClick={() => void Taro.navigateTo({ url: staffActivityPath(activity.id) })}
    >
      <ActivityCover url={assetUrl(activity.coverImageUrl)} title={activity.title} width={140} height={140} />
      <View className='staff-activity__body'>
        <View className='staff-activity__line'>
          <Text className='staff-activity__title'>{activity.title}</Text>
          <Text className={`status status--${status.tone}`}>{status.label}</Text>
        </View>
        <Text className='staff-activity__meta'>{T.startsAt(dateTimeText(activity.startsAt))}</Text>
        <Text className='staff-activity__counts'>
          {T.rowCounts(activity.counts.confirmed, activity.capacity, activity.counts.waitlisted, activity.counts.checkedIn)}
        </Text>
      </View>
    </View>
  );
}
