import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { listStaffCommunities } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError } from '../../services/api-client';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { COMMUNITY_KIND_LABEL } from '../../services/community-kind';
import './manager.css';

const TOOLS = [
  { label: '审核晒单', hint: '通过发积分，拒绝写原因', mark: '审', url: '/packages/manager/review' },
  { label: '数据看板', hint: '会员分层与消费趋势', mark: '数', url: '/packages/manager/dashboard' },
];

const HQ_CONSOLE = { label: '总部后台', hint: '员工权限、积分规则、操作记录', mark: '总', url: '/packages/hq/index' };

/** The community manager's desk: the communities they run (all of them for HQ), review and the dashboard. */
export default function ManagerHomePage() {
  const { state, reload } = useRemote(async () => {
    try {
      return (await callAsMember(listStaffCommunities)).communities;
    } catch (error) {
      // A member without a staff role (an old link, a role taken away) is told whose desk this is.
      if (error instanceof ApiCallError && error.code === 'FORBIDDEN')
        throw new ApiCallError('FORBIDDEN', '社群运营台仅限社群运营和总部人员使用', error.status);
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
        <Text className='manager-hero__title'>社群运营台</Text>
        <Text className='manager-hero__hint'>
          {role === 'hq' ? '总部账号 · 可管理全部社群' : '发布活动、现场签到、发券与公告、看会员数据'}
        </Text>
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
          <Section title={role === 'hq' ? '全部社群' : '我管理的社群'}>
            {communities.length === 0 && <Empty text='还没有分配给你的社群，请联系总部' />}
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
                    {community.memberCount} 位成员
                    {community.managers.length > 0 &&
                      ` · 运营 ${community.managers.map((m) => m.nickname ?? m.memberNo).join('、')}`}
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
