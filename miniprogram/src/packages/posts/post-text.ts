import { POST_APPROVAL_POINTS, type PostView } from '@memberloop/shared';

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
      return { label: '已通过', ...(post.pointsEarned > 0 ? { detail: `已获得 ${post.pointsEarned} 积分` } : {}) };
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

/** Why a draft cannot be sent yet, or undefined when it can. */
export function draftProblem(text: string, photos: DraftPhoto[]): string | undefined {
  const length = Array.from(text.trim()).length;
  if (length < MIN_POST_CHARACTERS) return `再写几个字吧（至少 ${MIN_POST_CHARACTERS} 个字）`;
  if (length > MAX_POST_CHARACTERS) return `最多 ${MAX_POST_CHARACTERS} 个字`;
  if (photos.some((p) => p.status === 'uploading')) return '照片上传中，请稍候';
  if (photos.some((p) => p.status === 'failed')) return '有照片上传失败，点它重试或删掉';
  return undefined;
}

/** What approval pays, as the compose page promises it. */
export function approvalPointsText(photoCount: number): string {
  return photoCount > 0
    ? `审核通过可得 ${POST_APPROVAL_POINTS.withImages} 积分`
    : `审核通过可得 ${POST_APPROVAL_POINTS.text} 积分，带图可得 ${POST_APPROVAL_POINTS.withImages} 积分`;
}
