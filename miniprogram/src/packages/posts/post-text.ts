import { POST_APPROVAL_POINTS, quantityText, type PostView } from '@memberloop/shared';

export const POST_KIND_LABEL: Record<PostView['kind'], string> = { show: '晒单', review: '评价' };

/** Where the member's own post stands: 审核中 / 已通过 (+50 积分) / 已拒绝, with the reviewer's reason. */
export function postStatus(post: Pick<PostView, 'status' | 'pointsEarned' | 'rejectReason'>): {
  label: string;
  detail?: string;
} {
  switch (post.status) {
    case 'pending':
      return { label: '审核中', detail: '审核通过后会在广场展示并发放积分' };
    case 'approved':
      return {
        label: '已通过',
        ...(post.pointsEarned > 0 ? { detail: `已获得 ${quantityText(post.pointsEarned, '积分')}` } : {}),
      };
    case 'rejected':
      return { label: '已拒绝', detail: post.rejectReason ? `原因：${post.rejectReason}` : '未通过审核' };
  }
}

/** Columns of a post's photo grid: one large photo, two or four in pairs, otherwise rows of three. */
export function photoColumns(count: number): 1 | 2 | 3 {
  if (count <= 1) return 1;
  return count === 2 || count === 4 ? 2 : 3;
}

export const MIN_POST_CHARACTERS = 5;
export const MAX_POST_CHARACTERS = 1000;
export const MAX_POST_PHOTOS = 9;

/** A photo on the compose page, from when it is picked until the server has it. */
export type DraftPhoto = { key: string; path: string; file?: Blob } & (
  { status: 'uploading' } | { status: 'uploaded'; imageId: string } | { status: 'failed'; message: string }
);

/** What approval pays, as the compose page promises it. */
export function approvalPointsText(photoCount: number): string {
  return photoCount > 0
    ? `审核通过可得 ${quantityText(POST_APPROVAL_POINTS.withImages, '积分')}`
    : `审核通过可得 ${quantityText(POST_APPROVAL_POINTS.text, '积分')}，带图可得 ${quantityText(POST_APPROVAL_POINTS.withImages, '积分')}`;
}

/** The fixed words of the posts screens. */
export const POST_TEXT = {
  tabFeed: '晒单广场',
  tabMine: '我的晒单',
  composeTitle: '晒出你的好物',
  compose: '去发布',
  feedTitle: '大家在晒',
  noFeed: '还没有人晒单，来做第一个吧',
  loadingMore: '加载中…',
  more: '加载更多',
  retryMore: '加载失败，点击重试',
  end: '没有更多了',
  mineTitle: '我的晒单',
  noMine: '还没有发布过晒单',
  showTitle: '晒晒你的好物',
  reviewTitle: '说说使用感受',
  showPlaceholder: `买到了什么好物？分享给大家吧（至少 ${MIN_POST_CHARACTERS} 个字）`,
  reviewPlaceholder: `质地、效果、包装……说说你的感受（至少 ${MIN_POST_CHARACTERS} 个字）`,
  uploading: '上传中…',
  uploadFailed: '上传失败\n点击重试',
  addPhotos: '添加照片',
  submit: '提交审核',
  submitting: '提交中…',
  submitted: '已提交，等待审核',
} as const;

/** Photos left out of a pick for their size: "2 张照片超过 2 MB，已跳过". */
export function oversizeText(count: number, maxBytes: number): string {
  return `${quantityText(count, '张')}照片超过 ${quantityText(Math.round(maxBytes / 1024 / 1024), 'MB')}，已跳过`;
}

/** Characters typed out of those allowed: "12/1000". */
export function characterCountText(count: number): string {
  return `${count}/${MAX_POST_CHARACTERS}`;
}

/** Photos picked out of those allowed, or the invitation to add the first. */
export function photoCountText(count: number): string {
  return count === 0 ? POST_TEXT.addPhotos : `${count}/${MAX_POST_PHOTOS}`;
}
