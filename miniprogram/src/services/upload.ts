import Taro from '@tarojs/taro';
import { uploadImage, type ApiErrorBody, type UploadedImage } from '@memberloop/shared';
import { ApiCallError, urlOf } from './api-client';
import { withAccessToken } from './session';

/** A photo the member picked: its temp path, and in H5 the picked file itself. */
export interface PickedPhoto {
  path: string;
  file?: Blob;
}

function parsed(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

/**
 * Sends the photo: WeChat uploads the temp file with Taro.uploadFile. In H5, Taro.uploadFile first reads the photo
 * back through its blob: URL, which the page's Content-Security-Policy (connect-src 'self') blocks and which then
 * never settles; so the picked file is posted directly.
 */
async function send(photo: PickedPhoto, token: string): Promise<{ statusCode: number; data: unknown }> {
  const url = urlOf(uploadImage);
  const authorization = `Bearer ${token}`;
  if (photo.file) {
    const form = new FormData();
    form.append('file', photo.file, 'photo');
    const response = await fetch(url, { method: 'POST', headers: { authorization }, body: form });
    return { statusCode: response.status, data: await response.text() };
  }
  const response = await Taro.uploadFile({ url, filePath: photo.path, name: 'file', header: { authorization }, timeout: 30_000 });
  return { statusCode: response.statusCode, data: response.data };
}

/** Uploads one photo for a post (multipart, field "file") with the member's token, renewing it once if it expired. */
export function uploadPostImage(photo: PickedPhoto): Promise<UploadedImage> {
  return withAccessToken(async (token) => {
    let response: { statusCode: number; data: unknown };
    try {
      response = await send(photo, token);
    } catch {
      throw new ApiCallError('NETWORK_ERROR', '网络连接失败，请检查网络后重试');
    }
    const body = parsed(response.data);
    if (response.statusCode >= 200 && response.statusCode < 300) return body as UploadedImage;
    const error = body as Partial<ApiErrorBody> | undefined;
    throw new ApiCallError(
      error?.code ?? 'INTERNAL_ERROR',
      error?.message ?? '上传失败，请重试',
      response.statusCode,
      error?.details,
    );
  });
}
