import { useEffect, useRef, useState } from 'react';
import { Button, Image, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { POST_APPROVAL_POINTS, listPostsToReview, listStaffCommunities, reviewPost, type PostView } from '@memberloop/shared';
import { Avatar } from '../../components/Avatar';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useRemote } from '../../hooks/use-remote';
import { assetUrl, messageOf } from '../../services/api-client';
import { dateTimeText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import './manager.css';

type Status = PostView['status'];
const TABS = [
  { value: 'pending', label: '待审核' },
  { value: 'approved', label: '已通过' },
  { value: 'rejected', label: '已拒绝' },
] as const;
const KIND_LABEL: Record<PostView['kind'], string> = { show: '晒单', review: '评价' };
/** Reasons managers give most; any other can be typed. */
const QUICK_REASONS = ['图片与商品无关', '内容过于简单', '含广告或引流', '重复发布'];
const REASON_MIN = 2;

interface ReviewData {
  status: Status;
  posts: PostView[];
  communityNames: Map<string, string>;
}

/** One post to decide on: approving pays its author; rejecting needs a reason the author will read. */
function ReviewCard({ post, where, onDecided }: { post: PostView; where: string; onDecided: (post: PostView) => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const urls = post.imageUrls.map(assetUrl);
  const points = post.imageUrls.length > 0 ? POST_APPROVAL_POINTS.withImages : POST_APPROVAL_POINTS.text;

  const decide = async (body: { decision: 'approve' } | { decision: 'reject'; reason: string }) => {
    setBusy(true);
    try {
      const decided = await callAsMember(reviewPost, { params: { postId: post.id }, body });
      await Taro.showToast({
        title: body.decision === 'approve' ? `已通过，发放 ${decided.pointsEarned} 积分` : '已拒绝',
        icon: 'none',
      });
      onDecided(decided);
    } catch (error) {
      await Taro.showToast({ title: messageOf(error, { CONFLICT: '这条已被其他运营处理' }), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='review-card' data-testid='review-post'>
      <View className='review-card__head'>
        <Avatar name={post.authorName} url={post.authorAvatarUrl} size={64} />
        <View className='review-card__who'>
          <Text className='review-card__author'>{post.authorName}</Text>
          <Text className='review-card__meta'>
            {dateTimeText(post.createdAt)} · {where}
          </Text>
        </View>
        <Text className='tag'>{KIND_LABEL[post.kind]}</Text>
      </View>
      <Text className='review-card__text'>{post.text}</Text>
      {urls.length > 0 && (
        <View className='review-card__photos'>
          {urls.map((url) => (
            <Image
              key={url}
              className='review-card__photo'
              src={url}
              mode='aspectFill'
              onClick={() => void Taro.previewImage({ urls, current: url })}
            />
          ))}
        </View>
      )}
      {post.status === 'rejected' && post.rejectReason && (
        <Text className='review-card__reason'>拒绝原因：{post.rejectReason}</Text>
      )}
      {post.status === 'approved' && <Text className='review-card__paid'>已发放 {post.pointsEarned} 积分</Text>}
      {post.status === 'pending' &&
        (rejecting ? (
          <View className='review-card__reject'>
            <View className='review-card__reasons'>
              {QUICK_REASONS.map((quick) => (
                <Text
                  key={quick}
                  className={`review-card__quick ${reason === quick ? 'review-card__quick--on' : ''}`}
                  onClick={() => setReason(quick)}
                >
                  {quick}
                </Text>
              ))}
            </View>
            <Input
              className='review-card__input'
              maxlength={100}
              placeholder='拒绝原因（作者会看到）'
              value={reason}
              onInput={(event) => setReason(event.detail.value)}
            />
            <View className='review-card__actions'>
              <Button size='mini' onClick={() => setRejecting(false)}>
                返回
              </Button>
              <Button
                size='mini'
                className='staff-actions__danger'
                disabled={busy || reason.trim().length < REASON_MIN || undefined}
                onClick={() => void decide({ decision: 'reject', reason: reason.trim() })}
              >
                确认拒绝
              </Button>
            </View>
          </View>
        ) : (
          <View className='review-card__actions'>
            <Text className='review-card__points'>通过后发放 {points} 积分</Text>
            <Button size='mini' className='staff-actions__plain' disabled={busy || undefined} onClick={() => setRejecting(true)}>
              拒绝
            </Button>
            <Button
              size='mini'
              className='primary-button'
              disabled={busy || undefined}
              onClick={() => void decide({ decision: 'approve' })}
            >
              通过
            </Button>
          </View>
        ))}
    </View>
  );
}

/** Members' posts in the manager's communities (all posts for HQ): pending ones to decide, and the decided ones. */
export default function ReviewPage() {
  const [status, setStatus] = useState<Status>('pending');
  const { state, reload, set } = useRemote<ReviewData>(async () => {
    const [{ posts }, { communities }] = await Promise.all([
      callAsMember(listPostsToReview, { query: { status } }),
      callAsMember(listStaffCommunities),
    ]);
    return { status, posts, communityNames: new Map(communities.map((c) => [c.id, c.name])) };
  });
  const shown = useRef(status);
  useEffect(() => {
    if (shown.current === status) return;
    shown.current = status;
    void reload();
  }, [status, reload]);

  return (
    <View className='page manager'>
      <Tabs tabs={TABS} value={status} onChange={setStatus} />
      <Screen state={state} onRetry={() => void reload()}>
        {(data) => (
          <Section title={TABS.find((t) => t.value === data.status)!.label}>
            {data.posts.length === 0 && (
              <Empty text={data.status === 'pending' ? '没有待审核的晒单，休息一下吧' : '这里还没有内容'} />
            )}
            {data.posts.map((post) => (
              <ReviewCard
                key={post.id}
                post={post}
                where={post.communityId ? (data.communityNames.get(post.communityId) ?? '社群') : '品牌晒单'}
                // A decided post leaves the pending list.
                onDecided={() => set({ ...data, posts: data.posts.filter((p) => p.id !== post.id) })}
              />
            ))}
          </Section>
        )}
      </Screen>
    </View>
  );
}
