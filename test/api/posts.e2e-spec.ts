import { MemberHome, type PostView, UploadedImage } from '@memberloop/shared';
import { PostsService } from '../../server/src/posts/posts.service';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

/** The smallest valid PNG: a 1×1 transparent pixel. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('UGC posts: photos, submission, a manager’s approval paying once', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;
  let keys = 0;

  beforeAll(async () => {
    running = await startApp();
    hq = authorized(running, (await loginAsStaff(running, 'posts-hq', 'hq')).accessToken);
  });
  afterAll(async () => {
    await running?.close();
  });

  const session = async (name: string) => (await loginAs(running, name)).accessToken;
  const upload = (token: string, bytes: Buffer, type = 'image/png') => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'photo');
    return fetch(`${running.baseUrl}/api/v1/me/images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
  };
  const submit = (api: ReturnType<typeof authorized>, body: Record<string, unknown>, key = `post-key-${++keys}`) =>
    api('/api/v1/me/posts', { body, headers: { 'idempotency-key': key } });
  const balance = async (api: ReturnType<typeof authorized>) =>
    MemberHome.parse(await (await api('/api/v1/me/home')).json()).points.balance;

  it('stores a photo, serves it back, and takes a post with it once per key', async () => {
    const token = await session('poster-1');
    const api = authorized(running, token);
    const uploaded = await upload(token, PNG);
    expect(uploaded.status).toBe(201);
    const image = UploadedImage.parse(await uploaded.json());
    expect(image).toMatchObject({ contentType: 'image/png', bytes: PNG.length });
    const served = await fetch(`${running.baseUrl}${image.url}`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    const body = { kind: 'show', text: '新买的精华，用了一周皮肤好多了', imageIds: [image.imageId] };
    const first = await submit(api, body, 'post-once-1');
    expect(first.status).toBe(201);
    const post = (await first.json()) as PostView & { replayed: boolean };
    expect(post).toMatchObject({ status: 'pending', replayed: false, imageUrls: [image.url], pointsEarned: 0 });
    expect(await (await submit(api, body, 'post-once-1')).json()).toMatchObject({ id: post.id, replayed: true });
    // The photo now belongs to that post.
    const reused = await submit(api, body);
    expect(reused.status).toBe(400);

    const queue = (await (await hq('/api/v1/staff/posts')).json()) as { posts: PostView[] };
    expect(queue.posts.map((p) => p.id)).toContain(post.id);
  });

  it('pays the author once when approved, however often the approval is sent, and never for a rejected post', async () => {
    const api = authorized(running, await session('poster-2'));
    const post = (await (await submit(api, { kind: 'review', text: '口红颜色很正，很满意' })).json()) as PostView;
    const decide = (body: Record<string, unknown>) => hq(`/api/v1/staff/posts/${post.id}/decision`, { body });
    const approvals = await Promise.all(Array.from({ length: 5 }, () => decide({ decision: 'approve' })));
    expect(approvals.every((r) => r.status === 200)).toBe(true);
    expect(await balance(api)).toBe(20);
    const turned = await decide({ decision: 'reject', reason: '内容不符' });
    expect(turned.status).toBe(409);
    expect(await running.app.get(PostsService).payPending()).toEqual({ paid: 0 });
    expect(await balance(api)).toBe(20);

    const other = (await (await submit(api, { kind: 'show', text: '晒一下今天的战利品' })).json()) as PostView;
    const rejected = await hq(`/api/v1/staff/posts/${other.id}/decision`, {
      body: { decision: 'reject', reason: '图片不清晰' },
    });
    expect(await rejected.json()).toMatchObject({ status: 'rejected', rejectReason: '图片不清晰', pointsEarned: 0 });
    expect(await balance(api)).toBe(20);

    const feed = (await (await api('/api/v1/posts?limit=50')).json()) as { posts: PostView[] };
    expect(feed.posts.map((p) => p.id)).toContain(post.id);
    expect(feed.posts.map((p) => p.id)).not.toContain(other.id);
    const mine = (await (await api('/api/v1/me/posts')).json()) as { posts: PostView[] };
    expect(mine.posts.map((p) => p.status).sort()).toEqual(['approved', 'rejected']);
  });

  it('refuses what is not a photo, a photo too big, someone else’s photo, and members reviewing posts', async () => {
    const token = await session('poster-3');
    const api = authorized(running, token);
    const text = await upload(token, Buffer.from('not a picture at all'), 'image/png');
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const huge = await upload(token, Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024 + 1)]));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const json = await api('/api/v1/me/images', { body: { file: 'x' } });
    expect(json.status).toBe(415);
    expect((await fetch(`${running.baseUrl}/api/v1/images/${'0'.repeat(32)}`)).status).toBe(404);

    const otherToken = await session('poster-4');
    const theirs = UploadedImage.parse(await (await upload(otherToken, PNG)).json());
    const stolen = await submit(api, { kind: 'show', text: '借用别人的图片试试', imageIds: [theirs.imageId] });
    expect(stolen.status).toBe(400);
    const tooMany = await submit(api, {
      kind: 'show',
      text: '十张图片太多了吧',
      imageIds: Array.from({ length: 10 }, (_, i) => i.toString(16).padStart(32, '0')),
    });
    expect(tooMany.status).toBe(400);

    const post = (await (await submit(api, { kind: 'show', text: '普通会员不能审核' })).json()) as PostView;
    expect((await api('/api/v1/staff/posts')).status).toBe(403);
    expect((await api(`/api/v1/staff/posts/${post.id}/decision`, { body: { decision: 'approve' } })).status).toBe(403);
    // A manager of no community sees none of the brand feed's posts and cannot decide them.
    const manager = authorized(
      running,
      (await loginAsStaff(running, 'posts-manager', 'manager', { communityIds: [] })).accessToken,
    );
    expect(((await (await manager('/api/v1/staff/posts')).json()) as { posts: PostView[] }).posts).toEqual([]);
    expect((await manager(`/api/v1/staff/posts/${post.id}/decision`, { body: { decision: 'approve' } })).status).toBe(403);
  });

  it('posts in a community go to that community’s managers, and only its members may post there', async () => {
    const community = (await (await hq('/api/v1/hq/communities', { body: { name: '晒单社群', kind: 'interest' } })).json()) as {
      id: string;
    };
    const other = (await (await hq('/api/v1/hq/communities', { body: { name: '别的社群', kind: 'interest' } })).json()) as {
      id: string;
    };
    const api = authorized(running, await session('poster-community'));
    const outsider = await submit(api, { kind: 'show', text: '还没加入社群就发帖', communityId: community.id });
    expect(outsider.status).toBe(403);
    expect((await api(`/api/v1/communities/${community.id}/membership`, { method: 'POST' })).status).toBeLessThan(300);
    const post = (await (
      await submit(api, { kind: 'show', text: '社群里的第一篇晒单', communityId: community.id })
    ).json()) as PostView;
    expect(post.communityId).toBe(community.id);

    const own = await loginAsStaff(running, 'posts-own-manager', 'manager', { communityIds: [community.id] });
    const stranger = await loginAsStaff(running, 'posts-other-manager', 'manager', { communityIds: [other.id] });
    const theirs = authorized(running, stranger.accessToken);
    expect(((await (await theirs('/api/v1/staff/posts')).json()) as { posts: PostView[] }).posts).toEqual([]);
    expect((await theirs(`/api/v1/staff/posts/${post.id}/decision`, { body: { decision: 'approve' } })).status).toBe(403);
    const mine = authorized(running, own.accessToken);
    expect(((await (await mine('/api/v1/staff/posts')).json()) as { posts: PostView[] }).posts.map((p) => p.id)).toEqual([
      post.id,
    ]);
    expect(await (await mine(`/api/v1/staff/posts/${post.id}/decision`, { body: { decision: 'approve' } })).json()).toMatchObject(
      {
        status: 'approved',
        pointsEarned: 20,
      },
    );
  });
});
