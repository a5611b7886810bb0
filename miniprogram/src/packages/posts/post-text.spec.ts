import { approvalPointsText, draftProblem, photoColumns, postStatus, type DraftPhoto } from './post-text';

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
  const uploaded: DraftPhoto = { key: 'a', path: 'blob:a', status: 'uploaded', imageId: 'f'.repeat(32) };
  it('asks for five characters, and waits for every photo to be uploaded', () => {
    expect(draftProblem('好用 ', [])).toBe('再写几个字吧（至少 5 个字）');
    expect(draftProblem('质地很轻薄', [])).toBeUndefined();
    expect(draftProblem('质地很轻薄', [uploaded, { key: 'b', path: 'blob:b', status: 'uploading' }])).toBe('照片上传中，请稍候');
    expect(draftProblem('质地很轻薄', [{ key: 'b', path: 'blob:b', status: 'failed', message: 'x' }])).toBe(
      '有照片上传失败，点它重试或删掉',
    );
    expect(draftProblem('好'.repeat(1001), [])).toBe('最多 1000 个字');
  });

  it('promises the points approval pays, more with photos', () => {
    expect(approvalPointsText(0)).toBe('审核通过可得 20 积分，带图可得 50 积分');
    expect(approvalPointsText(3)).toBe('审核通过可得 50 积分');
  });

  it('lays photos out in one, two or three columns', () => {
    expect([1, 2, 3, 4, 5, 9].map(photoColumns)).toEqual([1, 2, 3, 2, 3, 3]);
  });
});
