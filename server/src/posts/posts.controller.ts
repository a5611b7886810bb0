import { Controller, Headers, Req, Res } from '@nestjs/common';
import {
  getImage,
  listMyPosts,
  listPosts,
  listPostsToReview,
  MAX_IMAGE_BYTES,
  reviewPost,
  submitPost,
  uploadImage,
  type NewPost,
  type PostView,
  type UploadedImage,
} from '@memberloop/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Types } from 'mongoose';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, ContractQuery, Endpoint } from '../common/contract';
import { Idempotent } from '../common/idempotency';
import { AppError } from '../common/errors/app-error';
import { requireIdempotencyKey } from '../common/idempotency-key';
import { PostImagesService } from './post-images.service';
import { PostsService } from './posts.service';
import { readOnePhoto, type MultipartRequest } from '../common/upload/uploaded-photo';

/** Members' posts and photos; managers' review queue. */
@Controller()
export class PostsController {
  constructor(
    private readonly posts: PostsService,
    private readonly images: PostImagesService,
  ) {}

  @Endpoint(uploadImage)
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest & MultipartRequest,
  ): Promise<UploadedImage> {
    const bytes = await readOnePhoto(request, MAX_IMAGE_BYTES);
    const stored = await this.images.store(memberIdOf(principal), bytes);
    return { ...stored, url: `/api/v1/images/${stored.imageId}` };
  }

  @Endpoint(getImage)
  async image(
    @ContractParams() params: { imageId: string },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Uint8Array> {
    const image = await this.images.read(params.imageId);
    reply.header('content-type', image.contentType);
    // Ids are never reused: a photo never changes.
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    return image.bytes;
  }

  @Endpoint(submitPost)
  @Idempotent('posts')
  submit(
    @CurrentPrincipal() principal: Principal,
    @ContractBody() body: NewPost,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<PostView & { replayed: boolean }> {
    return this.posts.submit(memberIdOf(principal), requireIdempotencyKey(key, 'posts'), body);
  }

  @Endpoint(listMyPosts)
  async mine(@CurrentPrincipal() principal: Principal): Promise<{ posts: PostView[] }> {
    return { posts: await this.posts.mine(memberIdOf(principal)) };
  }

  @Endpoint(listPosts)
  feed(@ContractQuery() query: { communityId?: string; cursor?: string; limit: number }) {
    return this.posts.feed(query);
  }

  @Endpoint(listPostsToReview)
  async queue(@CurrentPrincipal() principal: Principal, @ContractQuery() query: { status: 'pending' | 'approved' | 'rejected' }) {
    if (principal.kind !== 'staff') throw new AppError('FORBIDDEN', 'Only community managers and HQ may do this.');
    return { posts: await this.posts.queue(principal, query.status) };
  }

  @Endpoint(reviewPost)
  decide(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { postId: string },
    @ContractBody() body: { decision: 'approve' } | { decision: 'reject'; reason: string },
  ): Promise<PostView> {
    if (principal.kind !== 'staff') throw new AppError('FORBIDDEN', 'Only community managers and HQ may do this.');
    return this.posts.decide(principal, new Types.ObjectId(params.postId), body);
  }
}
