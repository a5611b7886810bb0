import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { listMyPosts, listPosts, type PostView } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useRemote } from '../../hooks/use-remote';
import { messageOf } from '../../services/api-client';
import { callAsMember } from '../../services/session';
import { PostCard } from './post-card';
import { approvalPointsText } from './post-text';
import { POST_SUBMITTED } from './events';
import './index.css';

type Tab = 'feed' | 'mine';
const TABS = [
  { value: 'feed', label: '晒单广场' },
  { value: 'mine', label: '我的晒单' },
] as const;
const PAGE_SIZE = 10;

interface PostsData {
  feed: { posts: PostView[]; nextCursor?: string };
  mine: PostView[];
}

/** Approved posts of all members, a page at a time, and the member's own posts with where each stands. */
export default function PostsPage() {
  const opened = useRouter().params;
  const [tab, setTab] = useState<Tab>(opened.tab === 'mine' ? 'mine' : 'feed');
  const [loadingMore, setLoadingMore] = useState(false);
  const { state, reload, set } = useRemote<PostsData>(async () => {
    const [feed, { posts: mine }] = await Promise.all([
      callAsMember(listPosts, { query: { limit: PAGE_SIZE } }),
      callAsMember(listMyPosts),
    ]);
    return { feed, mine };
  });

  // Back from the compose page with a new post: show it under "mine", waiting for review.
  useEffect(() => {
    const submitted = () => {
      setTab('mine');
      void reload();
    };
    Taro.eventCenter.on(POST_SUBMITTED, submitted);
    return () => void Taro.eventCenter.off(POST_SUBMITTED, submitted);
  }, [reload]);

  const loadMore = async (data: PostsData) => {
    if (!data.feed.nextCursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const next = await callAsMember(listPosts, { query: { limit: PAGE_SIZE, cursor: data.feed.nextCursor } });
      set({ ...data, feed: { posts: [...data.feed.posts, ...next.posts], nextCursor: next.nextCursor } });
    } catch (error) {
      await Taro.showToast({ title: messageOf(error), icon: 'none' });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <View className='page posts'>
      <View className='posts__compose' onClick={() => void Taro.navigateTo({ url: '/packages/posts/compose' })}>
        <View className='posts__compose-text'>
          <Text className='posts__compose-title'>晒出你的好物</Text>
          <Text className='posts__compose-hint'>{approvalPointsText(0)}</Text>
        </View>
        <Button size='mini' className='primary-button'>
          去发布
        </Button>
      </View>
      <Tabs tabs={TABS} value={tab} onChange={setTab} />
      <Screen state={state} onRetry={() => void reload()}>
        {(data) =>
          tab === 'feed' ? (
            <Section title='大家在晒'>
              {data.feed.posts.length === 0 && <Empty text='还没有人晒单，来做第一个吧' />}
              {data.feed.posts.map((post) => (
                <PostCard key={post.id} post={post} />
              ))}
              {data.feed.nextCursor ? (
                <Button
                  size='mini'
                  className='posts__more'
                  disabled={loadingMore || undefined}
                  onClick={() => void loadMore(data)}
                >
                  {loadingMore ? '加载中…' : '加载更多'}
                </Button>
              ) : (
                data.feed.posts.length > 0 && <Text className='posts__end'>没有更多了</Text>
              )}
            </Section>
          ) : (
            <Section title='我的晒单'>
              {data.mine.length === 0 && <Empty text='还没有发布过晒单' />}
              {data.mine.map((post) => (
                <PostCard key={post.id} post={post} own />
              ))}
            </Section>
          )
        }
      </Screen>
    </View>
  );
}
