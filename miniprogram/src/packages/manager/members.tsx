import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { listCommunityMembers, type StaffCommunityMemberView } from '@memberloop/shared';
import { Avatar } from '../../components/Avatar';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, messageOf } from '../../services/api-client';
import { dayText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import { memberName } from './manager-text';
import './manager.css';

const COMMUNITY_ID = /^[0-9a-f]{24}$/;
const PAGE_SIZE = 30;

interface MembersData {
  members: StaffCommunityMemberView[];
  nextCursor?: string;
}

/** A community's members, earliest joined first, a page at a time; phones masked as the API gives them. */
export default function CommunityMembersPage() {
  const communityId = useRouter().params.communityId ?? '';
  const [loadingMore, setLoadingMore] = useState(false);
  const { state, reload, set } = useRemote<MembersData>(async () => {
    if (!COMMUNITY_ID.test(communityId)) throw new ApiCallError('NOT_FOUND', '社群链接不完整');
    return callAsMember(listCommunityMembers, { params: { communityId }, query: { limit: PAGE_SIZE } });
  });

  const loadMore = async (data: MembersData) => {
    if (!data.nextCursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const next = await callAsMember(listCommunityMembers, {
        params: { communityId },
        query: { limit: PAGE_SIZE, cursor: data.nextCursor },
      });
      set({ members: [...data.members, ...next.members], nextCursor: next.nextCursor });
    } catch (error) {
      await Taro.showToast({ title: messageOf(error), icon: 'none' });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <View className='page manager'>
      <Screen state={state} onRetry={() => void reload()}>
        {(data) => (
          <Section title='社群成员' extra={<Text className='form-hint'>手机号已脱敏</Text>}>
            {data.members.length === 0 && <Empty text='还没有成员加入' />}
            {data.members.map((member) => (
              <View key={member.memberNo} className='member-row' data-testid='community-member'>
                <Avatar name={member.nickname} size={72} />
                <View className='member-row__who'>
                  <Text className='member-row__name'>{memberName(member)}</Text>
                  <Text className='member-row__meta'>
                    {member.phoneMasked ?? '未绑定手机'} · {dayText(member.joinedAt)} 加入
                  </Text>
                </View>
                <Text className='tag'>{member.tier.name}</Text>
              </View>
            ))}
            {data.nextCursor ? (
              <Button
                size='mini'
                className='manager__more'
                disabled={loadingMore || undefined}
                onClick={() => void loadMore(data)}
              >
                {loadingMore ? '加载中…' : '加载更多'}
              </Button>
            ) : (
              data.members.length > 0 && <Text className='manager__end'>共 {data.members.length} 位成员</Text>
            )}
          </Section>
        )}
      </Screen>
    </View>
  );
}
