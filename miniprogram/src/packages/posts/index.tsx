import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useReachBottom, useRouter } from '@tarojs/taro';
import { listMyPosts, listPosts, type PostView, type ResponseOf } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { usePaged, type Paged } from '../../hooks/use-paged';
import { useRemote, type Remote } from '../../hooks/use-remote';
import { callAsMember } from '../../services/session';
import { PostCard } from './post-card';
import { approvalPointsText, POST_TEXT } from './post-text';
import { POST_SUBMITTED } from './events';
import './index.css';

type Tab = 'feed' | 'mine';
const TABS = [
  { value: 'feed', label: POST_TEXT.tabFeed },
  { value: 'mine', label: POST_TEXT.tabMine },
] as const;
const PAGE_SIZE = 10;

type FeedPage = ResponseOf<typeof listPosts>;

/** The feed as a screen shows it: loading or failed until its first page is in, then the posts (kept during a refresh). */
function feedScreen(feed: Paged<PostView, FeedPage>): Remote<PostView[]> {
  if (feed.first !== undefined) return { kind: 'ready', data: feed.items };
  return feed.failure !== undefined ? { kind: 'failed', message: feed.failure } : { kind: 'loading' };
}

/** Approved posts of all members, a page at a time, and the member's own posts with where each stands. */
export default function PostsPage() {
  const opened = useRouter().params;
  const [tab, setTab] = useState<Tab>(opened.tab === 'mine' ? 'mine' : 'feed');
  const feed = usePaged<PostView, FeedPage>({
    fetch: (cursor) => callAsMember(listPosts, { query: { limit: PAGE_SIZE, cursor } }),
    items: (page) => page.posts,
    key: (post) => post.id,
  });
  const mine = useRemote(async () => (await callAsMember(listMyPosts)).posts);
  const { reload: reloadMine } = mine;

  // Back from the compose page with a new post: show it under "mine", waiting for review.
  useEffect(() => {
    const submitted = () => {
      setTab('mine');
      void reloadMine();
    };
    Taro.eventCenter.on(POST_SUBMITTED, submitted);
    return () => void Taro.eventCenter.off(POST_SUBMITTED, submitted);
  }, [reloadMine]);
  // Scrolled to the end of the feed: the next page (ignored while one loads, and after the last).
  useReachBottom(() => {
    if (tab === 'feed' && feed.problem === undefined) void feed.more();
  });

  return (
    <View className='page posts'>
      <View className='posts__compose' onClick={() => void Taro.navigateTo({ url: '/packages/posts/compose' })}>
        <View className='posts__compose-text'>
          <Text className='posts__compose-title'>{POST_TEXT.composeTitle}</Text>
          <Text className='posts__compose-hint'>{approvalPointsText(0)}</Text>
        </View>
        <Button size='mini' className='primary-button'>
          {POST_TEXT.compose}
        </Button>
      </View>
      <Tabs tabs={TABS} value={tab} onChange={setTab} />
      {tab === 'feed' ? (
        <Screen state={feedScreen(feed)} onRetry={() => void feed.refresh()}>
          {(posts) => (
            <Section title={POST_TEXT.feedTitle}>
              {posts.length === 0 && <Empty text={POST_TEXT.noFeed} />}
              {posts.map((post) => (
                <PostCard key={post.id} post={post} />
              ))}
              {!feed.done ? (
                <Button
                  size='mini'
                  className='posts__more'
                  data-testid='posts-more'
                  disabled={feed.loading === 'more' || undefined}
                  onClick={() => void feed.more()}
                >
                  {feed.loading === 'more'
                    ? POST_TEXT.loadingMore
                    : feed.problem !== undefined
                      ? POST_TEXT.retryMore
                      : POST_TEXT.more}
                </Button>
              ) : (
                posts.length > 0 && <Text className='posts__end'>{POST_TEXT.end}</Text>
              )}
            </Section>
          )}
        </Screen>
      ) : (
        <Screen state={mine.state} onRetry={() => void mine.reload()}>
          {(posts) => (
            <Section title={POST_TEXT.mineTitle}>
              {posts.length === 0 && <Empty text={POST_TEXT.noMine} />}
              {posts.map((post) => (
                <PostCard key={post.id} post={post} own />
              ))}
            </Section>
          )}
        </Screen>
      )}
    </View>
  );
}
