import { approvalPointsText, characterCountText, oversizeText, photoColumns, photoCountText, postStatus } from './post-text';

describe('post status', () => {
  it('tells the author where their post stands, with the reason when it was turned down', () => {
    expect(postStatus({ status: 'pending', pointsEarned: 0 }).label).toBe('审核中');
    expect(postStatus({ status: 'approved', pointsEarned: 50 })).toEqual({ label: '已通过', detail: '已获得 50 积分' });
    expect(postStatus({ status: 'rejected', pointsEarned: 0, rejectReason: '图片与商品无关' })).toEqual({
      label: '已拒绝',
      detail: '原因：图片与商品无关',
    });
  });
});

describe('compose', () => {
  it('counts the words and photos, and says which photos were too large', () => {
    expect(characterCountText(12)).toBe('12/1000');
    expect(photoCountText(0)).toBe('添加照片');
    expect(photoCountText(3)).toBe('3/9');
    expect(oversizeText(2, 2 * 1024 * 1024)).toBe('2 张照片超过 2 MB，已跳过');
  });

  it('promises the points approval pays, more with photos', () => {
    expect(approvalPointsText(0)).toBe('审核通过可得 20 积分，带图可得 50 积分');
    expect(approvalPointsText(3)).toBe('审核通过可得 50 积分');
  });

  it('lays photos out in one, two or three columns', () => {
    expect([1, 2, 3, 4, 5, 9].map(photoColumns)).toEqual([1, 2, 3, 2, 3, 3]);
  });
});
