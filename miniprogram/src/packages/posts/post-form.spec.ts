import { firstProblem, postOf, postProblems } from './post-form';
import type { DraftPhoto } from './post-text';

const uploaded = (id: string): DraftPhoto => ({ key: id, path: `blob:${id}`, status: 'uploaded', imageId: id.repeat(32) });

describe('postProblems', () => {
  it('passes a draft the server would take', () => {
    expect(postProblems('show', '质地很轻薄', [])).toEqual({});
    expect(postProblems('review', ' 质地很轻薄 ', [uploaded('a')])).toEqual({});
    expect(firstProblem({})).toBeUndefined();
  });

  it('names the words at fault by the post’s kind, as the server’s contract refuses them', () => {
    expect(postProblems('show', '   ', [])).toEqual({ text: '请填写晒单内容，至少 5 个字' });
    expect(postProblems('review', '好用 ', [])).toEqual({ text: '评价内容至少 5 个字，再写几个字吧' });
    expect(postProblems('show', '好'.repeat(1001), [])).toEqual({ text: '晒单内容最多 1000 个字' });
  });

  it('names the photos: too many or one twice (as the contract counts them), then those still uploading or failed', () => {
    const ten = Array.from({ length: 10 }, (_, i) => uploaded('abcdef0123'[i]));
    expect(postProblems('show', '质地很轻薄', ten)).toEqual({ photos: '照片最多 9 张' });
    expect(postProblems('show', '质地很轻薄', [uploaded('a'), { ...uploaded('a'), key: 'b' }])).toEqual({
      photos: '照片有重复，请删掉重复的那张',
    });
    expect(postProblems('show', '质地很轻薄', [uploaded('a'), { key: 'b', path: 'blob:b', status: 'uploading' }])).toEqual({
      photos: '照片上传中，请稍候',
    });
    expect(postProblems('show', '质地很轻薄', [{ key: 'b', path: 'blob:b', status: 'failed', message: 'x' }])).toEqual({
      photos: '有照片上传失败，点它重试或删掉',
    });
  });

  it('puts the words before the photos', () => {
    const problems = postProblems('show', '好', [{ key: 'b', path: 'blob:b', status: 'uploading' }]);
    expect(problems).toEqual({ text: '晒单内容至少 5 个字，再写几个字吧', photos: '照片上传中，请稍候' });
    expect(firstProblem(problems)).toBe('晒单内容至少 5 个字，再写几个字吧');
  });

  it('sends the words trimmed and only the photos the server has', () => {
    expect(postOf('show', ' 质地很轻薄 ', [uploaded('a'), { key: 'b', path: 'blob:b', status: 'uploading' }])).toEqual({
      kind: 'show',
      text: '质地很轻薄',
      imageIds: ['a'.repeat(32)],
    });
  });
});
