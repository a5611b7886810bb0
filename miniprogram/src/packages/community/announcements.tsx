import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { joinCommunity, listAnnouncements, type AnnouncementView } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError } from '../../services/api-client';
import { dateTimeText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import { COMMUNITY_TEXT, JOIN_REFUSALS } from './community-text';
import './community.css';

const COMMUNITY_ID = /^[0-9a-f]{24}$/;

/** A community's announcements, latest first (what its WeChat messages open); a member outside it is asked to join. */
export default function AnnouncementsPage() {
  const communityId = useRouter().params.communityId ?? '';
  // One join at a time: a second tap while it runs sends nothing.
  const { busy: joining, run } = useAction();
  const { state, reload } = useRemote<{ announcements: AnnouncementView[] } | { notMember: true }>(async () => {
    if (!COMMUNITY_ID.test(communityId)) throw new ApiCallError('NOT_FOUND', COMMUNITY_TEXT.brokenAnnouncementsLink);
    try {
      return await callAsMember(listAnnouncements, { params: { communityId } });
    } catch (error) {
      // Announcements are for members of the community: someone who left (or was never in) may join here.
      if (error instanceof ApiCallError && error.code === 'FORBIDDEN') return { notMember: true };
      throw error;
    }
  });

  // Joined: the announcements are on screen before the button is free again.
  const join = () =>
    run(
      async () => {
        const joined = await callAsMember(joinCommunity, { params: { communityId } });
        await reload();
        return joined;
      },
      `join:${communityId}`,
      { success: COMMUNITY_TEXT.joinedToast, refusals: JOIN_REFUSALS },
    );

  return (
    <View className='page community'>
      <Screen state={state} onRetry={() => void reload()}>
        {(data) =>
          'notMember' in data ? (
            <Section title={COMMUNITY_TEXT.announcements}>
              <Empty text={COMMUNITY_TEXT.membersOnly} />
              <Button
                className='primary-button'
                data-testid='announcements-join'
                disabled={joining || undefined}
                loading={joining}
                onClick={() => void join()}
              >
                {joining ? COMMUNITY_TEXT.joining : COMMUNITY_TEXT.joinButton}
              </Button>
            </Section>
          ) : (
            <Section title={COMMUNITY_TEXT.announcements}>
              {data.announcements.length === 0 && <Empty text={COMMUNITY_TEXT.noAnnouncements} />}
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
                  {COMMUNITY_TEXT.viewActivities}
                </Text>
              )}
            </Section>
          )
        }
      </Screen>
    </View>
  );
}
