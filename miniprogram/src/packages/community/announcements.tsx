import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { joinCommunity, listAnnouncements, type AnnouncementView } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, messageOf } from '../../services/api-client';
import { dateTimeText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import './community.css';

const COMMUNITY_ID = /^[0-9a-f]{24}$/;

/** A community's announcements, latest first (what its WeChat messages open); a member outside it is asked to join. */
export default function AnnouncementsPage() {
  const communityId = useRouter().params.communityId ?? '';
  const [joining, setJoining] = useState(false);
  const { state, reload } = useRemote<{ announcements: AnnouncementView[] } | { notMember: true }>(async () => {
    if (!COMMUNITY_ID.test(communityId)) throw new ApiCallError('NOT_FOUND', '公告链接不完整，请重新打开');
    try {
      return await callAsMember(listAnnouncements, { params: { communityId } });
    } catch (error) {
      // Announcements are for members of the community: someone who left (or was never in) may join here.
      if (error instanceof ApiCallError && error.code === 'FORBIDDEN') return { notMember: true };
      throw error;
    }
  });

  const join = async () => {
    setJoining(true);
    try {
      await callAsMember(joinCommunity, { params: { communityId } });
      await reload();
    } catch (error) {
      await Taro.showToast({ title: messageOf(error, { FORBIDDEN: '你已被移出这个社群，暂时不能加入' }), icon: 'none' });
    } finally {
      setJoining(false);
    }
  };

  return (
    <View className='page community'>
      <Screen state={state} onRetry={() => void reload()}>
        {(data) =>
          'notMember' in data ? (
            <Section title='社群公告'>
              <Empty text='加入社群后才能查看它的公告' />
              <Button className='primary-button' disabled={joining || undefined} onClick={() => void join()}>
                加入社群
              </Button>
            </Section>
          ) : (
            <Section title='社群公告'>
              {data.announcements.length === 0 && <Empty text='还没有公告' />}
              {data.announcements.map((announcement) => (
                <View key={announcement.id} className='announcement' data-testid='announcement'>
                  <View className='announcement__head'>
                    <Text className='announcement__title'>{announcement.title}</Text>
                    <Text className='announcement__date'>{dateTimeText(announcement.createdAt)}</Text>
                  </View>
                  <Text className='announcement__body'>{announcement.body}</Text>
                </View>
              ))}
              {data.announcements.length > 0 && (
                <Text
                  className='community__empty-link'
                  onClick={() => void Taro.navigateTo({ url: `/packages/community/index?communityId=${communityId}` })}
                >
                  查看社群活动
                </Text>
              )}
            </Section>
          )
        }
      </Screen>
    </View>
  );
}
