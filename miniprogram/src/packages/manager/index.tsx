import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { listStaffCommunities } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError } from '../../services/api-client';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { COMMUNITY_KIND_LABEL } from '../../services/community-kind';
import { DESK_TEXT as T } from './desk-text';
import './manager.css';

const TOOLS = T.tools;
const HQ_CONSOLE = T.hqConsole;

/** The community manager's desk: the communities they run (all of them for HQ), review and the dashboard. */
export default function ManagerHomePage() {
  const { state, reload } = useRemote(async () => {
    try {
      return (await callAsMember(listStaffCommunities)).communities;
    } catch (error) {
      // A member without a staff role (an old link, a role taken away) is told whose desk this is.
      if (error instanceof ApiCallError && error.code === 'FORBIDDEN')
        throw new ApiCallError('FORBIDDEN', T.staffOnly, error.status);
      throw error;
    }
  });
  useDidShow(() => {
    if (state.kind === 'ready') void reload();
  });
  const role = staffRoleOfSession();
  const tools = role === 'hq' ? [HQ_CONSOLE, ...TOOLS] : TOOLS;

  return (
    <View className='page manager'>
      <View className='manager-hero'>
        <Text className='manager-hero__title'>{T.title}</Text>
        <Text className='manager-hero__hint'>{role === 'hq' ? T.hqHint : T.managerHint}</Text>
      </View>
      <View className='manager-tools'>
        {tools.map((tool) => (
          <View
            key={tool.label}
            className='manager-tool'
            data-testid='manager-tool'
            onClick={() => void Taro.navigateTo({ url: tool.url })}
          >
            <Text className='manager-tool__mark'>{tool.mark}</Text>
            <View className='manager-tool__text'>
              <Text className='manager-tool__label'>{tool.label}</Text>
              <Text className='manager-tool__hint'>{tool.hint}</Text>
            </View>
          </View>
        ))}
      </View>
      <Screen state={state} onRetry={() => void reload()}>
        {(communities) => (
          <Section title={role === 'hq' ? T.allCommunities : T.myCommunities}>
            {communities.length === 0 && <Empty text={T.noneAssigned} />}
            {communities.map((community) => (
              <View
                key={community.id}
                className='staff-community'
                data-testid='staff-community'
                onClick={() => void Taro.navigateTo({ url: `/packages/manager/community?id=${community.id}` })}
              >
                <View className='staff-community__mark'>
                  <Text className='staff-community__initial'>{Array.from(community.name)[0]}</Text>
                </View>
                <View className='staff-community__body'>
                  <View className='staff-community__line'>
                    <Text className='staff-community__name'>{community.name}</Text>
                    <Text className='tag'>{COMMUNITY_KIND_LABEL[community.kind]}</Text>
                  </View>
                  <Text className='staff-community__meta'>
                    {T.communityMeta(
                      community.memberCount,
                      community.managers.map((m) => m.nickname ?? m.memberNo),
                    )}
                  </Text>
                </View>
                <Text className='staff-community__arrow'>›</Text>
              </View>
            ))}
          </Section>
        )}
      </Screen>
    </View>
  );
}
