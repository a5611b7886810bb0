import { isDuplicateKeyError, retryOnDuplicateKey } from './duplicate-key';

const duplicate = () => Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });

describe('retrying an upsert that lost a race on a unique key', () => {
  it('recognizes E11000 on the error or among a bulk write’s errors', () => {
    expect(isDuplicateKeyError(duplicate())).toBe(true);
    expect(isDuplicateKeyError({ writeErrors: [{ code: 121 }, { code: 11000 }] })).toBe(true);
    expect(isDuplicateKeyError(Object.assign(new Error('WriteConflict'), { code: 112 }))).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
  });

  it('runs the work again after E11000 and answers what the retry answers', async () => {
    const work = jest.fn().mockRejectedValueOnce(duplicate()).mockResolvedValueOnce('updated');
    await expect(retryOnDuplicateKey(work)).resolves.toBe('updated');
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('gives up after the attempts, and never retries other errors', async () => {
    const always = jest.fn().mockRejectedValue(duplicate());
    await expect(retryOnDuplicateKey(always, 3)).rejects.toMatchObject({ code: 11000 });
    expect(always).toHaveBeenCalledTimes(3);
    const other = jest.fn().mockRejectedValue(new Error('network'));
    await expect(retryOnDuplicateKey(other)).rejects.toThrow('network');
    expect(other).toHaveBeenCalledTimes(1);
  });
});
