import Taro from '@tarojs/taro';
import { uploadImage, type ApiErrorBody, type EndpointContract, type UploadedImage } from '@memberloop/shared';
import { ApiCallError, urlOf } from './api-client';
import { withAccessToken } from './session';

/** A file picked on the device (a photo, a CSV): its temp path, and in H5 the picked file itself. */
export interface PickedFile {
  path: string;
  file?: Blob;
  /** The name the server records (an import's file name); "photo" when not given. */
  name?: string;
}
export type PickedPhoto = PickedFile;

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
async function send(url: string, photo: PickedFile, token: string): Promise<{ statusCode: number; data: unknown }> {
  const authorization = `Bearer ${token}`;
  if (photo.file) {
    const form = new FormData();
    form.append('file', photo.file, photo.name ?? 'photo');
    const response = await fetch(url, { method: 'POST', headers: { authorization }, body: form });
    return { statusCode: response.status, data: await response.text() };
  }
  const response = await Taro.uploadFile({ url, filePath: photo.path, name: 'file', header: { authorization }, timeout: 30_000 });
  return { statusCode: response.statusCode, data: response.data };
}

/** Uploads one photo for a post (multipart, field "file") with the member's token, renewing it once if it expired. */
export function uploadPostImage(photo: PickedPhoto): Promise<UploadedImage> {
  return uploadTo<UploadedImage>(uploadImage, photo);
}

/**
 * Uploads one file to a multipart endpoint (field "file") with the signed-in person's token, renewing it once if
 * it expired; the endpoint's answer, or an ApiCallError with the server's code.
 */
export function uploadTo<T>(endpoint: EndpointContract, picked: PickedFile): Promise<T> {
  return withAccessToken(async (token) => {
    let response: { statusCode: number; data: unknown };
    try {
      response = await send(urlOf(endpoint), picked, token);
    } catch {
      throw new ApiCallError('NETWORK_ERROR', '网络连接失败，请检查网络后重试');
    }
    const body = parsed(response.data);
    if (response.statusCode >= 200 && response.statusCode < 300) return body as T;
    const error = body as Partial<ApiErrorBody> | undefined;
    throw new ApiCallError(
      error?.code ?? 'INTERNAL_ERROR',
      error?.message ?? '上传失败，请重试',
      response.statusCode,
      error?.details,
    );
  });
}
