import { ApiCallError, messageOf } from './api-client';

describe('messageOf', () => {
  it('never shows a member the API’s English', () => {
    expect(messageOf(new ApiCallError('GROUP_FULL', 'This group is full: open a group of your own.', 409))).toBe(
      '这个团已经满员了，去开一个新团吧',
    );
    // A Chinese name inside an English sentence is still English.
    expect(messageOf(new ApiCallError('OUT_OF_STOCK', '「满199减20」has all been claimed.', 409))).toBe(
      '已经被抢光了，下次早点来',
    );
    expect(messageOf(new ApiCallError('IDEMPOTENCY_KEY_REUSED', 'This key was used for another request.', 422))).toBe(
      '请求重复了，请刷新后再试',
    );
  });

  it('says how many points are needed when there are not enough', () => {
    const short = new ApiCallError('INSUFFICIENT_POINTS', 'Not enough points: 300 needed.', 409, { needed: 300 });
    expect(messageOf(short)).toBe('积分不足，需 300 积分');
    expect(messageOf(new ApiCallError('INSUFFICIENT_POINTS', 'Not enough points.', 409))).toBe('积分不足');
  });

  it('keeps messages already written for members, and lets a page say it its own way', () => {
    expect(messageOf(new ApiCallError('NETWORK_ERROR', '网络连接失败，请检查网络后重试'))).toBe('网络连接失败，请检查网络后重试');
    const full = new ApiCallError('ALREADY_DONE', 'You are already in this group.', 409);
    expect(messageOf(full, { ALREADY_DONE: '你已经在这个团里了' })).toBe('你已经在这个团里了');
    expect(messageOf(new Error('boom'))).toBe('出了点问题，请稍后重试');
  });
});
