import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { listCommunities, type CommunityView } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { callAsMember } from '../../services/session';
import { COMMUNITY_KIND_LABEL } from '../../services/community-kind';
import { announcementsPath } from './activity-text';
import { communityMark, COMMUNITY_TEXT, memberCountText } from './community-text';
import { useMembership } from './use-membership';
import './community.css';

/** Every community: what it is, how many belong, joining and leaving; tap one for its activities. */
export default function CommunitiesPage() {
  // One join or leave at a time, the community's button disabled meanwhile.
  const { busy, changing, toggle } = useMembership();
  const { state, reload, set } = useRemote(async () => (await callAsMember(listCommunities)).communities);
  useDidShow(() => {
    if (state.kind === 'ready') void reload();
  });

  const change = async (communities: CommunityView[], community: CommunityView) => {
    const changed = await toggle(community);
    if (changed) set(communities.map((c) => (c.id === changed.id ? changed : c)));
  };

  return (
    <View className='page community'>
      <Screen state={state} onRetry={() => void reload()}>
        {(communities) => (
          <Section
            title={COMMUNITY_TEXT.allCommunities}
            extra={<Text className='community__hint'>{COMMUNITY_TEXT.communitiesHint}</Text>}
          >
            {communities.length === 0 && <Empty text={COMMUNITY_TEXT.noCommunities} />}
            {communities.map((community) => (
              <View
                key={community.id}
                className='community-row'
                data-testid='community'
                onClick={() => void Taro.navigateTo({ url: `/packages/community/index?communityId=${community.id}` })}
              >
                <View className='community-row__mark'>
                  <Text className='community-row__initial'>{communityMark(community)}</Text>
                </View>
                <View className='community-row__body'>
                  <View className='community-row__line'>
                    <Text className='community-row__name'>{community.name}</Text>
                    <Text className='chip chip--closed'>{COMMUNITY_KIND_LABEL[community.kind]}</Text>
                  </View>
                  {community.description !== '' && <Text className='community-row__text'>{community.description}</Text>}
                  <View className='community-row__line'>
                    <Text className='community-row__meta'>{memberCountText(community.memberCount)}</Text>
                    {community.joined && (
                      <Text
                        className='community-row__link'
                        onClick={(event) => {
                          event.stopPropagation();
                          void Taro.navigateTo({ url: announcementsPath(community.id) });
                        }}
                      >
                        {COMMUNITY_TEXT.announcementsShort}
                      </Text>
                    )}
                  </View>
                </View>
                <Button
                  size='mini'
                  className={community.joined ? 'community-row__leave' : 'primary-button'}
                  data-testid='community-membership'
                  disabled={busy || undefined}
                  loading={changing === community.id}
                  onClick={(event) => {
                    event.stopPropagation();
                    void change(communities, community);
                  }}
                >
                  {changing === community.id
                    ? community.joined
                      ? COMMUNITY_TEXT.leaving
                      : COMMUNITY_TEXT.joining
                    : community.joined
                      ? COMMUNITY_TEXT.joinedButton
                      : COMMUNITY_TEXT.joinShort}
                </Button>
              </View>
            ))}
          </Section>
        )}
      </Screen>
    </View>
  );
}
