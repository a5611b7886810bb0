import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { listCommunityMembers, type ResponseOf, type StaffCommunityMemberView } from '@memberloop/shared';
import { MemberFace } from '../../components/ProfileCard';
import { Empty, Screen, Section } from '../../components/Screen';
import { usePaged, type Paged } from '../../hooks/use-paged';
import type { Remote } from '../../hooks/use-remote';
import { ApiCallError } from '../../services/api-client';
import { dayText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import { memberName } from './manager-text';
import { MEMBERS_TEXT as T } from './members-text';
import './manager.css';

const COMMUNITY_ID = /^[0-9a-f]{24}$/;
const PAGE_SIZE = 30;

type MembersPage = ResponseOf<typeof listCommunityMembers>;

/** The list as a screen shows it: loading or failed until its first page is in, then the members (kept during a refresh). */
function membersScreen(list: Paged<StaffCommunityMemberView, MembersPage>): Remote<StaffCommunityMemberView[]> {
  if (list.first !== undefined) return { kind: 'ready', data: list.items };
  return list.failure !== undefined ? { kind: 'failed', message: list.failure } : { kind: 'loading' };
}

/** A community's members, earliest joined first, a page at a time, with their face and nickname; phones masked as the API gives them. */
export default function CommunityMembersPage() {
  const communityId = useRouter().params.communityId ?? '';
  const list = usePaged<StaffCommunityMemberView, MembersPage>({
    fetch: (cursor) => {
      if (!COMMUNITY_ID.test(communityId)) return Promise.reject(new ApiCallError('NOT_FOUND', T.linkBroken));
      return callAsMember(listCommunityMembers, { params: { communityId }, query: { limit: PAGE_SIZE, cursor } });
    },
    items: (page) => page.members,
    key: (member) => member.memberNo,
  });

  return (
    <View className='page manager'>
      <Screen state={membersScreen(list)} onRetry={() => void list.refresh()}>
        {(members) => (
          <Section title={T.title} extra={<Text className='form-hint'>{T.phonesMasked}</Text>}>
            {members.length === 0 && <Empty text={T.empty} />}
            {members.map((member) => (
              <View key={member.memberNo} className='member-row' data-testid='community-member'>
                <MemberFace person={member} url={member.avatarUrl} size={72} />
                <View className='member-row__who'>
                  <Text className='member-row__name'>{memberName(member)}</Text>
                  <Text className='member-row__meta'>
                    {member.phoneMasked ?? T.noPhone} · {T.joined(dayText(member.joinedAt))}
                  </Text>
                </View>
                <Text className='tag'>{member.tier.name}</Text>
              </View>
            ))}
            {list.problem && <Text className='form-problem'>{list.problem}</Text>}
            {!list.done ? (
              <Button
                size='mini'
                className='manager__more'
                data-testid='members-more'
                disabled={list.loading !== false || undefined}
                onClick={() => void list.more()}
              >
                {list.loading === 'more' ? T.loadingMore : T.more}
              </Button>
            ) : (
              members.length > 0 && <Text className='manager__end'>{T.total(members.length)}</Text>
            )}
          </Section>
        )}
      </Screen>
    </View>
  );
}
