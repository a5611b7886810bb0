import { z } from 'zod';
import { defineEndpoint } from './endpoint';

/** Points an approved post pays, once: more when it shows the product in photos. */
export const POST_APPROVAL_POINTS = { text: 20, withImages: 50 } as const;
/** Largest photo a member may upload. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'an id');
export const ImageId = z.string().regex(/^[0-9a-f]{32}$/, 'an image id');

export const UploadedImage = z.object({ imageId: z.string(), url: z.string(), contentType: z.string(), bytes: z.number().int() });
export type UploadedImage = z.infer<typeof UploadedImage>;

export const uploadImage = defineEndpoint({
  method: 'POST',
  path: '/api/v1/me/images',
  rateLimit: { limit: 30, windowSeconds: 60 },
  summary: 'Upload one photo for a post (multipart/form-data, field "file"; JPEG, PNG or WebP up to 2 MB)',
  tag: 'posts',
  auth: 'member',
  successStatus: 201,
  response: UploadedImage,
});

export const ImageParams = z.object({ imageId: ImageId }).strict();
export const getImage = defineEndpoint({
  method: 'GET',
  path: '/api/v1/images/:imageId',
  summary: 'A post photo (its id is unguessable; served with the content type it was uploaded with)',
  tag: 'posts',
  auth: 'public',
  params: ImageParams,
  response: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'image bytes'),
});

export const NewPost = z
  .object({
    /** A review of something bought, or a show-off post (晒单). */
    kind: z.enum(['review', 'show']),
    text: z.string().trim().min(5, 'at least 5 characters').max(1000),
    imageIds: z.array(ImageId).max(9, 'at most 9 photos').default([]),
    /** The community it is posted in; without one it goes to the brand's feed, reviewed by HQ. */
    communityId: objectId.optional(),
  })
  .strict()
  .refine((p) => new Set(p.imageIds).size === p.imageIds.length, { message: 'a photo appears twice', path: ['imageIds'] });
export type NewPost = z.input<typeof NewPost>;

export const PostStatus = z.enum(['pending', 'approved', 'rejected']);
export const PostView = z.object({
  id: z.string(),
  kind: z.enum(['review', 'show']),
  authorName: z.string(),
  authorAvatarUrl: z.string().optional(),
  text: z.string(),
  imageUrls: z.array(z.string()),
  communityId: z.string().optional(),
  status: PostStatus,
  /** Why a manager turned it down (shown to its author). */
  rejectReason: z.string().optional(),
  pointsEarned: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type PostView = z.infer<typeof PostView>;

export const submitPost = defineEndpoint({
  method: 'POST',
  path: '/api/v1/me/posts',
  summary: 'Submit a review or show-off post for approval (send an Idempotency-Key header)',
  rateLimit: { limit: 10, windowSeconds: 60 },
  tag: 'posts',
  auth: 'member',
  body: NewPost,
  successStatus: 201,
  response: PostView.extend({ replayed: z.boolean() }),
});

export const listMyPosts = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/posts',
  summary: 'My posts and where each stands',
  tag: 'posts',
  auth: 'member',
  response: z.object({ posts: z.array(PostView) }),
});

export const FeedQuery = z
  .object({
    communityId: objectId.optional(),
    /** The `nextCursor` of the previous page. */
    cursor: objectId.optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();
export const listPosts = defineEndpoint({
  method: 'GET',
  path: '/api/v1/posts',
  summary: 'Approved posts, newest first, a page at a time',
  tag: 'posts',
  auth: 'member',
  query: FeedQuery,
  response: z.object({ posts: z.array(PostView), nextCursor: z.string().optional() }),
});

export const ReviewQueueQuery = z.object({ status: PostStatus.default('pending') }).strict();
export const listPostsToReview = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/posts',
  summary: 'Posts to review: a manager sees their communities’ posts, HQ all',
  tag: 'manager',
  auth: 'manager',
  query: ReviewQueueQuery,
  response: z.object({ posts: z.array(PostView) }),
});

export const PostParams = z.object({ postId: objectId }).strict();
export const PostDecision = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve') }).strict(),
  z.object({ decision: z.literal('reject'), reason: z.string().trim().min(2).max(100) }).strict(),
]);
export const reviewPost = defineEndpoint({
  method: 'POST',
  path: '/api/v1/staff/posts/:postId/decision',
  summary: 'Approve (pays the author points, once) or reject a post',
  tag: 'manager',
  auth: 'manager',
  params: PostParams,
  body: PostDecision,
  successStatus: 200,
  response: PostView,
});
