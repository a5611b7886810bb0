import { uploadCover } from './cover-photo';
import { uploadTo } from '../../services/upload';

jest.mock('../../services/upload', () => ({ uploadTo: jest.fn() }));

describe('uploadCover', () => {
  it('posts the picked photo through the upload service to the community’s cover endpoint', async () => {
    const answer = { coverId: 'c'.repeat(32), url: `/api/v1/activity-covers/${'c'.repeat(32)}` };
    (uploadTo as jest.Mock).mockResolvedValue(answer);
    const picked = { path: 'blob:cover', name: 'cover' };
    await expect(uploadCover('a'.repeat(24), picked)).resolves.toEqual(answer);
    const [endpoint, sent] = (uploadTo as jest.Mock).mock.calls[0];
    expect(endpoint).toMatchObject({ method: 'POST', path: `/api/v1/staff/communities/${'a'.repeat(24)}/activity-covers` });
    expect(sent).toBe(picked);
  });
});
