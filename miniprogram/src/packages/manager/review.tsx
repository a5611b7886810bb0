import { useEffect, useRef, useState } from 'react';
import { Button, Image, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  POST_APPROVAL_POINTS,
  PostDecision,
  listPostsToReview,
  listStaffCommunities,
  reviewPost,
  type PostView,
} from '@memberloop/shared';
import { MemberFace } from '../../components/ProfileCard';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { assetUrl } from '../../services/api-client';
import { checkContract } from '../../services/contract-check';
import { dateTimeText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import { REVIEW_REFUSALS, REVIEW_TEXT as T } from './review-text';
import './manager.css';

type Status = PostView['status'];
const TABS = T.tabs;

interface ReviewData {
  status: Status;
  posts: PostView[];
  communityNames: Map<string, string>;
}

/** One post to decide on: approving pays its author; rejecting needs a reason the author will read. */
function ReviewCard({ post, where, onDecided }: { post: PostView; where: string; onDecided: (post: PostView) => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, run } = useAction();
  const urls = post.imageUrls.map(assetUrl);
  const points = post.imageUrls.length > 0 ? POST_APPROVAL_POINTS.withImages : POST_APPROVAL_POINTS.text;

  // The rejection reason as the server's contract takes it (2 to 100 characters, trimmed).
  const rejection = checkContract(PostDecision, { decision: 'reject', reason }, { reason: T.reasonFault });

  const decide = async (body: { decision: 'approve' } | { decision: 'reject'; reason: string }) => {
    const decided = await run(() => callAsMember(reviewPost, { params: { postId: post.id }, body }), body.decision, {
      success: (result) => (body.decision === 'approve' ? T.approved(result.pointsEarned) : T.rejected),
      refusals: REVIEW_REFUSALS,
    });
    if (decided) onDecided(decided);
  };

  return (
    <View className='review-card' data-testid='review-post'>
      <View className='review-card__head'>
        <MemberFace person={{ nickname: post.authorName }} url={post.authorAvatarUrl} size={64} />
        <View className='review-card__who'>
          <Text className='review-card__author'>{post.authorName}</Text>
          <Text className='review-card__meta'>
            {dateTimeText(post.createdAt)} · {where}
          </Text>
        </View>
        <Text className='tag'>{T.kind[post.kind]}</Text>
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
        <Text className='review-card__reason'>{T.rejectReason(post.rejectReason)}</Text>
      )}
      {post.status === 'approved' && <Text className='review-card__paid'>{T.paid(post.pointsEarned)}</Text>}
      {post.status === 'pending' &&
        (rejecting ? (
          <View className='review-card__reject'>
            <View className='review-card__reasons'>
              {T.quickReasons.map((quick) => (
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
              placeholder={T.reasonPlaceholder}
              value={reason}
              onInput={(event) => setReason(event.detail.value)}
            />
            <View className='review-card__actions'>
              <Button size='mini' onClick={() => setRejecting(false)}>
                {T.back}
              </Button>
              <Button
                size='mini'
                className='staff-actions__danger'
                disabled={busy || !rejection.ok || undefined}
                onClick={() => void decide({ decision: 'reject', reason: reason.trim() })}
              >
                {T.confirmReject}
              </Button>
            </View>
          </View>
        ) : (
          <View className='review-card__actions'>
            <Text className='review-card__points'>{T.pointsOnApproval(points)}</Text>
            <Button size='mini' className='staff-actions__plain' disabled={busy || undefined} onClick={() => setRejecting(true)}>
              {T.reject}
            </Button>
            <Button
              size='mini'
              className='primary-button'
              disabled={busy || undefined}
              onClick={() => void decide({ decision: 'approve' })}
            >
              {T.approve}
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
            {data.posts.length === 0 && <Empty text={data.status === 'pending' ? T.nothingPending : T.nothingHere} />}
            {data.posts.map((post) => (
              <ReviewCard
                key={post.id}
                post={post}
                where={post.communityId ? (data.communityNames.get(post.communityId) ?? T.community) : T.brandPosts}
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
