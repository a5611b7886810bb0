import Taro from '@tarojs/taro';
import { uploadActivityCover, type UploadedActivityCover } from '@memberloop/shared';
import { uploadTo, type PickedFile } from '../../services/upload';

/** A photo picked for a cover: where to preview it, its size, and (H5) the file itself for the upload. */
export interface PickedCover extends PickedFile {
  size: number;
}

/**
 * A cover photo from the album or the camera: WeChat's media picker (chooseMedia, images only), a file input in a
 * browser (Taro's chooseImage in H5); undefined when the manager closed it.
 */
export async function pickCoverPhoto(): Promise<PickedCover | undefined> {
  try {
    if (process.env.TARO_ENV === 'weapp') {
      const picked = await Taro.chooseMedia({
        count: 1,
        mediaType: ['image'],
        sizeType: ['compressed'],
        sourceType: ['album', 'camera'],
      });
      const file = picked.tempFiles[0];
      return file ? { path: file.tempFilePath, size: file.size, name: 'cover' } : undefined;
    }
    const picked = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
    const file = picked.tempFiles[0];
    if (!file) return undefined;
    const original = (file as { originalFileObj?: unknown }).originalFileObj;
    return { path: file.path, size: file.size, name: 'cover', ...(original instanceof Blob ? { file: original } : {}) };
  } catch {
    return undefined;
  }
}

/** Uploads the cover for an activity of the community (the upload service: the person's token, renewed once). */
export function uploadCover(communityId: string, picked: PickedFile): Promise<UploadedActivityCover> {
  // The upload service posts to an endpoint's path as it is: the community is put in it here.
  const endpoint = {
    ...uploadActivityCover,
    path: uploadActivityCover.path.replace(':communityId', encodeURIComponent(communityId)),
  };
  return uploadTo<UploadedActivityCover>(endpoint, picked);
}
