import Taro from '@tarojs/taro';
import { forgetSession } from './session';
import { uploadPostImage } from './upload';

const request = Taro.request as jest.Mock;
const uploadFile = Taro.uploadFile as jest.Mock;
const storage = new Map<string, unknown>();
const member = { id: 'a'.repeat(24), memberNo: 'M00000001', isNew: false };
const tokens = (n: number) => ({
  accessToken: `access-${n}`,
  accessTokenExpiresAt: '2030-01-01T00:00:00.000Z',
  refreshToken: `refresh-token-number-${n}`,
  refreshTokenExpiresAt: '2030-01-01T00:00:00.000Z',
});

beforeEach(() => {
  storage.clear();
  request.mockReset();
  uploadFile.mockReset();
  (Taro.getStorageSync as jest.Mock).mockImplementation((key: string) => storage.get(key) ?? '');
  (Taro.setStorageSync as jest.Mock).mockImplementation((key: string, value: unknown) => storage.set(key, value));
  (Taro.removeStorageSync as jest.Mock).mockImplementation((key: string) => storage.delete(key));
  forgetSession();
  storage.set('memberloop.tokens', { ...tokens(1), member });
});

describe('uploadPostImage', () => {
  it('sends the photo as the multipart field "file" with the member’s token, renewing an expired one', async () => {
    const uploaded = { imageId: 'f'.repeat(32), url: `/api/v1/images/${'f'.repeat(32)}`, contentType: 'image/jpeg', bytes: 1200 };
    request.mockResolvedValue({ statusCode: 200, data: tokens(2), header: {} });
    uploadFile
      .mockResolvedValueOnce({ statusCode: 401, data: JSON.stringify({ code: 'TOKEN_EXPIRED', message: 'expired' }) })
      .mockResolvedValueOnce({ statusCode: 201, data: JSON.stringify(uploaded) });
    await expect(uploadPostImage({ path: 'wxfile://tmp_1.jpg' })).resolves.toEqual(uploaded);
    expect(uploadFile.mock.calls.map(([options]) => [options.name, options.filePath, options.header.authorization])).toEqual([
      ['file', 'wxfile://tmp_1.jpg', 'Bearer access-1'],
      ['file', 'wxfile://tmp_1.jpg', 'Bearer access-2'],
    ]);
    expect(uploadFile.mock.calls[0][0].url).toBe('http://api.test/api/v1/me/images');
  });

  it('reports a refused photo with its code, and a lost connection as a network error', async () => {
    uploadFile.mockResolvedValueOnce({
      statusCode: 413,
      data: JSON.stringify({ code: 'PAYLOAD_TOO_LARGE', message: 'The photo is over 2 MB: send a smaller one.' }),
    });
    await expect(uploadPostImage({ path: 'wxfile://tmp_2.jpg' })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      status: 413,
    });
    uploadFile.mockRejectedValueOnce(new Error('offline'));
    await expect(uploadPostImage({ path: 'wxfile://tmp_2.jpg' })).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });

  it('posts the picked file itself in H5, where no temp file can be read back', async () => {
    const uploaded = { imageId: 'e'.repeat(32), url: `/api/v1/images/${'e'.repeat(32)}`, contentType: 'image/png', bytes: 4 };
    const fetchMock = jest.fn(async () => ({ status: 201, text: async () => JSON.stringify(uploaded) }));
    const realFetch = global.fetch;
    global.fetch = fetchMock as unknown as typeof fetch;
    try {
      const file = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
      await expect(uploadPostImage({ path: 'blob:http://app/1', file })).resolves.toEqual(uploaded);
      const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
      expect(url).toBe('http://api.test/api/v1/me/images');
      expect(init.headers).toEqual({ authorization: 'Bearer access-1' });
      expect((init.body as FormData).get('file')).toBeInstanceOf(Blob);
      expect(uploadFile).not.toHaveBeenCalled();
    } finally {
      global.fetch = realFetch;
    }
  });
});
