import { NewPost } from '@memberloop/shared';
import { checkContract } from '../../services/contract-check';
import { MAX_POST_CHARACTERS, MAX_POST_PHOTOS, MIN_POST_CHARACTERS, POST_KIND_LABEL, type DraftPhoto } from './post-text';

/** What is wrong with a draft, field by field, in the member's words: the words, and the photos. */
export interface PostProblems {
  text?: string;
  photos?: string;
}

/** The post the draft would send: its words trimmed, the photos the server has. */
export function postOf(kind: NewPost['kind'], text: string, photos: DraftPhoto[]): NewPost {
  return { kind, text: text.trim(), imageIds: photos.flatMap((p) => (p.status === 'uploaded' ? [p.imageId] : [])) };
}

/**
 * Why a draft cannot be sent yet, each field named in Chinese: the words and photos are checked against the contract
 * the server checks (NewPost), then the photos still on their way or failed (which only the phone knows).
 */
export function postProblems(kind: NewPost['kind'], text: string, photos: DraftPhoto[]): PostProblems {
  const field = `${POST_KIND_LABEL[kind]}内容`;
  const trimmed = text.trim();
  const checked = checkContract(NewPost, postOf(kind, text, photos), {
    text: () =>
      trimmed === ''
        ? `请填写${field}，至少 ${MIN_POST_CHARACTERS} 个字`
        : trimmed.length > MAX_POST_CHARACTERS
          ? `${field}最多 ${MAX_POST_CHARACTERS} 个字`
          : `${field}至少 ${MIN_POST_CHARACTERS} 个字，再写几个字吧`,
    imageIds: (issue) =>
      issue.message === 'a photo appears twice'
        ? '照片有重复，请删掉重复的那张'
        : photos.length > MAX_POST_PHOTOS
          ? `照片最多 ${MAX_POST_PHOTOS} 张`
          : '有照片没有上传成功，请删掉后重新添加',
  });
  const problems: PostProblems = {
    ...(checked.problems.text ? { text: checked.problems.text } : {}),
    ...(checked.problems.imageIds ? { photos: checked.problems.imageIds } : {}),
  };
  if (!problems.photos && photos.some((p) => p.status === 'uploading')) problems.photos = '照片上传中，请稍候';
  if (!problems.photos && photos.some((p) => p.status === 'failed')) problems.photos = '有照片上传失败，点它重试或删掉';
  return problems;
}

/** The first of a draft's problems (the words before the photos), or undefined when it can be sent. */
export function firstProblem(problems: PostProblems): string | undefined {
  return problems.text ?? problems.photos;
}
