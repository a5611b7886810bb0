import { PostedReview, type ReviewView } from '@memberloop/shared';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs } from '../support/sessions';
import { signedPost } from '../support/signed-request';

describe('product reviews for points', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;

  beforeAll(async () => {
    running = await startApp();
    pos = await running.app.get(IntegrationsService).register('reviews-pos', 'Reviews POS');
  });
  afterAll(async () => {
    await running?.close();
  });

  const shopper = async (name: string, phone: string, orderId: string, skus: string[]) => {
    const session = await loginAs(running, name);
    await running.app.get(MembersService).attachPhone(session.member.id, phone);
    const lines = skus.map((sku) => ({ sku, category: '护肤', quantity: 1, unitPriceFen: 1_000 }));
    const bought = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      { orderId, member: { phone }, channel: 'online', paidAt: new Date().toISOString(), lines, totalFen: 1_000 * skus.length },
      pos,
    );
    expect(bought.status).toBe(200);
    return authorized(running, session.accessToken);
  };
  const review = (sku: string, orderId: string, over: Record<string, unknown> = {}) => ({
    orderId,
    sku,
    rating: 5,
    text: '质地很清爽，吸收快，回购第三次了',
    ...over,
  });

  it('pays for a review of something the member bought, once per order line', async () => {
    const api = await shopper('reviewer-a', '13511110000', 'REV-A', ['SK-1', 'SK-2']);
    const first = await api('/api/v1/me/reviews', { body: review('SK-1', 'REV-A') });
    expect(first.status).toBe(201);
    expect(PostedReview.parse(await first.json())).toMatchObject({
      pointsEarned: 10,
      balance: 30,
      replayed: false,
      overDailyLimit: false,
    });
    const again = PostedReview.parse(await (await api('/api/v1/me/reviews', { body: review('SK-1', 'REV-A') })).json());
    expect(again).toMatchObject({ pointsEarned: 10, balance: 30, replayed: true });
    const photo = await api('/api/v1/me/reviews', {
      body: review('SK-2', 'REV-A', { photoUrls: ['https://img.example.com/1.jpg'] }),
    });
    expect(PostedReview.parse(await photo.json())).toMatchObject({ pointsEarned: 20, balance: 50 });
    const { reviews } = (await (await api('/api/v1/me/reviews')).json()) as { reviews: ReviewView[] };
    expect(reviews.map((r) => r.sku)).toEqual(['SK-2', 'SK-1']);
  });

  it('pays for three reviews a day at most, even when posted at once, and keeps the rest', async () => {
    const skus = ['D-1', 'D-2', 'D-3', 'D-4', 'D-5'];
    const api = await shopper('reviewer-b', '13511112222', 'REV-B', skus);
    const posted = await Promise.all(skus.map((sku) => api('/api/v1/me/reviews', { body: review(sku, 'REV-B') })));
    const results = await Promise.all(posted.map(async (r) => PostedReview.parse(await r.json())));
    expect(results.filter((r) => r.pointsEarned === 10)).toHaveLength(3);
    expect(results.filter((r) => r.overDailyLimit)).toHaveLength(2);
    const { reviews } = (await (await api('/api/v1/me/reviews')).json()) as { reviews: ReviewView[] };
    expect(reviews).toHaveLength(5);
    expect(reviews.reduce((sum, r) => sum + r.pointsEarned, 0)).toBe(30);
  });

  it('refuses reviews of other people’s orders and bad input, writing nothing', async () => {
    await shopper('reviewer-c', '13511113333', 'REV-C', ['SK-9']);
    const other = await shopper('reviewer-d', '13511114444', 'REV-D', ['SK-8']);
    const stolen = await other('/api/v1/me/reviews', { body: review('SK-9', 'REV-C') });
    expect(stolen.status).toBe(404);
    for (const body of [
      review('SK-8', 'REV-D', { text: '好' }),
      review('SK-8', 'REV-D', { rating: 6 }),
      review('SK-8', 'REV-D', { photoUrls: ['javascript:alert(1)'] }),
      review('SK-8', 'REV-D', { points: 1000 }),
    ]) {
      const refused = await other('/api/v1/me/reviews', { body });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    const { reviews } = (await (await other('/api/v1/me/reviews')).json()) as { reviews: ReviewView[] };
    expect(reviews).toEqual([]);
  });
});
