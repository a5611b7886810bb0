import Taro from '@tarojs/taro';
import type { EndpointContract } from '@memberloop/shared';
import { ApiCallError, urlOf } from '../../services/api-client';
import { withAccessToken } from '../../services/session';
import type { PickedFile } from '../../services/upload';

/** Files on HQ's device: a CSV to import, a CSV to save. WeChat picks from a chat; a browser from the disk. */
export const CAN_SAVE_FILES = process.env.TARO_ENV === 'h5';

/** A CSV HQ picks: from a WeChat chat in the mini-program, from the disk in a browser; undefined when cancelled. */
export async function pickCsv(): Promise<PickedFile | undefined> {
  if (process.env.TARO_ENV !== 'h5') {
    const picked = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv'] }).catch(() => undefined);
    const file = picked?.tempFiles[0];
    return file ? { path: file.path, name: file.name } : undefined;
  }
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.csv,text/csv';
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      input.remove();
      resolve(file ? { path: file.name, file, name: file.name } : undefined);
    });
    document.body.append(input);
    input.click();
  });
}

/** Saves what a CSV endpoint answers as a file (a browser's download), with HQ's token. */
export function saveCsv(endpoint: EndpointContract, params: Record<string, string>, fileName: string): Promise<void> {
  return withAccessToken(async (token) => {
    const response = await fetch(urlOf(endpoint, { params }), { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new ApiCallError('INTERNAL_ERROR', '下载失败，请重试', response.status);
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
}
